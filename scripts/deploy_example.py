#!/usr/bin/env python3
"""Deploys the spec's example stack against a running hyperpod-local and shows the result.

It runs the spec's own `HyperPodEKSDeployment` class and `main()` unchanged but for what a
real user changes too (the subnet, security group and bucket placeholders, and the
Kubernetes version, which the spec itself lists as 1.28 to 1.33), exactly as the
end-to-end test does. The network and the `sagemaker-` bucket are created first through
the EC2 and S3 APIs, as a user's would already exist.

Re-running it against an emulator that already holds the example shows it again.
"""

import os
import subprocess
import sys
import tempfile

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "e2e"))

import boto3  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

import stack  # noqa: E402
import test_seed_deployment as seed  # noqa: E402

ENDPOINT = os.environ.get("HPL_ENDPOINT", "http://127.0.0.1:4596")
REGION = "us-west-2"


def client(service):
    return boto3.client(service, endpoint_url=ENDPOINT, region_name=REGION,
                        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")


def already_deployed():
    try:
        status = client("sagemaker").describe_cluster(
            ClusterName=seed.HYPERPOD_CLUSTER_NAME)["ClusterStatus"]
    except ClientError:
        return False
    print(f"The example HyperPod cluster already exists ({status}); showing it.")
    return True


def deploy():
    with open(seed.spec_path(), encoding="utf-8") as f:
        code = seed.extract_deployment_code(f.read())
    network = stack.create_network(client("ec2"))
    bucket, _ = stack.create_lifecycle_bucket(client("s3"), upload=False)
    print(f"Network: VPC {network.vpc_id}, subnets {', '.join(network.subnet_ids)}, "
          f"security group {network.security_group_id}; bucket {bucket}")
    code = seed.patch(code, seed.replacements_for(network, bucket))
    env = dict(os.environ, AWS_ENDPOINT_URL=ENDPOINT, AWS_DEFAULT_REGION=REGION,
               AWS_ACCESS_KEY_ID="AKIAIOSFODNN7EXAMPLE",
               AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
               AWS_CONFIG_FILE=os.devnull, AWS_SHARED_CREDENTIALS_FILE=os.devnull,
               PYTHONUNBUFFERED="1")
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(code)
    try:
        # The spec's script sleeps between polls (10 s, 30 s, 60 s): about two minutes.
        subprocess.run([sys.executable, f.name], env=env, check=True, timeout=900)
    finally:
        os.unlink(f.name)


def show():
    sm = client("sagemaker")
    c = sm.describe_cluster(ClusterName=seed.HYPERPOD_CLUSTER_NAME)
    print(f"\nHyperPod cluster {c['ClusterName']}: {c['ClusterStatus']}  ({c['ClusterArn']})")
    for g in c["InstanceGroups"]:
        print(f"  group {g['InstanceGroupName']}: {g['InstanceType']} "
              f"{g['CurrentCount']}/{g['TargetCount']} {g['Status']}")
    print(f"  {'node':<22} {'group':<18} {'status':<12} {'private IP':<14} zone")
    for node in stack.list_all_nodes(sm, seed.HYPERPOD_CLUSTER_NAME):
        d = sm.describe_cluster_node(ClusterName=seed.HYPERPOD_CLUSTER_NAME,
                                     NodeId=node["InstanceId"])["NodeDetails"]
        print(f"  {node['InstanceId']:<22} {node['InstanceGroupName']:<18} "
              f"{node['InstanceStatus']['Status']:<12} {d.get('PrivatePrimaryIp', '-'):<14} "
              f"{d.get('Placement', {}).get('AvailabilityZone', '-')}")
    print(f"\nTry: aws --endpoint-url {ENDPOINT} --region {REGION} sagemaker list-cluster-nodes "
          f"--cluster-name {seed.HYPERPOD_CLUSTER_NAME}")


if __name__ == "__main__":
    if not already_deployed():
        deploy()
    show()
