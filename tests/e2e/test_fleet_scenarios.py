#!/usr/bin/env python3
"""How a HyperPod cluster comes up, or does not: a clean creation with deep health checks,
lifecycle scripts that are missing, unreadable or broken, and a capacity shortage, each in
classic and continuous provisioning, on a manual clock.

Every assertion is an exact state, count, id, virtual minute or event of the real API
(DescribeCluster, ListClusterNodes, DescribeClusterNode, ListClusterEvents,
DescribeClusterEvent). The operations on running clusters are in test_fleet_operations.py.
"""

import unittest

import fleet
import stack
from fleet import LAUNCH, SCRIPT, SHUTDOWN, STRESS, CONNECTIVITY

P5 = "ml.p5.48xlarge"


class CreationTest(fleet.FleetTestCase):
    EKS_CLUSTERS = 7

    @classmethod
    def prepare(cls):
        super().prepare()
        # The spec's own bucket, holding a valid script the managed policy cannot read.
        cls.s3.create_bucket(Bucket=fleet.SPEC_BUCKET,
                             CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        cls.s3.put_object(Bucket=fleet.SPEC_BUCKET, Key=stack.LIFECYCLE_PREFIX + stack.ON_CREATE,
                          Body=stack.ON_CREATE_SH.encode())

    def set_capacity(self, zone, available):
        self.fault(type="capacity", availabilityZone=zone, instanceType=P5,
                   capacityType="OnDemand", available=available)

    # ----- 1. a clean creation -----

    def test_clean_creation_with_deep_health_checks(self):
        dhc = ["InstanceStress", "InstanceConnectivity"]
        name, t0 = self.create([self.group(count=2, OnStartDeepHealthChecks=dhc)])
        zones = self.by_zone(name)
        a, b = zones["us-west-2a"], zones["us-west-2b"]
        self.assertEqual(self.status(name), "Creating")
        self.assert_group(name, "Creating", current=0, target=2)
        for instance_id in (a, b):
            self.assertEqual(self.node(name, instance_id)["LaunchTime"], fleet.utc(t0))

        # Pending through the EC2 launch and the lifecycle script.
        for minutes, lines in ((LAUNCH - 1, 1), (1, 3), (SCRIPT - 1, 3)):
            self.minutes(minutes)
            self.assertEqual(self.nodes(name), {a: "Pending", b: "Pending"})
            self.assertEqual(len(self.events(name)), lines)
        self.minutes(1)
        checking = {a: "DeepHealthCheckInProgress", b: "DeepHealthCheckInProgress"}
        self.assertEqual(self.nodes(name), checking)
        self.minutes(STRESS + CONNECTIVITY - 1)
        self.assertEqual(self.nodes(name), checking)
        self.assertEqual(self.status(name), "Creating")
        self.assert_group(name, "Creating", current=0, target=2)
        self.minutes(1)
        self.assertEqual(self.nodes(name), {a: "Running", b: "Running"})
        self.assertEqual(self.status(name), "InService")
        self.assert_group(name, "InService", current=2, target=2)

        end = LAUNCH + SCRIPT + STRESS + CONNECTIVITY
        info = lambda minute, kind, text: (minute, kind, "Info", text)  # noqa: E731
        expected = [info(0, "Cluster", f"Cluster {name} creation started successfully")]
        expected += [info(LAUNCH, "Instance", f"EC2 Instance {i} successfully provisioned in "
                          f"Cluster {name} and IG workers") for i in (a, b)]
        for i in (a, b):
            expected += [info(LAUNCH + SCRIPT, "Instance",
                              f"Lifecycle scripts ran successfully on EC2 Instance {i}"),
                         info(LAUNCH + SCRIPT, "Instance",
                              f"Deep health checks started on EC2 Instance {i}")]
        expected += [info(end, "Instance", f"Deep health checks passed on EC2 Instance {i}")
                     for i in (a, b)]
        expected += [info(end, "InstanceGroup", "InstanceGroup workers creation completed "
                          "successfully with 2 of 2 instances running"),
                     info(end, "Cluster", f"Cluster {name} creation completed successfully")]
        self.assertEqual(self.event_lines(name, t0), expected)

        # The filters, and the details behind a summary.
        self.assertEqual([e["Description"] for e in self.events(name, NodeId=b)],
                         [line[3] for line in expected if b in line[3]])
        group_events = self.events(name, ResourceType="InstanceGroup")
        self.assertEqual(len(group_events), 1)
        detail = self.event_detail(name, group_events[0])
        self.assertEqual(detail["EventDetails"]["EventMetadata"],
                         {"InstanceGroupScaling": {"InstanceCount": 2, "TargetCount": 2}})
        self.assertEqual((detail["ClusterName"], detail["InstanceGroupName"]), (name, "workers"))
        newest = self.sm.list_cluster_events(ClusterName=name, MaxResults=1)["Events"]
        self.assertEqual(newest[0]["Description"], expected[-1][3])

    def assert_group(self, name, status, current, target):
        g = self.group_view(name)
        self.assertEqual((g["Status"], g["CurrentCount"], g["TargetCount"]),
                         (status, current, target))

    # ----- 2. lifecycle scripts -----

    def assert_rolls_back(self, name, t0, fail_minute, reason, zones=("us-west-2a",
                                                                     "us-west-2b")):
        """A classic creation that fails at fail_minute: RollingBack, then Failed."""
        by_zone = self.by_zone(name)
        ids = [by_zone[z] for z in zones]
        first = ids[0]
        self.minutes(fail_minute - 1)
        self.assertEqual(self.status(name), "Creating")
        self.minutes(1)
        self.assertEqual(self.status(name), "RollingBack")
        self.assertEqual(self.nodes(name), {i: "ShuttingDown" for i in ids})
        self.assertEqual(self.node(name, first)["InstanceStatus"],
                         {"Status": "ShuttingDown", "Message": reason})
        self.minutes(SHUTDOWN - 1)
        self.assertEqual(self.status(name), "RollingBack")
        self.minutes(1)
        described = self.describe(name)
        self.assertEqual(described["ClusterStatus"], "Failed")
        self.assertEqual(described["FailureMessage"], fleet.classic_failure(first, reason))
        self.assertEqual(described["InstanceGroups"][0]["Status"], "Failed")
        self.assertEqual(described["InstanceGroups"][0]["CurrentCount"], 0)
        self.assertEqual(self.nodes(name), {})

        lines = self.event_lines(name, t0)
        failure_at = lines.index((fail_minute, "Instance", "Error",
                                  f"Failed to provision EC2 Instance in Cluster {name} and "
                                  "IG workers"))
        end = fail_minute + SHUTDOWN
        self.assertEqual(lines[failure_at + 1:], [
            (fail_minute, "Cluster", "Error",
             f"Cluster {name} creation failed; rollback initiated"),
            *[(end, "Instance", "Info", f"EC2 Instance {i} terminated in Cluster {name} and "
               "IG workers") for i in sorted(ids)],
            (end, "Cluster", "Error", f"Cluster {name} rollback completed; the cluster is Failed")])
        events = self.events(name)
        self.assertEqual(events[failure_at]["InstanceId"], first)
        self.assertEqual(self.event_detail(name, events[failure_at])["EventDetails"],
                         {"EventMetadata": {"Instance": {"FailureMessage": reason}}})
        # A Failed cluster can only be deleted.
        self.assert_error("ConflictException", f"Cluster {name} is in Failed status. It can be "
                          "updated only when it is InService.",
                          self.sm.update_cluster, ClusterName=name,
                          InstanceGroups=[self.group(count=1)])
        return lines

    def test_lifecycle_script_object_missing(self):
        name, t0 = self.create([self.group(on_create="missing_on_create.sh")])
        lines = self.assert_rolls_back(name, t0, LAUNCH + SCRIPT, fleet.LIFECYCLE_FAILURE)
        self.assertEqual(lines[0], (0, "Cluster", "Info",
                                    f"Cluster {name} creation started successfully"))
        self.sm.delete_cluster(ClusterName=name)
        self.assertEqual(self.status(name), "Deleting")

    def test_lifecycle_script_in_the_specs_bucket_is_unreadable(self):
        s3_uri = f"s3://{fleet.SPEC_BUCKET}/{stack.LIFECYCLE_PREFIX}"
        body = self.s3.get_object(Bucket=fleet.SPEC_BUCKET,
                                  Key=stack.LIFECYCLE_PREFIX + stack.ON_CREATE)["Body"].read()
        self.assertEqual(body, stack.ON_CREATE_SH.encode())  # it exists; it cannot be read
        name, t0 = self.create([self.group(s3_uri=s3_uri)])
        self.assert_rolls_back(name, t0, LAUNCH + SCRIPT, fleet.LIFECYCLE_FAILURE)

    def test_lifecycle_script_with_a_syntax_error(self):
        name, t0 = self.create([self.group(on_create=fleet.BAD_SYNTAX)])
        self.assert_rolls_back(name, t0, LAUNCH + SCRIPT, fleet.LIFECYCLE_FAILURE)

    def test_continuous_provisioning_retries_a_missing_script(self):
        script = "arrives_late.sh"
        name, t0 = self.create([self.group(count=1, on_create=script)], continuous=True)
        tried = [self.only_node(name)]
        # Launch 7 + script 3, then again after a back-off of 1, 2 and 4 minutes.
        failures = [10, 21, 33]
        for minute in range(1, failures[-1] + 1):
            self.minutes(1)
            self.assertEqual(self.status(name), "Creating")
            if minute in failures:
                fresh = [i for i, s in self.nodes(name).items() if s == "Pending"]
                self.assertEqual(len(fresh), 1)
                self.assertNotIn(fresh[0], tried)
                # The failed instance shows Failure for a minute, then is terminated.
                self.assertEqual(self.nodes(name)[tried[-1]], "Failure")
                tried.append(fresh[0])
            elif minute - 1 in failures:
                self.assertEqual(self.nodes(name)[tried[-2]], "ShuttingDown")
        self.s3.put_object(Bucket=self.bucket, Key=stack.LIFECYCLE_PREFIX + script,
                           Body=stack.ON_CREATE_SH.encode())
        last = tried[-1]
        self.minutes(44 + SCRIPT - 1 - failures[-1])
        self.assertEqual(self.nodes(name), {last: "Pending"})
        self.minutes(1)
        self.assertEqual(self.nodes(name), {last: "Running"})
        described = self.describe(name)
        self.assertEqual(described["ClusterStatus"], "InService")
        self.assertNotIn("FailureMessage", described)
        self.assertEqual(self.node(name, last)["LaunchTime"], fleet.utc(t0 + 33 * 60000))

        errors = [e for e in self.events(name) if e["EventLevel"] == "Error"]
        self.assertEqual([(self.minute_of(t0, e["EventTime"]), e["InstanceId"]) for e in errors],
                         list(zip(failures, tried[:3])))
        for event in errors:
            metadata = self.event_detail(name, event)["EventDetails"]["EventMetadata"]
            self.assertEqual(metadata["Instance"]["FailureMessage"], fleet.LIFECYCLE_FAILURE)
        self.assertEqual(self.event_lines(name, t0)[-2:], [
            (47, "InstanceGroup", "Info",
             "InstanceGroup workers creation completed successfully with 1 of 1 instances running"),
            (47, "Cluster", "Info", f"Cluster {name} creation completed successfully")])

    # ----- 3. capacity -----

    def test_capacity_shortage_rolls_a_classic_creation_back(self):
        self.addCleanup(self.set_capacity, "us-west-2a", 1000)
        self.set_capacity("us-west-2a", 0)
        name, t0 = self.create([self.group(instance_type=P5, count=2)])
        self.assert_rolls_back(name, t0, LAUNCH, fleet.capacity_message(P5))

    def test_capacity_shortage_is_retried_until_capacity_returns(self):
        self.addCleanup(self.set_capacity, "us-west-2a", 1000)
        self.set_capacity("us-west-2a", 0)
        subnet_a = [self.network.subnet_ids[0]]
        name, t0 = self.create([self.group(instance_type=P5, count=1)], continuous=True,
                               subnets=subnet_a)
        tried = [self.only_node(name)]
        failures = [7, 15, 24]  # launch 7, then back-offs of 1, 2 and 4 minutes
        for minute in range(1, 31):
            self.minutes(1)
            self.assertEqual(self.status(name), "Creating")
            if minute in failures:
                self.assertEqual(self.node(name, tried[-1])["InstanceStatus"],
                                 {"Status": "Failure",
                                  "Message": fleet.capacity_message(P5)})
                tried.append(next(i for i, s in self.nodes(name).items() if s == "Pending"))
        self.assertEqual(len(set(tried)), 4)
        self.set_capacity("us-west-2a", 4)
        self.minutes(35 + SCRIPT - 30)
        self.assertEqual(self.nodes(name), {tried[-1]: "Running"})
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(self.node(name, tried[-1])["Placement"]["AvailabilityZone"],
                         "us-west-2a")
        errors = [(self.minute_of(t0, e["EventTime"]), e["InstanceId"])
                  for e in self.events(name) if e["EventLevel"] == "Error"]
        self.assertEqual(errors, list(zip(failures, tried[:3])))


class ClockAndRestartTest(fleet.FleetTestCase):
    """The manual clock steps through every due time inside an advance; tokens outlive restarts."""

    EKS_CLUSTERS = 3

    # The events of test_continuous_provisioning_retries_a_missing_script, taken minute by
    # minute there, come out the same from a single advance.
    def test_one_long_advance_gives_the_same_history_as_many_short_ones(self):
        name, t0 = self.create([self.group(count=1, on_create="never_uploaded.sh")],
                               continuous=True)
        self.server.advance(47 * 60)
        minutes = [(self.minute_of(t0, e["EventTime"]), e["EventLevel"])
                   for e in self.events(name, ResourceType="Instance")]
        self.assertEqual(minutes, [(7, "Info"), (10, "Error"), (13, "Info"), (18, "Info"),
                                   (21, "Error"), (24, "Info"), (30, "Info"), (33, "Error"),
                                   (36, "Info"), (44, "Info"), (47, "Error")])

    # A transition scheduled for "now" by another one (the next software-update batch when
    # WaitIntervalInSeconds is 0) runs inside the same step.
    def test_zero_wait_interval_starts_the_next_batch_at_once(self):
        name, _ = self.create([self.group(count=2)])
        self.minutes(LAUNCH + SCRIPT)
        first, second = sorted(self.nodes(name))
        self.sm.update_cluster_software(ClusterName=name, DeploymentConfig={
            "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}},
            "WaitIntervalInSeconds": 0})
        self.minutes(fleet.SOFTWARE_UPDATE)
        self.assertEqual(self.nodes(name), {first: "Running", second: "SystemUpdating"})

    # A BatchAddClusterNodes retried after a restart adds nothing a second time.
    def test_client_token_survives_a_restart(self):
        name, _ = self.create([self.group(count=1)], continuous=True)
        self.minutes(LAUNCH + SCRIPT)
        add = dict(ClusterName=name, ClientToken="retried-after-restart",
                   NodesToAdd=[{"InstanceGroupName": "workers", "IncrementTargetCountBy": 1}])
        first = self.sm.batch_add_cluster_nodes(**add)["Successful"]
        self.server.restart()
        type(self).sm = self.server.client("sagemaker")
        again = self.sm.batch_add_cluster_nodes(**add)["Successful"]
        self.assertEqual((len(self.nodes(name)), self.group_view(name)["TargetCount"]), (2, 2))
        self.assertEqual([r["NodeLogicalId"] for r in again],
                         [r["NodeLogicalId"] for r in first])


if __name__ == "__main__":
    unittest.main()
