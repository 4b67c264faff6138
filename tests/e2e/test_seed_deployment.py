#!/usr/bin/env python3
"""Runs the spec's complete boto3 deployment (HyperPodEKSDeployment + main()) as written.

The code block is taken from the spec file at run time and executed unchanged
except for what a real user must change too: the placeholder subnet, security
group and bucket names (replaced by resources created here first), and the
Kubernetes version 1.34, which the spec's own prerequisites (1.28 - 1.33) rule
out. The endpoint comes from AWS_ENDPOINT_URL, which boto3 honours, so the
script's clients are untouched.

It runs on the default `fast` clock and really sleeps (10 s after the roles,
30 s per EKS poll, 60 s per HyperPod poll): about two minutes.
"""

import difflib
import ipaddress
import os
import re
import subprocess
import sys
import unittest

import harness
import stack

# The spec this project builds on (the HyperPod EKS API reference with its boto3 deployment
# example), kept in the repository so that a clone runs on its own.
SPEC_DEFAULT = os.path.join(harness.REPO_ROOT, "tests", "spec", "hyperpod-eks-api.txt")
SCRIPT_TIMEOUT_S = 480

EKS_CLUSTER_NAME = "my-hyperpod-eks-cluster"
HYPERPOD_CLUSTER_NAME = "my-hyperpod-cluster"
EKS_ROLE_NAME = "MyEKSClusterRole"
EXEC_ROLE_NAME = "MyHyperPodExecutionRole"


def spec_path():
    return os.environ.get("HPL_SPEC") or SPEC_DEFAULT


def extract_deployment_code(text):
    """The python block of the spec that defines HyperPodEKSDeployment and main()."""
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    matches = [b for b in blocks if "class HyperPodEKSDeployment" in b and "def main():" in b]
    if len(matches) != 1:
        raise AssertionError(f"expected one deployment block in the spec, found {len(matches)}")
    return matches[0]


def patch(code, replacements):
    """Applies each (old, new) once; fails if old does not occur exactly once."""
    for old, new in replacements:
        count = code.count(old)
        if count != 1:
            raise AssertionError(f"spec text {old!r} occurs {count} times, expected once")
        code = code.replace(old, new)
    return code


def replacements_for(network, bucket):
    return [
        ("'subnet-0123456789abcdef0'", repr(network.subnet_ids[0])),
        ("'subnet-0123456789abcdef1'", repr(network.subnet_ids[1])),
        ("'sg-0123456789abcdef0'", repr(network.security_group_id)),
        ("'my-hyperpod-scripts-bucket'", repr(bucket)),
        # The spec lists 1.28 - 1.33 as supported; its own example asks for 1.34.
        ("kubernetes_version='1.34'", "kubernetes_version='1.33'"),
    ]


def run_script(server, path):
    """Runs the patched script; returns (exit code or None on timeout, output)."""
    env = server.env()
    env["PYTHONUNBUFFERED"] = "1"  # keep partial output if it has to be killed
    try:
        done = subprocess.run([sys.executable, path], env=env, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=SCRIPT_TIMEOUT_S)
        return done.returncode, done.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        partial = (e.output or b"").decode(errors="replace")
        return None, f"(killed after {SCRIPT_TIMEOUT_S}s)\n{partial}"


class SeedDeploymentTest(harness.ServerTestCase):
    CLOCK = "fast"

    @classmethod
    def prepare(cls):
        with open(spec_path(), encoding="utf-8") as f:
            cls.original = extract_deployment_code(f.read())
        # The script expects its bucket and network to exist already, as a user's would.
        cls.network = stack.create_network(cls.server.client("ec2"))
        cls.bucket, _ = stack.create_lifecycle_bucket(cls.server.client("s3"), upload=False)
        cls.patched = patch(cls.original, replacements_for(cls.network, cls.bucket))
        script = os.path.join(cls.server.work_dir, "seed_deployment.py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(cls.patched)
        cls.exit_code, cls.output = run_script(cls.server, script)
        cls.account = cls.server.client("sts").get_caller_identity()["Account"]

    def assertScriptSucceeded(self):
        self.assertEqual(self.exit_code, 0, f"deployment script failed:\n{self.output}")

    # ----- the script itself -----

    def test_only_placeholders_and_version_were_changed(self):
        diff = [line for line in difflib.unified_diff(self.original.splitlines(),
                                                      self.patched.splitlines(), n=0)
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        self.assertEqual(len(diff), 10, "\n".join(diff))  # five lines out, five in

    def test_script_output_reports_success(self):
        self.assertScriptSucceeded()
        out = self.output
        for marker in ["✓ EKS 集群已就绪！", "当前状态: ACTIVE", "当前状态: InService",
                       "✓ HyperPod 集群已就绪！", "===== 部署完成！=====",
                       f"✓ 生命周期脚本已上传到: s3://{self.bucket}/lifecycle-scripts/"]:
            self.assertIn(marker, out)
        # The script swallows ClientError while polling; any would be a server bug.
        self.assertNotIn("检查集群状态时出错", out)
        self.assertNotIn("❌", out)

    def test_printed_arns_match_the_services(self):
        self.assertScriptSucceeded()
        eks_arn = re.search(r"EKS 集群 ARN: (\S+)", self.output).group(1)
        hp_arn = re.search(r"HyperPod 集群 ARN: (\S+)", self.output).group(1)
        self.assertEqual(eks_arn,
                         f"arn:aws:eks:us-west-2:{self.account}:cluster/{EKS_CLUSTER_NAME}")
        described = self.server.client("sagemaker").describe_cluster(
            ClusterName=HYPERPOD_CLUSTER_NAME)
        self.assertEqual(hp_arn, described["ClusterArn"])

    # ----- what it built -----

    def test_hyperpod_cluster_is_in_service(self):
        c = self.server.client("sagemaker").describe_cluster(ClusterName=HYPERPOD_CLUSTER_NAME)
        self.assertEqual(c["ClusterStatus"], "InService")
        self.assertEqual(c["ClusterName"], HYPERPOD_CLUSTER_NAME)
        # The id in the ARN is random and is not the name.
        self.assertRegex(c["ClusterArn"],
                         rf"^arn:aws:sagemaker:us-west-2:{self.account}:cluster/[a-z0-9]{{12}}$")
        self.assertEqual(c["Orchestrator"]["Eks"]["ClusterArn"],
                         f"arn:aws:eks:us-west-2:{self.account}:cluster/{EKS_CLUSTER_NAME}")
        self.assertEqual(c["VpcConfig"]["Subnets"], self.network.subnet_ids)
        self.assertEqual(c["VpcConfig"]["SecurityGroupIds"], [self.network.security_group_id])
        self.assertEqual(c["NodeRecovery"], "Automatic")
        self.assertEqual(c["NodeProvisioningMode"], "Continuous")
        self.assertNotIn("FailureMessage", c)

    def test_instance_group_matches_the_request(self):
        c = self.server.client("sagemaker").describe_cluster(ClusterName=HYPERPOD_CLUSTER_NAME)
        self.assertEqual(len(c["InstanceGroups"]), 1)
        g = c["InstanceGroups"][0]
        exec_arn = self.server.client("iam").get_role(RoleName=EXEC_ROLE_NAME)["Role"]["Arn"]
        self.assertEqual(g["InstanceGroupName"], "worker-group-gpu")
        self.assertEqual(g["InstanceType"], "ml.p4d.24xlarge")
        self.assertEqual((g["CurrentCount"], g["TargetCount"]), (2, 2))
        self.assertEqual(g["Status"], "InService")
        self.assertEqual(g["ExecutionRole"], exec_arn)
        self.assertEqual(g["ThreadsPerCore"], 1)
        self.assertEqual(g["LifeCycleConfig"], {
            "SourceS3Uri": f"s3://{self.bucket}/lifecycle-scripts/", "OnCreate": "on_create.sh"})
        self.assertEqual(sorted(g["OnStartDeepHealthChecks"]),
                         ["InstanceConnectivity", "InstanceStress"])
        self.assertEqual(g["KubernetesConfig"]["CurrentLabels"],
                         {"workload-type": "training", "gpu-type": "a100"})

    def test_two_nodes_running_in_our_subnets(self):
        sm = self.server.client("sagemaker")
        nodes = stack.list_all_nodes(sm, HYPERPOD_CLUSTER_NAME)
        self.assertEqual(len(nodes), 2, nodes)
        subnets = [ipaddress.ip_network("10.0.1.0/24"), ipaddress.ip_network("10.0.2.0/24")]
        for node in nodes:
            self.assertEqual(node["InstanceStatus"]["Status"], "Running", node)
            self.assertEqual(node["InstanceType"], "ml.p4d.24xlarge")
            self.assertEqual(node["InstanceGroupName"], "worker-group-gpu")
            self.assertRegex(node["InstanceId"], r"^i-[a-f0-9]{17}$")
            detail = sm.describe_cluster_node(ClusterName=HYPERPOD_CLUSTER_NAME,
                                              NodeId=node["InstanceId"])["NodeDetails"]
            self.assertIn(detail["Placement"]["AvailabilityZone"], stack.AZS)
            ip = ipaddress.ip_address(detail["PrivatePrimaryIp"])
            self.assertTrue(any(ip in net for net in subnets), ip)
        self.assertEqual(len({n["InstanceId"] for n in nodes}), 2)

    def test_tags_from_create_are_listed(self):
        sm = self.server.client("sagemaker")
        arn = sm.describe_cluster(ClusterName=HYPERPOD_CLUSTER_NAME)["ClusterArn"]
        tags = {t["Key"]: t["Value"] for t in sm.list_tags(ResourceArn=arn)["Tags"]}
        self.assertEqual(tags.get("Environment"), "Production")
        self.assertEqual(tags.get("ManagedBy"), "Boto3")

    def test_eks_cluster_is_active_with_requested_config(self):
        c = self.server.client("eks").describe_cluster(name=EKS_CLUSTER_NAME)["cluster"]
        self.assertEqual(c["status"], "ACTIVE")
        self.assertEqual(c["version"], "1.33")
        self.assertEqual(c["accessConfig"]["authenticationMode"], "API_AND_CONFIG_MAP")
        vpc = c["resourcesVpcConfig"]
        self.assertEqual(vpc["vpcId"], self.network.vpc_id)
        self.assertEqual(sorted(vpc["subnetIds"]), sorted(self.network.subnet_ids))
        self.assertEqual(vpc["securityGroupIds"], [self.network.security_group_id])
        self.assertTrue(c["endpoint"].startswith("https://"), c.get("endpoint"))
        logging_types = c["logging"]["clusterLogging"][0]
        self.assertTrue(logging_types["enabled"])
        self.assertEqual(sorted(logging_types["types"]),
                         ["api", "audit", "authenticator", "controllerManager", "scheduler"])
        self.assertEqual(c["tags"], {"Purpose": "HyperPod", "ManagedBy": "Boto3"})

    def test_roles_trust_the_right_services(self):
        iam = self.server.client("iam")
        for role, service, policy in [
                (EKS_ROLE_NAME, "eks.amazonaws.com", stack.EKS_CLUSTER_POLICY),
                (EXEC_ROLE_NAME, "sagemaker.amazonaws.com", stack.HYPERPOD_INSTANCE_POLICY)]:
            r = iam.get_role(RoleName=role)["Role"]
            self.assertEqual(r["Arn"], f"arn:aws:iam::{self.account}:role/{role}")
            principal = r["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"]
            self.assertEqual(principal, service)
            attached = iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]
            self.assertEqual([p["PolicyArn"] for p in attached], [policy])

    def test_lifecycle_script_uploaded(self):
        obj = self.server.client("s3").get_object(Bucket=self.bucket,
                                                   Key="lifecycle-scripts/on_create.sh")
        body = obj["Body"].read().decode()
        self.assertTrue(body.startswith("#!/bin/bash\nset -ex\n"), body[:40])
        self.assertIn("Lifecycle script completed successfully!", body)
        self.assertEqual(obj["ContentType"], "text/x-shellscript")


if __name__ == "__main__":
    unittest.main()
