#!/usr/bin/env python3
"""hpctl, as a user runs it: validate the examples and the spec's mistakes offline, then plan,
apply, re-apply, change, interrupt and resume, status and destroy against a running emulator,
checking what it did with boto3. Credentials and region are checked on the wire through a
recording proxy, since the emulator accepts any key.
"""

import os
import signal
import time
import unittest

import botocore.exceptions

import harness
import hpctl_run
from hpctl_run import run

SPEC = hpctl_run.SPEC_EXAMPLE
SPEC_CLUSTER = "my-hyperpod-cluster"
SPEC_EKS = "my-hyperpod-eks-cluster"
SPEC_ROLES = ("MyEKSClusterRole", "MyHyperPodExecutionRole")
SPEC_BUCKET = "sagemaker-my-hyperpod-scripts-bucket"
SPEC_STACK = "hyperpod-eks-demo"
SPEC_RESOURCES = 11  # 2 roles, VPC, 2 subnets, group, bucket, scripts, EKS, vpc-cni, HyperPod
P4D_QUOTA = "ml.p4d.24xlarge for cluster usage"


def offline_env():
    """No endpoint and no credentials: validate must not need either."""
    return {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}


# ===== offline: help, validate ============================================================

class HelpTest(unittest.TestCase):

    def test_help_on_every_command(self):
        top = run(["--help"], offline_env())
        self.assertEqual(top.code, 0, top)
        for command in ("validate", "plan", "apply", "destroy", "status"):
            self.assertIn(command, top.stdout)
            sub = run([command, "--help"], offline_env())
            self.assertEqual(sub.code, 0, sub)
            self.assertIn("--output", sub.stdout, command)
            self.assertIn("Exit codes", sub.stdout, command)
        self.assertIn("--endpoint-url", run(["apply", "--help"], offline_env()).stdout)
        self.assertIn("--cluster", run(["status", "--help"], offline_env()).stdout)
        self.assertIn("--detailed-exitcode", run(["plan", "--help"], offline_env()).stdout)

    def test_bad_command_lines_exit_2(self):
        for args in ([], ["deploy"], ["apply"], ["plan", "-f", "x.yaml", "--output", "xml"],
                     ["status"]):
            result = run(args, offline_env())
            self.assertEqual(result.code, hpctl_run.EXIT_USAGE, result)


class ValidateTest(unittest.TestCase):
    """validate on each example, and on each mistake of the spec's examples written into a
    stack file: file:line:column of the value, a hint, exit 3, and JSON that says the same."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = hpctl_run.Scratch()

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_every_example_is_valid(self):
        for name in hpctl_run.STACK_EXAMPLES:
            path = os.path.join(hpctl_run.EXAMPLES, name)
            text = run(["validate", "-f", path], offline_env())
            self.assertEqual(text.code, 0, text)
            self.assertIn("0 errors", text.stdout)
            as_json = run(["validate", "-f", path, "-o", "json"], offline_env())
            self.assertEqual(as_json.code, 0, as_json)
            self.assertTrue(as_json.json()["valid"], name)

    def assert_finding(self, example, old, new, needle, message, hint=None):
        """Writes the example with one mistake; validate must report `message` at the
        position of `needle` in the mistake (`new`)."""
        name = f"mistake-{len(os.listdir(self.scratch.dir))}.yaml"
        path, text = self.scratch.variant(example, name, old, new)
        line, column = hpctl_run.position(text, new, needle)

        result = run(["validate", "-f", path], offline_env())
        self.assertEqual(result.code, hpctl_run.EXIT_INVALID_STACK, result)
        lines = result.stdout.splitlines()
        at = f"{path}:{line}:{column}: error: "
        found = [i for i, l in enumerate(lines) if l.startswith(at) and message in l]
        self.assertTrue(found, f"no finding {message!r} at {at}\n{result}")
        if hint:
            following = lines[found[0] + 1] if found[0] + 1 < len(lines) else ""
            self.assertIn("hint:", following)
            self.assertIn(hint, following)

        as_json = run(["validate", "-f", path, "--output", "json"], offline_env())
        self.assertEqual(as_json.code, hpctl_run.EXIT_INVALID_STACK, as_json)
        report = as_json.json()
        self.assertFalse(report["valid"])
        self.assertIn({"line": line, "column": column, "severity": "error"},
                      [{k: f[k] for k in ("line", "column", "severity")}
                       for f in report["findings"] if message in f["message"]])

    def test_eks_version_1_3(self):
        # The spec's first EKS example: version='1.3'.
        self.assert_finding(SPEC, "version: '1.33'", "version: '1.3'", "'1.3'",
                            "unsupported Kubernetes version '1.3'", hint="1.30")

    def test_kubernetes_1_34_for_hyperpod(self):
        # The spec's main() builds its EKS cluster on 1.34, which HyperPod does not support.
        self.assert_finding(SPEC, "version: '1.33'", "version: '1.34'", "'1.34'",
                            "does not support Kubernetes 1.34")

    def test_autoscaling_mode_enabled(self):
        self.assert_finding("karpenter-autoscaling.yaml", "Mode: Enable\n", "Mode: Enabled\n",
                            "Enabled", "'Enabled' is not an allowed value",
                            hint="did you mean 'Enable'?")

    def test_kubernetes_config_under_orchestrator_eks(self):
        self.assert_finding(
            SPEC, "        ClusterArn: ${eks.arn}\n",
            "        ClusterArn: ${eks.arn}\n        KubernetesConfig:\n"
            "          Labels: {environment: production}\n",
            "KubernetesConfig", "unknown field 'KubernetesConfig'",
            hint="InstanceGroups[].KubernetesConfig")

    def test_mig_all_3g_40gb_on_p4d(self):
        self.assert_finding("mig.yaml", "nvidia.com/mig.config: all-1g.5gb",
                            "nvidia.com/mig.config: all-3g.40gb", "all-3g.40gb",
                            "'all-3g.40gb' does not exist on ml.p4d.24xlarge", hint="3g.20gb")

    def test_spot_without_continuous_provisioning(self):
        # The spec's Spot group, in a cluster that keeps the default provisioning mode.
        self.assert_finding("spot.yaml", "    NodeProvisioningMode: Continuous\n", "",
                            "CapacityRequirements:",
                            "spot instance groups need continuous provisioning",
                            hint="NodeProvisioningMode: Continuous")

    def test_spec_placeholder_ids(self):
        # The spec's first HyperPod example uses placeholder ids: subnet-xxx, sg-xxx and a
        # ClusterRole in account 'xxx'. Each is reported at the item written.
        text = self.scratch.example_text(SPEC)
        start, end = text.index("network:\n"), text.index("lifecycleScripts:")
        text = (text[:start] + "network:\n  subnetIds: [subnet-xxx, subnet-yyy]\n"
                "  securityGroupIds: [sg-xxx]\n\n" + text[end:])
        path = self.scratch.write("placeholders.yaml", text)
        result = run(["validate", "-f", path], offline_env())
        self.assertEqual(result.code, hpctl_run.EXIT_INVALID_STACK, result)
        for needle, message in (("subnet-xxx", "'subnet-xxx' is not a subnet id"),
                                ("subnet-yyy", "'subnet-yyy' is not a subnet id"),
                                ("sg-xxx", "'sg-xxx' is not a security group id")):
            line, column = hpctl_run.position(text, needle)
            self.assertIn(f"{path}:{line}:{column}: error: ", result.stdout)
            self.assertIn(message, result.stdout)

        self.assert_finding("karpenter-autoscaling.yaml",
                            "ClusterRole: ${iam.roles.autoscaling.arn}",
                            "ClusterRole: arn:aws:iam::xxx:role/autoscaling-role",
                            "arn:aws:iam::xxx", "must satisfy regular expression pattern")

    def test_model_constraint_at_its_value(self):
        self.assert_finding(SPEC, "InstanceCount: 2", "InstanceCount: 7000", "7000",
                            "'7000' must have value less than or equal to 6758")

    def test_spec_bucket_name_is_a_warning(self):
        # The spec's bucket is not sagemaker-*: the managed policy does not let nodes read it.
        # Valid (an inline policy could allow it), so a warning at the value and exit 0.
        path, text = self.scratch.variant(SPEC, "bucket.yaml", f"bucket: {SPEC_BUCKET}",
                                          "bucket: my-hyperpod-scripts-bucket")
        line, column = hpctl_run.position(text, "bucket: my-", "my-")
        result = run(["validate", "-f", path], offline_env())
        self.assertEqual(result.code, 0, result)
        self.assertIn(f"{path}:{line}:{column}: warning: ", result.stdout)
        self.assertIn("AmazonSageMakerClusterInstanceRolePolicy", result.stdout)

    def test_yaml_syntax_and_missing_file(self):
        path = self.scratch.write("broken.yaml", "stack: x\niam:\n  roles: [a\n")
        result = run(["validate", "-f", path], offline_env())
        self.assertEqual(result.code, hpctl_run.EXIT_INVALID_STACK, result)
        self.assertRegex(result.stdout, rf"{path}:\d+:\d+: error: ")
        missing = run(["validate", "-f", os.path.join(self.scratch.dir, "none.yaml")],
                      offline_env())
        self.assertEqual(missing.code, hpctl_run.EXIT_INVALID_STACK, missing)
        self.assertIn("cannot read stack file", missing.stderr)


# ===== against the emulator ===============================================================

class HpctlServerTestCase(harness.ServerTestCase):

    @classmethod
    def prepare(cls):
        cls.scratch = hpctl_run.Scratch()
        cls.spec_path = os.path.join(hpctl_run.EXAMPLES, SPEC)
        cls.sm = cls.server.client("sagemaker")

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "scratch", None):
            cls.scratch.cleanup()
        super().tearDownClass()

    def hpctl(self, *args, expect=0):
        result = run(list(args), self.server.env())
        if expect is not None:
            self.assertEqual(result.code, expect, result)
        return result

    def cluster(self, name=SPEC_CLUSTER):
        return self.sm.describe_cluster(ClusterName=name)

    def running_nodes(self, name=SPEC_CLUSTER):
        nodes = self.sm.list_cluster_nodes(ClusterName=name)["ClusterNodeSummaries"]
        return [n for n in nodes if n["InstanceStatus"]["Status"] == "Running"]


class LifecycleTest(HpctlServerTestCase):
    """The spec's example from an empty account to nothing again, in order (instant clock)."""

    CLOCK = "instant"

    def plan_json(self, path):
        report = self.hpctl("plan", "-f", path, "-o", "json").json()
        return {(c["kind"], c["name"]): c for c in report["changes"]}, report["summary"]

    def test_1_plan_on_an_empty_account_creates_everything(self):
        changes, summary = self.plan_json(self.spec_path)
        self.assertEqual(summary, {"create": SPEC_RESOURCES, "update": 0, "delete": 0,
                                   "unchanged": 0})
        self.assertEqual({c["action"] for c in changes.values()}, {"create"})
        self.assertIn(("hyperpod-cluster", SPEC_CLUSTER), changes)
        text = self.hpctl("plan", "-f", self.spec_path)
        self.assertIn(f"+ hyperpod-cluster {SPEC_CLUSTER}", text.stdout)
        self.assertIn(f"Plan: {SPEC_RESOURCES} to create, 0 to update", text.stdout)
        self.hpctl("plan", "-f", self.spec_path, "--detailed-exitcode",
                   expect=hpctl_run.EXIT_CHANGES_PENDING)

    def test_2_apply_reaches_in_service(self):
        result = self.hpctl("apply", "-f", self.spec_path, "--poll-interval", "0.1",
                            "-o", "json")
        report = result.json()
        self.assertEqual(report["result"], "complete")
        self.assertEqual(report["summary"]["create"], SPEC_RESOURCES)

        cluster = self.cluster()
        self.assertEqual(cluster["ClusterStatus"], "InService")
        self.assertEqual(len(self.running_nodes()), 2)
        group = cluster["InstanceGroups"][0]
        self.assertEqual((group["InstanceGroupName"], group["CurrentCount"]),
                         ("worker-group-gpu", 2))
        self.assertEqual(cluster["NodeRecovery"], "Automatic")
        eks = self.server.client("eks").describe_cluster(name=SPEC_EKS)["cluster"]
        self.assertEqual((eks["status"], eks["version"]), ("ACTIVE", "1.33"))
        self.assertEqual(cluster["Orchestrator"]["Eks"]["ClusterArn"], eks["arn"])
        self.assertEqual(sorted(cluster["VpcConfig"]["Subnets"]),
                         sorted(eks["resourcesVpcConfig"]["subnetIds"]))
        addon = self.server.client("eks").describe_addon(clusterName=SPEC_EKS,
                                                         addonName="vpc-cni")["addon"]
        self.assertEqual(addon["addonVersion"], "v1.19.6-eksbuild.7")
        iam = self.server.client("iam")
        for role in SPEC_ROLES:
            iam.get_role(RoleName=role)
        keys = [o["Key"] for o in self.server.client("s3").list_objects_v2(
            Bucket=SPEC_BUCKET)["Contents"]]
        self.assertEqual(keys, ["lifecycle-scripts/on_create.sh"])
        tags = {t["Key"]: t["Value"] for t in self.sm.list_tags(
            ResourceArn=cluster["ClusterArn"])["Tags"]}
        self.assertEqual(tags["hpctl:stack"], SPEC_STACK)
        self.assertEqual(tags["Environment"], "Production")

    def test_3_reapply_does_nothing(self):
        self.hpctl("plan", "-f", self.spec_path, "--detailed-exitcode")
        changes, summary = self.plan_json(self.spec_path)
        self.assertEqual(summary["unchanged"], SPEC_RESOURCES, changes)
        before = self.cluster()
        result = self.hpctl("apply", "-f", self.spec_path, "--poll-interval", "0.1")
        self.assertIn("No changes", result.stdout)
        self.assertIn(f"= hyperpod-cluster {SPEC_CLUSTER} (InService)", result.stdout)
        after = self.cluster()
        self.assertEqual(after["InstanceGroups"], before["InstanceGroups"])
        self.assertEqual(after["ClusterStatus"], "InService")

    def test_4_a_scale_up_is_planned_field_by_field_and_applied(self):
        path, _ = self.scratch.variant(SPEC, "scaled.yaml", "InstanceCount: 2",
                                       "InstanceCount: 3")
        text = self.hpctl("plan", "-f", path, "--detailed-exitcode",
                          expect=hpctl_run.EXIT_CHANGES_PENDING)
        self.assertIn(f"~ hyperpod-cluster {SPEC_CLUSTER}", text.stdout)
        self.assertIn("~ InstanceGroups[worker-group-gpu].InstanceCount: 2 -> 3", text.stdout)
        self.assertIn("0 to create, 1 to update, 0 to delete", text.stdout)
        changes, _ = self.plan_json(path)
        change = changes[("hyperpod-cluster", SPEC_CLUSTER)]
        self.assertEqual(change["action"], "update")
        self.assertEqual(change["fields"], [{"path": "InstanceGroups[worker-group-gpu]."
                                                     "InstanceCount",
                                             "before": 2, "after": 3}])

        self.hpctl("apply", "-f", path, "--poll-interval", "0.1")
        group = self.cluster()["InstanceGroups"][0]
        self.assertEqual((group["TargetCount"], group["CurrentCount"]), (3, 3))
        self.assertEqual(len(self.running_nodes()), 3)
        self.hpctl("plan", "-f", path, "--detailed-exitcode")
        # Back to the file as shipped: a scale-down, also in place.
        self.hpctl("apply", "-f", self.spec_path, "--poll-interval", "0.1")
        self.assertEqual(self.cluster()["InstanceGroups"][0]["TargetCount"], 2)

    def test_4b_an_immutable_change_is_refused_before_anything_changes(self):
        path, _ = self.scratch.variant(SPEC, "retyped.yaml", "InstanceType: ml.p4d.24xlarge",
                                       "InstanceType: ml.p5.48xlarge")
        plan = self.hpctl("plan", "-f", path, expect=hpctl_run.EXIT_FAILURE)
        self.assertIn(f"! hyperpod-cluster {SPEC_CLUSTER}", plan.stdout)
        self.assertIn("InstanceType of instance group worker-group-gpu cannot change",
                      plan.stdout)
        apply = self.hpctl("apply", "-f", path, expect=hpctl_run.EXIT_FAILURE)
        self.assertIn(f"hyperpod-cluster {SPEC_CLUSTER} cannot be changed in place",
                      apply.stderr)
        group = self.cluster()["InstanceGroups"][0]
        self.assertEqual((group["InstanceType"], group["CurrentCount"]), ("ml.p4d.24xlarge", 2))

        # Known gap: EKS tags are not updated; plan says so without planning a change.
        path, _ = self.scratch.variant(SPEC, "retagged.yaml", "Purpose: HyperPod",
                                       "Purpose: Training")
        plan = self.hpctl("plan", "-f", path, "--detailed-exitcode")
        self.assertIn("tags differ from the file (Purpose)", plan.stdout)

    def test_5_status_from_the_file_and_by_cluster_name(self):
        text = self.hpctl("status", "-f", self.spec_path)
        self.assertRegex(text.stdout, rf"hyperpod-cluster\s+{SPEC_CLUSTER}\s+InService")
        self.assertRegex(text.stdout, rf"eks-cluster\s+{SPEC_EKS}\s+ACTIVE")
        self.assertRegex(text.stdout, r"worker-group-gpu\s+ml\.p4d\.24xlarge\s+InService\s+2/2")
        report = self.hpctl("status", "-f", self.spec_path, "-o", "json").json()
        kinds = [r["kind"] for r in report["resources"]]
        self.assertEqual(len(kinds), SPEC_RESOURCES)
        self.assertIn("security-group", kinds)

        by_name = self.hpctl("status", "--cluster", SPEC_CLUSTER, "-o", "json").json()
        self.assertEqual([r["state"] for r in by_name["resources"]], ["InService"])
        live = {n["InstanceId"] for n in self.running_nodes()}
        self.assertEqual({n["InstanceId"] for n in by_name["nodes"]}, live)
        text = self.hpctl("status", "--cluster", SPEC_CLUSTER)
        for instance in live:
            self.assertIn(instance, text.stdout)
        missing = self.hpctl("status", "--cluster", "no-such-cluster", expect=None)
        self.assertNotEqual(missing.code, 0, missing)

    def test_6_destroy_removes_everything(self):
        report = self.hpctl("destroy", "-f", self.spec_path, "--poll-interval", "0.1",
                            "-o", "json").json()
        self.assertEqual(report["result"], "complete")
        self.assertEqual(report["summary"]["delete"], SPEC_RESOURCES)

        self.assertNotIn(SPEC_CLUSTER, [c["ClusterName"] for c in
                                        self.sm.list_clusters()["ClusterSummaries"]])
        self.assertNotIn(SPEC_EKS, self.server.client("eks").list_clusters()["clusters"])
        iam = self.server.client("iam")
        for role in SPEC_ROLES:
            with self.assertRaises(iam.exceptions.NoSuchEntityException):
                iam.get_role(RoleName=role)
        buckets = [b["Name"] for b in self.server.client("s3").list_buckets()["Buckets"]]
        self.assertNotIn(SPEC_BUCKET, buckets)
        ec2 = self.server.client("ec2")
        mine = [{"Name": "tag:hpctl:stack", "Values": [SPEC_STACK]}]
        self.assertEqual(ec2.describe_vpcs(Filters=mine)["Vpcs"], [])
        self.assertEqual(ec2.describe_subnets(Filters=mine)["Subnets"], [])
        self.assertEqual(ec2.describe_security_groups(Filters=mine)["SecurityGroups"], [])

        _, summary = self.plan_json(self.spec_path)
        self.assertEqual(summary["create"], SPEC_RESOURCES)
        again = self.hpctl("destroy", "-f", self.spec_path)
        self.assertIn("Destroy complete: 0 deleted", again.stdout)


class AdvancedExamplesTest(HpctlServerTestCase):
    """Each advanced example applies, re-plans as a no-op and is destroyed."""

    CLOCK = "instant"

    def test_each_advanced_example(self):
        for name in hpctl_run.ADVANCED_EXAMPLES:
            with self.subTest(example=name):
                path = os.path.join(hpctl_run.EXAMPLES, name)
                cluster = self.hpctl("plan", "-f", path, "-o", "json").json()["changes"][-1]
                self.assertEqual(cluster["kind"], "hyperpod-cluster")
                self.hpctl("apply", "-f", path, "--poll-interval", "0.1")
                described = self.cluster(cluster["name"])
                self.assertEqual(described["ClusterStatus"], "InService")
                self.hpctl("plan", "-f", path, "--detailed-exitcode")
                self.check(name, described)
                self.hpctl("destroy", "-f", path, "--poll-interval", "0.1")
                with self.assertRaises(botocore.exceptions.ClientError):
                    self.cluster(cluster["name"])

    def test_restricted_group_reports_its_nodes(self):
        path = os.path.join(hpctl_run.EXAMPLES, "restricted-instance-groups.yaml")
        self.addCleanup(run, ["destroy", "-f", path, "--poll-interval", "0.1"],
                        self.server.env())
        self.hpctl("apply", "-f", path, "--poll-interval", "0.1")
        rig = self.cluster("hyperpod-rig-demo")["RestrictedInstanceGroups"][0]
        self.assertEqual(rig.get("TargetCount"), 4)
        self.assertEqual(len(self.running_nodes("hyperpod-rig-demo")), 4)

    def check(self, name, described):
        groups = {g["InstanceGroupName"]: g for g in described.get("InstanceGroups", [])}
        if name == "spot.yaml":
            group = groups["spot-gpu-group"]
            self.assertIn("Spot", group["CapacityRequirements"])
            self.assertEqual(group["TargetCount"], 4)
        elif name == "mig.yaml":
            labels = groups["mig-gpu-group"]["KubernetesConfig"]
            self.assertIn("all-1g.5gb", str(labels))
        elif name == "karpenter-autoscaling.yaml":
            self.assertEqual(described["AutoScaling"]["Mode"], "Enable")
            self.assertTrue(described["ClusterRole"].endswith(
                ":role/hyperpod-karpenter-demo-autoscaling"))
        elif name == "restricted-instance-groups.yaml":
            rig = described["RestrictedInstanceGroups"][0]
            self.assertEqual(rig["EnvironmentConfig"]["FSxLustreConfig"]["SizeInGiB"], 14400)
        elif name == "s3-mountpoint.yaml":
            policy = self.server.client("iam").get_role_policy(
                RoleName="hyperpod-s3-demo-execution", PolicyName="mountpoint-s3")
            self.assertIn("s3:ListBucket", str(policy["PolicyDocument"]))


class InterruptTest(HpctlServerTestCase):
    """An apply stopped mid-wait resumes where the services are (manual clock: nothing
    finishes until the test advances virtual time)."""

    CLOCK = "manual"

    def apply_in_background(self, name):
        out = open(os.path.join(self.scratch.dir, f"{name}.out"), "w+")
        err = open(os.path.join(self.scratch.dir, f"{name}.err"), "w+")
        self.addCleanup(out.close)
        self.addCleanup(err.close)
        proc = hpctl_run.start(["apply", "-f", self.spec_path, "--poll-interval", "0.1"],
                               self.server.env(), out, err)
        self.addCleanup(lambda: proc.poll() is None and proc.kill())
        return proc, out, err

    def eks_status(self):
        try:
            return self.server.client("eks").describe_cluster(name=SPEC_EKS)["cluster"]["status"]
        except botocore.exceptions.ClientError:
            return None

    def hyperpod_status(self):
        try:
            return self.cluster()["ClusterStatus"]
        except botocore.exceptions.ClientError:
            return None

    def test_interrupted_then_killed_then_resumed(self):
        # 1. Ctrl-C while the EKS cluster is CREATING: exit 130 and a hint to resume.
        proc, _, err = self.apply_in_background("first")
        harness.wait_until(lambda: self.eks_status() == "CREATING", 30, what="EKS CREATING")
        harness.wait_until(lambda: proc.poll() is None and os.path.getsize(err.name) > 0, 10,
                           what="apply waiting")
        proc.send_signal(signal.SIGINT)
        self.assertEqual(proc.wait(timeout=20), hpctl_run.EXIT_INTERRUPTED)
        err.seek(0)
        self.assertIn("run apply again to resume", err.read())
        self.assertEqual(self.eks_status(), "CREATING")

        # 2. The plan picks up from there: the cluster is not created twice.
        plan = self.hpctl("plan", "-f", self.spec_path, "-o", "json").json()
        eks = [c for c in plan["changes"] if c["kind"] == "eks-cluster"][0]
        self.assertEqual((eks["action"], eks.get("state")), ("no-op", "CREATING"))

        # 3. Resumed, then killed outright while the HyperPod cluster is Creating.
        proc, _, _ = self.apply_in_background("second")
        self.advance_until(lambda: self.hyperpod_status() == "Creating", proc)
        proc.kill()
        proc.wait(timeout=10)

        # 4. Resumed again: it waits for the cluster it already created, to InService.
        proc, out, _ = self.apply_in_background("third")
        self.advance_until(lambda: proc.poll() is not None, proc, expect_running=False)
        out.seek(0)
        self.assertEqual(proc.returncode, 0, out.read())
        self.assertEqual(self.hyperpod_status(), "InService")
        self.assertEqual(len(self.running_nodes()), 2)
        self.assertEqual(len(self.sm.list_clusters()["ClusterSummaries"]), 1)
        self.hpctl("plan", "-f", self.spec_path, "--detailed-exitcode")

    def advance_until(self, predicate, proc, expect_running=True):
        """Steps virtual time ten minutes at a time until predicate() holds."""
        for _ in range(200):
            if predicate():
                return
            if expect_running:
                self.assertIsNone(proc.poll(), "apply ended early")
            self.server.advance(600)
            time.sleep(0.3)  # hpctl polls every 0.1 s
        self.fail("the condition never held")


class AwsErrorsAndCredentialsTest(HpctlServerTestCase):
    """An AWS error is reported clearly, and credentials come from the standard chain."""

    CLOCK = "instant"
    SERVER_ARGS = ("--quota", f"{P4D_QUOTA}=1")

    def test_quota_error_is_clear(self):
        result = self.hpctl("apply", "-f", self.spec_path, "--poll-interval", "0.1",
                            expect=hpctl_run.EXIT_FAILURE)
        self.assertIn("sagemaker CreateCluster failed: ResourceLimitExceeded: The account-level "
                      f"service limit '{P4D_QUOTA}' is 1 Instances", result.stderr)
        self.assertIn("request id", result.stderr)
        self.assertEqual(self.sm.list_clusters()["ClusterSummaries"], [])
        # Everything before the cluster stands; the plan shows only the cluster to create.
        plan = self.hpctl("plan", "-f", self.spec_path, "-o", "json").json()
        self.assertEqual(plan["summary"]["create"], 1)
        self.hpctl("destroy", "-f", self.spec_path, "--poll-interval", "0.1")

    def test_unreachable_endpoint_and_no_credentials(self):
        env = self.server.env()
        env["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9"
        env["AWS_MAX_ATTEMPTS"] = "1"
        down = run(["plan", "-f", self.spec_path], env)
        self.assertEqual(down.code, hpctl_run.EXIT_FAILURE, down)
        self.assertIn("127.0.0.1:9", down.stderr)

        env = self.server.env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        none = run(["plan", "-f", self.spec_path], env)
        self.assertEqual(none.code, hpctl_run.EXIT_FAILURE, none)
        self.assertIn("credentials", none.stderr)

    def test_credentials_from_env_files_and_profiles(self):
        proxy = hpctl_run.RecordingProxy(self.server.endpoint)
        self.addCleanup(proxy.close)
        credentials = self.scratch.write("credentials", (
            "[default]\naws_access_key_id = AKIAFILEDEFAULT00001\n"
            "aws_secret_access_key = secret-default\n\n"
            "[dev]\naws_access_key_id = AKIAFILEDEV000000002\n"
            "aws_secret_access_key = secret-dev\n"))
        config = self.scratch.write("config", (
            "[default]\nregion = us-west-2\n\n"
            "[profile dev]\nregion = eu-west-1\n"))

        def status(env, *extra):
            proxy.take()
            result = run(["status", "--cluster", "none", "--endpoint-url", proxy.endpoint,
                          *extra], env)
            seen = set(proxy.take())
            self.assertTrue(seen, result)
            return result, {key for key, _, _ in seen}, {region for _, region, _ in seen}

        env = self.server.env()
        del env["AWS_REGION"], env["AWS_DEFAULT_REGION"]
        env["AWS_ACCESS_KEY_ID"] = "AKIAENVIRONMENT00003"
        env["AWS_SHARED_CREDENTIALS_FILE"] = credentials
        env["AWS_CONFIG_FILE"] = config

        # The environment's keys win over the default profile; the region is the profile's.
        _, keys, regions = status(env)
        self.assertEqual((keys, regions), ({"AKIAENVIRONMENT00003"}, {"us-west-2"}))
        # --profile reads the files even when the environment has keys.
        _, keys, regions = status(env, "--profile", "dev")
        self.assertEqual((keys, regions), ({"AKIAFILEDEV000000002"}, {"eu-west-1"}))
        # --region overrides the profile's.
        _, keys, regions = status(env, "--profile", "dev", "--region", "ap-south-1")
        self.assertEqual(regions, {"ap-south-1"})

        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        _, keys, _ = status(env)
        self.assertEqual(keys, {"AKIAFILEDEFAULT00001"})
        env["AWS_PROFILE"] = "dev"
        _, keys, regions = status(env)
        self.assertEqual((keys, regions), ({"AKIAFILEDEV000000002"}, {"eu-west-1"}))
        missing = run(["status", "--cluster", "none", "--profile", "nope", "--region",
                       harness.REGION], env)
        self.assertEqual(missing.code, hpctl_run.EXIT_FAILURE, missing)
        self.assertIn("nope", missing.stderr)


if __name__ == "__main__":
    unittest.main()
