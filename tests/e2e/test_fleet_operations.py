#!/usr/bin/env python3
"""What happens to a running HyperPod cluster: hardware faults and automatic recovery, a spot
interruption, scaling through UpdateCluster and the batch node operations, a rolling
software update, on-demand deep health checks, deletion in the middle of an update, and a
restart of the emulator in the middle of a recovery; on a manual clock.

Faults come from the admin API (POST /_hyperpod/faults), as the health-monitoring agent
would report them; everything else goes through boto3.
"""

import unittest

import fleet
from fleet import (LAUNCH, SCRIPT, SHUTDOWN, STRESS, CONNECTIVITY, REBOOT, RECOVERY_DELAY,
                   SPOT_NOTICE, SOFTWARE_UPDATE, CLUSTER_DELETE)

READY = LAUNCH + SCRIPT  # a node without deep health checks runs 10 minutes after launch
GPU_FAULT = "GPU hardware failure detected (NVIDIA XID 79: GPU has fallen off the bus)"
UNKNOWN_ID = "i-0123456789abcdef0"


class OperationsTest(fleet.FleetTestCase):
    EKS_CLUSTERS = 8

    def ready(self, groups, **create_args):
        """A cluster with every node Running; returns (name, minute zero after that)."""
        name, _ = self.create(groups, **create_args)
        self.minutes(READY)
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(set(self.nodes(name).values()), {"Running"})
        return name, self.now()

    def new_lines(self, name, t1, before):
        """Event lines after the first `before` ones, in minutes from t1."""
        return self.event_lines(name, t1)[before:]

    # ----- 4. hardware faults -----

    def test_gpu_faults_with_automatic_recovery(self):
        name, t1 = self.ready([self.group(count=2),
                               self.group("cpu", instance_type="ml.c5.large", count=1)])
        gpus = sorted(i for i, s in self.nodes(name).items()
                      if self.node(name, i)["InstanceGroupName"] == "workers")
        a, b = gpus
        cpu = next(i for i in self.nodes(name) if i not in gpus)
        before = len(self.events(name))

        # gpu-failure: the node is rebooted and keeps its instance id.
        self.fault(type="gpu-failure", cluster=name, nodeId=a)
        self.assertEqual(self.node(name, a)["InstanceStatus"],
                         {"Status": "Failure", "Message": GPU_FAULT})
        self.assertEqual(self.group_view(name)["CurrentCount"], 1)
        self.minutes(RECOVERY_DELAY)
        self.assertEqual(self.nodes(name)[a], "Pending")
        self.minutes(REBOOT - 1)
        self.assertEqual(self.nodes(name)[a], "Pending")
        self.minutes(1)
        self.assertEqual(self.nodes(name), {a: "Running", b: "Running", cpu: "Running"})
        self.assertEqual(self.node(name, a)["InstanceStatus"], {"Status": "Running"})
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(self.new_lines(name, t1, before), [
            (0, "Instance", "Error", "Health monitoring agent detected a fault on EC2 Instance "
             f"{a}: {GPU_FAULT}"),
            (1, "Instance", "Info", f"Rebooting EC2 Instance {a} in Cluster {name} and IG workers"),
            (6, "Instance", "Info", f"EC2 Instance {a} rebooted successfully")])

        # nvlink-failure: the node is replaced by a new instance in the same group.
        self.fault(type="nvlink-failure", cluster=name, nodeId=b)
        self.minutes(RECOVERY_DELAY)
        fresh = [i for i in self.nodes(name) if i not in (a, b, cpu)]
        self.assertEqual(len(fresh), 1)
        c = fresh[0]
        self.assertEqual(self.nodes(name), {a: "Running", b: "ShuttingDown", c: "Pending",
                                            cpu: "Running"})
        self.assertEqual(self.node(name, c)["InstanceGroupName"], "workers")
        self.minutes(SHUTDOWN)
        self.assertNotIn(b, self.nodes(name))
        self.minutes(READY - SHUTDOWN)
        self.assertEqual(self.nodes(name), {a: "Running", c: "Running", cpu: "Running"})
        self.assertEqual(self.group_view(name)["CurrentCount"], 2)
        replaced = self.events(name, NodeId=c)
        self.assertEqual(replaced[0]["Description"], f"Replacing EC2 Instance {b} with {c} in "
                         f"Cluster {name} and IG workers")

        # A node without accelerators is not recovered automatically.
        self.fault(type="health-check-failure", cluster=name, nodeId=cpu)
        self.minutes(30)
        self.assertEqual(self.node(name, cpu)["InstanceStatus"],
                         {"Status": "Failure", "Message": "Instance failed a health check"})
        self.assertEqual(self.group_view(name, "cpu")["CurrentCount"], 0)
        self.assertEqual(self.nodes(name), {a: "Running", c: "Running", cpu: "Failure"})

    def test_gpu_failure_without_node_recovery_then_batch_replace(self):
        name, t1 = self.ready([self.group(count=1)], recovery="None")
        a = self.only_node(name)
        self.fault(type="gpu-failure", cluster=name, nodeId=a)
        before = len(self.events(name))
        self.minutes(30)
        self.assertEqual(self.node(name, a)["InstanceStatus"],
                         {"Status": "Failure", "Message": GPU_FAULT})
        self.assertEqual(len(self.events(name)), before)  # no reboot, no replacement
        self.assertEqual(self.event_lines(name, t1, NodeId=a)[-1], (
            0, "Instance", "Error", "Health monitoring agent detected a fault on EC2 Instance "
            f"{a}: {GPU_FAULT}"))
        answer = self.sm.batch_replace_cluster_nodes(ClusterName=name, NodeIds=[a])
        self.assertEqual((answer["Successful"], answer["Failed"]), ([a], []))
        self.assertEqual(len(self.nodes(name)), 2)
        self.assertEqual(self.nodes(name)[a], "ShuttingDown")
        self.minutes(READY)
        b = self.only_node(name)
        self.assertNotEqual(a, b)
        self.assertEqual(self.nodes(name), {b: "Running"})
        self.assertEqual(self.group_view(name)["CurrentCount"], 1)

    # ----- 5. spot -----

    def test_spot_interruption_replaces_the_node(self):
        spot = self.group(count=1, CapacityRequirements={"Spot": {}})
        name, t1 = self.ready([spot], continuous=True)
        a = self.only_node(name)
        details = self.node(name, a)
        self.assertEqual(details["CapacityType"], "Spot")
        logical = details["NodeLogicalId"]
        before = len(self.events(name))
        self.fault(type="spot-interruption", cluster=name, nodeId=a)
        notice = "Spot instance interruption notice: the instance will be terminated in 2 minutes"
        self.assertEqual(self.node(name, a)["InstanceStatus"],
                         {"Status": "Running", "Message": notice})
        self.minutes(SPOT_NOTICE - 1)
        self.assertEqual(list(self.nodes(name)), [a])
        self.minutes(1)
        b = next(i for i in self.nodes(name) if i != a)
        self.assertEqual(self.nodes(name), {a: "ShuttingDown", b: "Pending"})
        self.minutes(SHUTDOWN + READY)
        self.assertEqual(self.nodes(name), {b: "Running"})
        replacement = self.node(name, b)
        self.assertEqual((replacement["CapacityType"], replacement["NodeLogicalId"]),
                         ("Spot", logical))
        self.assertEqual(self.status(name), "InService")
        lines = self.new_lines(name, t1, before)
        self.assertEqual(lines[:2], [
            (0, "Instance", "Warn", f"Spot interruption notice received for EC2 Instance {a}"),
            (2, "Instance", "Info", f"Replacing EC2 Instance {a} with {b} in Cluster {name} "
             "and IG workers")])
        self.assertIn((4, "Instance", "Info", f"EC2 Instance {a} terminated in Cluster {name} "
                       "and IG workers"), lines)

    # ----- 6. scaling -----

    def test_classic_scaling_through_update_cluster(self):
        name, t1 = self.ready([self.group(count=2)], recovery="None")
        a, b = self.by_zone(name)["us-west-2a"], self.by_zone(name)["us-west-2b"]
        before = len(self.events(name))
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.group(count=3)])
        self.assertEqual(self.status(name), "Updating")
        g = self.group_view(name)
        self.assertEqual((g["Status"], g["CurrentCount"], g["TargetCount"]), ("Updating", 2, 3))
        c = next(i for i in self.nodes(name) if i not in (a, b))
        self.assert_error("ConflictException", f"Cluster {name} is in Updating status; node "
                          "operations need the cluster InService.",
                          self.sm.batch_reboot_cluster_nodes, ClusterName=name, NodeIds=[a])
        self.minutes(READY)
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(self.new_lines(name, t1, before), [
            (0, "Cluster", "Info", f"Cluster {name} update started successfully"),
            (7, "Instance", "Info", f"EC2 Instance {c} successfully provisioned in Cluster "
             f"{name} and IG workers"),
            (10, "Instance", "Info", f"Lifecycle scripts ran successfully on EC2 Instance {c}"),
            (10, "InstanceGroup", "Info", "InstanceGroup workers update completed successfully "
             "with 3 of 3 instances running"),
            (10, "Cluster", "Info", f"Cluster {name} update completed successfully")])

        # Scale down to one: the failed node goes first, then the newest running one.
        self.fault(type="gpu-failure", cluster=name, nodeId=a)
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.group(count=1)])
        self.assertEqual(self.nodes(name), {a: "ShuttingDown", b: "Running", c: "ShuttingDown"})
        self.assertEqual(self.status(name), "Updating")
        self.minutes(SHUTDOWN)
        self.assertEqual(self.nodes(name), {b: "Running"})
        self.assertEqual(self.status(name), "InService")

        # Add a group, then delete it.
        extra = self.group("extra", instance_type="ml.c5.large", count=1)
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.group(count=1), extra])
        self.assertEqual(self.status(name), "Updating")
        self.assertEqual(self.group_view(name, "extra")["Status"], "Creating")
        self.minutes(READY)
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(self.group_view(name, "extra")["Status"], "InService")
        self.sm.update_cluster(ClusterName=name, InstanceGroupsToDelete=["extra"])
        self.assertEqual(self.status(name), "Updating")
        self.assertEqual(self.group_view(name, "extra")["Status"], "Deleting")
        self.minutes(SHUTDOWN)
        self.assertEqual(self.status(name), "InService")
        self.assertEqual([g["InstanceGroupName"] for g in self.describe(name)["InstanceGroups"]],
                         ["workers"])
        self.assertEqual(self.nodes(name), {b: "Running"})
        self.assert_error("ValidationException", "BatchAddClusterNodes is only supported for "
                          "clusters with NodeProvisioningMode set to Continuous.",
                          self.sm.batch_add_cluster_nodes, ClusterName=name, NodesToAdd=[
                              {"InstanceGroupName": "workers", "IncrementTargetCountBy": 1}])

    def test_continuous_scaling_and_batch_node_operations(self):
        name, _ = self.ready([self.group(count=1)], continuous=True)
        a = self.only_node(name)
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.group(count=2)])
        self.assertEqual(self.status(name), "InService")
        g = self.group_view(name)
        self.assertEqual((g["Status"], g["CurrentCount"], g["TargetCount"]), ("InService", 1, 2))
        self.minutes(READY)
        self.assertEqual(len(self.nodes(name)), 2)
        self.assertEqual(self.group_view(name)["CurrentCount"], 2)

        add = dict(ClusterName=name, ClientToken="add-two-workers",
                   NodesToAdd=[{"InstanceGroupName": "workers", "IncrementTargetCountBy": 2}])
        first = self.sm.batch_add_cluster_nodes(**add)
        self.assertEqual(first["Failed"], [])
        logical = [r["NodeLogicalId"] for r in first["Successful"]]
        self.assertEqual([(r["InstanceGroupName"], r["Status"]) for r in first["Successful"]],
                         [("workers", "Pending")] * 2)
        replay = self.sm.batch_add_cluster_nodes(**add)
        self.assertEqual([r["NodeLogicalId"] for r in replay["Successful"]], logical)
        self.assertEqual(self.group_view(name)["TargetCount"], 4)
        self.assertEqual(len(self.nodes(name)), 4)
        pending = self.sm.describe_cluster_node(ClusterName=name,
                                                NodeLogicalId=logical[0])["NodeDetails"]
        self.assertEqual(pending["InstanceStatus"]["Status"], "Pending")
        wrong = self.sm.batch_add_cluster_nodes(ClusterName=name, NodesToAdd=[
            {"InstanceGroupName": "nope", "IncrementTargetCountBy": 1}])
        self.assertEqual((wrong["Successful"], wrong["Failed"]), ([], [{
            "InstanceGroupName": "nope", "ErrorCode": "InstanceGroupNotFound", "FailedCount": 1,
            "Message": "Instance group nope cannot take nodes."}]))

        reboot = self.sm.batch_reboot_cluster_nodes(
            ClusterName=name, NodeIds=[a, pending["InstanceId"], UNKNOWN_ID])
        self.assertEqual(reboot["Successful"], [a])
        self.assertEqual(reboot["Failed"], [
            {"NodeId": pending["InstanceId"], "ErrorCode": "InvalidInstanceStatus",
             "Message": f"Instance {pending['InstanceId']} is Pending; only Running or Failure "
                        "instances can be acted on."},
            {"NodeId": UNKNOWN_ID, "ErrorCode": "InstanceIdNotFound",
             "Message": f"Instance {UNKNOWN_ID} was not found in cluster {name}."}])
        self.assertEqual(self.nodes(name)[a], "Pending")
        self.minutes(REBOOT)
        self.assertEqual(self.nodes(name)[a], "Running")
        self.minutes(READY - REBOOT)
        self.assertEqual(set(self.nodes(name).values()), {"Running"})
        replay = self.sm.batch_add_cluster_nodes(**add)
        self.assertEqual([(r["NodeLogicalId"], r["Status"]) for r in replay["Successful"]],
                         [(lid, "Running") for lid in logical])

        deleted = self.sm.batch_delete_cluster_nodes(ClusterName=name, NodeIds=[a, UNKNOWN_ID])
        self.assertEqual(deleted["Successful"], [a])
        self.assertEqual(deleted["Failed"], [{
            "Code": "NodeIdNotFound", "NodeId": UNKNOWN_ID,
            "Message": f"Node {UNKNOWN_ID} was not found in cluster {name}."}])
        self.assertEqual(self.group_view(name)["TargetCount"], 3)
        self.minutes(SHUTDOWN + READY)
        self.assertEqual(len(self.nodes(name)), 3)
        self.assertNotIn(a, self.nodes(name))
        self.assertEqual(set(self.nodes(name).values()), {"Running"})
        cluster_events = self.events(name, ResourceType="Cluster")
        self.assertEqual(cluster_events[-1]["Description"],
                         f"BatchDeleteClusterNodes removed 1 node(s) from Cluster {name}")

    # ----- 7. software update -----

    def test_rolling_software_update_one_node_at_a_time(self):
        name, t1 = self.ready([self.group(count=3)])
        order = sorted(self.nodes(name))
        before = len(self.events(name))
        self.sm.update_cluster_software(ClusterName=name, DeploymentConfig={
            "RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 1}},
            "WaitIntervalInSeconds": 120})
        wait = 2
        step = SOFTWARE_UPDATE + wait
        end = 3 * SOFTWARE_UPDATE + 2 * wait
        for minute in range(end + 1):
            if minute:
                self.minutes(1)
            updating = [i for i, s in self.nodes(name).items() if s == "SystemUpdating"]
            batch = minute // step
            expected = [order[batch]] if minute < end and minute % step < SOFTWARE_UPDATE else []
            self.assertEqual(updating, expected, f"minute {minute}")
            self.assertEqual(self.status(name), "InService" if minute == end else
                             "SystemUpdating", f"minute {minute}")
        for k, instance_id in enumerate(order):
            self.assertEqual(self.node(name, instance_id)["LastSoftwareUpdateTime"],
                             fleet.utc(t1 + (k * step + SOFTWARE_UPDATE) * 60000))
        expected = [(0, "Cluster", "Info", f"Cluster {name} software update started successfully")]
        for k, instance_id in enumerate(order):
            expected += [(k * step, "Instance", "Info",
                          f"Software update started on EC2 Instance {instance_id}"),
                         (k * step + SOFTWARE_UPDATE, "Instance", "Info",
                          f"Software update completed on EC2 Instance {instance_id}")]
        expected.append((end, "Cluster", "Info",
                         f"Cluster {name} software update completed successfully"))
        self.assertEqual(self.new_lines(name, t1, before), expected)

    # ----- 8. deletion and conflicts -----

    def test_delete_while_updating(self):
        name, _ = self.create([self.group(count=1)])
        self.assert_error("ConflictException", f"Cluster {name} is in Creating status. It can "
                          "be updated only when it is InService.", self.sm.update_cluster,
                          ClusterName=name, InstanceGroups=[self.group(count=2)])
        self.minutes(READY)
        arn = self.describe(name)["ClusterArn"]
        self.sm.update_cluster(ClusterName=name, InstanceGroups=[self.group(count=2)])
        self.assert_error("ConflictException", f"Cluster {name} is in Updating status. It can "
                          "be updated only when it is InService.", self.sm.update_cluster,
                          ClusterName=name, InstanceGroups=[self.group(count=3)])
        self.assertEqual(self.sm.delete_cluster(ClusterName=name)["ClusterArn"], arn)
        self.assertEqual(self.status(name), "Deleting")
        self.assertEqual(set(self.nodes(name).values()), {"ShuttingDown"})
        self.assertEqual(self.sm.delete_cluster(ClusterName=name)["ClusterArn"], arn)
        self.assertEqual(self.events(name)[-1]["Description"],
                         f"Cluster {name} deletion started successfully")
        self.minutes(CLUSTER_DELETE - 1)
        self.assertEqual(self.status(name), "Deleting")
        self.assertEqual(self.nodes(name), {})
        self.minutes(1)
        missing = f"Could not find cluster '{name}'."
        self.assert_error("ResourceNotFound", missing, self.sm.describe_cluster, ClusterName=name)
        self.assert_error("ResourceNotFound", missing, self.sm.list_cluster_nodes,
                          ClusterName=name)
        self.assert_error("ResourceNotFound", missing, self.sm.list_cluster_events,
                          ClusterName=name)
        self.assertEqual(self.sm.list_clusters(NameContains=name)["ClusterSummaries"], [])

    # ----- 9. on-demand deep health checks -----

    def test_start_cluster_health_check_on_a_running_group(self):
        name, t1 = self.ready([self.group(count=2)])
        a, b = sorted(self.nodes(name))
        before = len(self.events(name))
        checks = [{"InstanceGroupName": "workers",
                   "DeepHealthChecks": ["InstanceStress", "InstanceConnectivity"]}]
        arn = self.sm.start_cluster_health_check(ClusterName=name,
                                                 DeepHealthCheckConfigurations=checks)
        self.assertEqual(arn["ClusterArn"], self.describe(name)["ClusterArn"])
        checking = {a: "DeepHealthCheckInProgress", b: "DeepHealthCheckInProgress"}
        self.assertEqual(self.nodes(name), checking)
        self.assertEqual(self.status(name), "InService")
        self.assert_error("ConflictException", "A deep health check is already in progress on "
                          f"cluster {name}.", self.sm.start_cluster_health_check,
                          ClusterName=name, DeepHealthCheckConfigurations=checks)
        self.assert_error("ConflictException", f"Cluster {name} cannot be updated while deep "
                          "health checks are in progress.", self.sm.update_cluster,
                          ClusterName=name, InstanceGroups=[self.group(count=3)])
        self.minutes(STRESS + CONNECTIVITY - 1)
        self.assertEqual(self.nodes(name), checking)
        self.minutes(1)
        self.assertEqual(self.nodes(name), {a: "Running", b: "Running"})
        end = STRESS + CONNECTIVITY
        self.assertEqual(self.new_lines(name, t1, before), [
            (0, "Instance", "Info", f"Deep health checks started on EC2 Instance {a}"),
            (0, "Instance", "Info", f"Deep health checks started on EC2 Instance {b}"),
            (end, "Instance", "Info", f"Deep health checks passed on EC2 Instance {a}"),
            (end, "Instance", "Info", f"Deep health checks passed on EC2 Instance {b}")])

        # One instance, one check.
        self.sm.start_cluster_health_check(ClusterName=name, DeepHealthCheckConfigurations=[
            {"InstanceGroupName": "workers", "InstanceIds": [b],
             "DeepHealthChecks": ["InstanceStress"]}])
        self.assertEqual(self.nodes(name), {a: "Running", b: "DeepHealthCheckInProgress"})
        self.minutes(STRESS)
        self.assertEqual(self.nodes(name), {a: "Running", b: "Running"})


class RestartDuringRecoveryTest(fleet.FleetTestCase):
    """The emulator stops (SIGTERM) while HyperPod is recovering a node, and carries on."""

    EKS_CLUSTERS = 1

    def restart(self):
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        type(self).sm = self.server.client("sagemaker")

    def test_recovery_survives_a_restart(self):
        name, _ = self.create([self.group(count=1)])
        self.minutes(READY)
        a = self.only_node(name)
        t1 = self.now()
        self.fault(type="gpu-failure", cluster=name, nodeId=a)
        self.restart()  # before the reboot starts
        self.assertEqual(self.now(), t1)
        self.assertEqual(self.node(name, a)["InstanceStatus"],
                         {"Status": "Failure", "Message": GPU_FAULT})
        self.minutes(RECOVERY_DELAY)
        self.assertEqual(self.nodes(name), {a: "Pending"})
        self.restart()  # in the middle of the reboot
        self.minutes(REBOOT)
        self.assertEqual(self.nodes(name), {a: "Running"})

        self.fault(type="nvlink-failure", cluster=name, nodeId=a)
        self.minutes(RECOVERY_DELAY)
        b = next(i for i in self.nodes(name) if i != a)
        self.restart()  # the old node shutting down, its replacement launching
        self.assertEqual(self.nodes(name), {a: "ShuttingDown", b: "Pending"})
        self.minutes(READY)
        self.assertEqual(self.nodes(name), {b: "Running"})
        self.assertEqual(self.status(name), "InService")
        self.assertEqual(self.event_lines(name, t1)[-8:], [
            (0, "Instance", "Error", "Health monitoring agent detected a fault on EC2 Instance "
             f"{a}: {GPU_FAULT}"),
            (1, "Instance", "Info", f"Rebooting EC2 Instance {a} in Cluster {name} and IG workers"),
            (6, "Instance", "Info", f"EC2 Instance {a} rebooted successfully"),
            (6, "Instance", "Error", "Health monitoring agent detected a fault on EC2 Instance "
             f"{a}: NVLink failure detected (NVIDIA XID 74)"),
            (7, "Instance", "Info", f"Replacing EC2 Instance {a} with {b} in Cluster {name} and "
             "IG workers"),
            (9, "Instance", "Info", f"EC2 Instance {a} terminated in Cluster {name} and "
             "IG workers"),
            (14, "Instance", "Info", f"EC2 Instance {b} successfully provisioned in Cluster "
             f"{name} and IG workers"),
            (17, "Instance", "Info", f"Lifecycle scripts ran successfully on EC2 Instance {b}")])


if __name__ == "__main__":
    unittest.main()
