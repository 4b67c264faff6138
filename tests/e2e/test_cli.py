#!/usr/bin/env python3
"""The spec's AWS CLI commands (list/describe/list-nodes/update/delete) against the emulator.

The prerequisites are built with boto3; everything about the HyperPod cluster
is then read and changed only through the `aws` command, as the spec shows.
"""

import json
import os
import subprocess
import unittest

import harness
import stack

CLI_TIMEOUT_S = 60


class CliTest(harness.ServerTestCase):
    CLOCK = "instant"

    @classmethod
    def prepare(cls):
        cls.base = stack.build_stack(cls.server)

    def aws(self, *args, expect_ok=True):
        """Runs `aws ... --output json`; returns (exit code, parsed stdout or None, stderr)."""
        cmd = ["aws", "--endpoint-url", self.server.endpoint, "--region", harness.REGION,
               "--output", "json", *args]
        done = subprocess.run(cmd, env=self.server.env(), stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=CLI_TIMEOUT_S)
        if expect_ok:
            self.assertEqual(done.returncode, 0, f"{' '.join(args)} failed:\n{done.stderr}")
        out = json.loads(done.stdout) if done.stdout.strip() else None
        return done.returncode, out, done.stderr

    def new_cluster(self, name):
        """A HyperPod cluster on its own EKS cluster, InService; returns its ARN."""
        own = stack.add_eks_cluster(self.server, self.base)
        sm = self.server.client("sagemaker")
        arn = sm.create_cluster(**stack.hyperpod_request(name, own))["ClusterArn"]
        stack.wait_hyperpod_in_service(self.server, sm, name, timeout_s=30)
        return arn, own

    # ----- read commands -----

    def test_list_describe_and_nodes(self):
        arn, own = self.new_cluster("cli-read")

        _, listed, _ = self.aws("sagemaker", "list-clusters")
        mine = [s for s in listed["ClusterSummaries"] if s["ClusterName"] == "cli-read"]
        self.assertEqual(len(mine), 1, listed)
        self.assertEqual(mine[0]["ClusterArn"], arn)
        self.assertEqual(mine[0]["ClusterStatus"], "InService")
        self.assertIn("CreationTime", mine[0])

        _, described, _ = self.aws("sagemaker", "describe-cluster", "--cluster-name", "cli-read")
        self.assertEqual(described["ClusterArn"], arn)
        self.assertEqual(described["ClusterStatus"], "InService")
        self.assertEqual(described["Orchestrator"], {"Eks": {"ClusterArn": own.eks_cluster_arn}})
        group = described["InstanceGroups"][0]
        self.assertEqual((group["InstanceGroupName"], group["InstanceType"]),
                         ("workers", "ml.g5.xlarge"))
        self.assertEqual((group["CurrentCount"], group["TargetCount"]), (2, 2))
        self.assertEqual(described["VpcConfig"]["Subnets"], own.network.subnet_ids)

        # ClusterName also accepts the ARN.
        _, by_arn, _ = self.aws("sagemaker", "describe-cluster", "--cluster-name", arn)
        self.assertEqual(by_arn["ClusterName"], "cli-read")

        _, nodes, _ = self.aws("sagemaker", "list-cluster-nodes", "--cluster-name", "cli-read")
        summaries = nodes["ClusterNodeSummaries"]
        self.assertEqual(len(summaries), 2, nodes)
        for node in summaries:
            self.assertEqual(node["InstanceGroupName"], "workers")
            self.assertEqual(node["InstanceType"], "ml.g5.xlarge")
            self.assertRegex(node["InstanceId"], r"^i-[a-f0-9]{17}$")
            self.assertEqual(node["InstanceStatus"]["Status"], "Running")
            self.assertIn("LaunchTime", node)

    # ----- delete -----

    def test_delete_makes_it_disappear(self):
        arn, _ = self.new_cluster("cli-delete")
        _, deleted, _ = self.aws("sagemaker", "delete-cluster", "--cluster-name", "cli-delete")
        self.assertEqual(deleted, {"ClusterArn": arn})

        def gone():
            code, _, err = self.aws("sagemaker", "describe-cluster", "--cluster-name",
                                    "cli-delete", expect_ok=False)
            return (code, err) if code != 0 else None

        # Deleting may be visible for a moment even on the instant clock.
        code, err = harness.wait_until(gone, 30, interval_s=0.5, what="the cluster to go")
        self.assertIn("(ResourceNotFound)", err)
        self.assertIn("DescribeCluster", err)

        _, listed, _ = self.aws("sagemaker", "list-clusters")
        self.assertNotIn("cli-delete", [s["ClusterName"] for s in listed["ClusterSummaries"]])
        code, _, err = self.aws("sagemaker", "list-cluster-nodes", "--cluster-name",
                                "cli-delete", expect_ok=False)
        self.assertNotEqual(code, 0)
        self.assertIn("(ResourceNotFound)", err)

    def test_describe_unknown_cluster_fails(self):
        code, out, err = self.aws("sagemaker", "describe-cluster", "--cluster-name",
                                  "no-such-cluster", expect_ok=False)
        self.assertNotEqual(code, 0)
        self.assertIsNone(out)
        self.assertIn("An error occurred (ResourceNotFound) when calling the DescribeCluster "
                      "operation", err)

    # ----- update, as in the spec: --cli-input-json file://update_config.json -----

    def test_update_cluster_from_json_file(self):
        arn, own = self.new_cluster("cli-update")
        group = stack.hyperpod_request("cli-update", own)["InstanceGroups"][0]
        group["InstanceCount"] = 3
        path = os.path.join(self.server.work_dir, "update_config.json")
        with open(path, "w") as f:
            json.dump({"InstanceGroups": [group]}, f)

        _, updated, _ = self.aws("sagemaker", "update-cluster", "--cluster-name", "cli-update",
                                 "--cli-input-json", f"file://{path}")
        self.assertEqual(updated, {"ClusterArn": arn})
        sm = self.server.client("sagemaker")
        stack.wait_hyperpod_in_service(self.server, sm, "cli-update", timeout_s=30)
        def three_running():
            nodes = stack.list_all_nodes(sm, "cli-update")
            return [n["InstanceStatus"]["Status"] for n in nodes] == ["Running"] * 3
        harness.wait_until(three_running, 30, what="three Running nodes")
        _, described, _ = self.aws("sagemaker", "describe-cluster", "--cluster-name", "cli-update")
        self.assertEqual(described["InstanceGroups"][0]["TargetCount"], 3)


if __name__ == "__main__":
    unittest.main()
