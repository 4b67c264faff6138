#!/usr/bin/env python3
"""MinInstanceCount under continuous provisioning: a group is Creating (new) or Updating
(existing, given a new minimum) until that many nodes run; after three hours without getting
there it rolls back (a new group to 0, an existing one to its last InService counts) and is
InService again. Each new minimum restarts the three hours, and a restart of the emulator
keeps the deadline. On a manual clock, with capacity limited through the admin API.
"""

import unittest

import fleet
from fleet import LAUNCH, SCRIPT, SHUTDOWN

READY = LAUNCH + SCRIPT
DEADLINE = 180  # minutes
# Each test has its own instance type, so that the nodes of one do not hold another's capacity.
TYPES = iter(["ml.g5.xlarge", "ml.g5.2xlarge", "ml.g5.4xlarge", "ml.g5.8xlarge", "ml.g5.12xlarge"])
ROLLBACK = "did not reach its minimum capacity within 3 hours; rollback initiated"


class MinimumCountTest(fleet.FleetTestCase):
    EKS_CLUSTERS = 4

    def setUp(self):
        # Zone a holds 3 instances of the test's type; every cluster here lives in zone a only.
        self.type = next(TYPES)
        self.fault(type="capacity", availabilityZone="us-west-2a", instanceType=self.type,
                   capacityType="OnDemand", available=3)

    def workers(self, count, minimum):
        return self.group(instance_type=self.type, count=count, MinInstanceCount=minimum)

    def create_in_zone_a(self, count, minimum):
        return self.create([self.workers(count, minimum)], continuous=True,
                           subnets=[self.network.subnet_ids[0]])

    def running(self, name):
        return sorted(i for i, s in self.nodes(name).items() if s == "Running")

    def rollback_events(self, name, t0):
        return [(minute, level) for minute, kind, level, text in self.event_lines(name, t0)
                if kind == "InstanceGroup" and ROLLBACK in text]

    def test_a_new_group_short_of_its_minimum_rolls_back_to_zero(self):
        name, t0 = self.create_in_zone_a(count=5, minimum=4)
        self.minutes(READY)
        self.assertEqual(self.group_view(name)["Status"], "Creating")
        self.assertEqual(len(self.running(name)), 3)
        self.server.advance((DEADLINE - READY - 1) * 60)
        self.assertEqual((self.status(name), self.group_view(name)["Status"]),
                         ("Creating", "Creating"))
        self.minutes(1)
        view = self.group_view(name)
        self.assertEqual((view["Status"], view["TargetCount"]), ("InService", 0))
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(set(self.nodes(name).values()), {"ShuttingDown"})
        self.minutes(SHUTDOWN)
        self.assertEqual((self.nodes(name), self.group_view(name)["CurrentCount"]), ({}, 0))
        self.assertEqual(self.rollback_events(name, t0), [(DEADLINE, "Warn")])

    def test_an_existing_group_returns_to_its_last_in_service_counts(self):
        name, t0 = self.create_in_zone_a(count=2, minimum=2)
        self.minutes(READY)
        self.assertEqual(self.group_view(name)["Status"], "InService")
        first = self.running(name)
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.workers(5, 5)])
        t1 = self.now()
        self.assertEqual(self.group_view(name)["Status"], "Updating")
        self.minutes(READY)
        self.assertEqual(len(self.running(name)), 3)  # one more fit in the zone
        self.server.advance((DEADLINE - READY) * 60)
        view = self.group_view(name)
        self.assertEqual((view["Status"], view["TargetCount"]), ("InService", 2))
        self.minutes(SHUTDOWN)
        # The newest Running node and the ones that never launched are gone.
        self.assertEqual(self.running(name), first)
        self.assertEqual(len(self.nodes(name)), 2)
        self.assertEqual(self.rollback_events(name, t1), [(DEADLINE, "Warn")])
        self.assertEqual(self.rollback_events(name, t0), [(DEADLINE + READY, "Warn")])

    def test_a_new_minimum_restarts_the_three_hours(self):
        name, _ = self.create_in_zone_a(count=2, minimum=2)
        self.minutes(READY)
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.workers(5, 5)])
        t1 = self.now()
        self.server.advance(120 * 60)
        self.assertEqual(self.group_view(name)["Status"], "Updating")
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.workers(5, 4)])
        self.server.advance((DEADLINE - 120) * 60)
        self.assertEqual(self.group_view(name)["Status"], "Updating")  # not at minute 180
        self.server.advance(120 * 60)
        view = self.group_view(name)
        self.assertEqual((view["Status"], view["TargetCount"]), ("InService", 2))
        self.assertEqual(self.rollback_events(name, t1), [(120 + DEADLINE, "Warn")])

    def test_the_deadline_survives_a_restart(self):
        name, t0 = self.create_in_zone_a(count=4, minimum=4)
        self.server.advance(60 * 60)
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        type(self).sm = self.server.client("sagemaker")
        self.assertEqual(self.group_view(name)["Status"], "Creating")
        self.server.advance((DEADLINE - 60) * 60)
        self.assertEqual(self.group_view(name)["Status"], "InService")
        self.assertEqual(self.rollback_events(name, t0), [(DEADLINE, "Warn")])


if __name__ == "__main__":
    unittest.main()
