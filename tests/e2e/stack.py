"""The prerequisite stack a HyperPod EKS cluster needs, built through boto3.

Order and content follow the spec's prerequisites: a VPC with private subnets
in two availability zones (EKS rejects fewer), a security group that lets the
nodes talk to each other (EFA needs a self-referencing allow-all rule in both
directions), a `sagemaker-` bucket holding the lifecycle script (the managed
instance policy only reads `sagemaker-*` buckets), the two IAM roles, and an
ACTIVE EKS cluster in API_AND_CONFIG_MAP mode.
"""

import dataclasses
import json
import uuid
from dataclasses import dataclass

from harness import wait_until

AZS = ("us-west-2a", "us-west-2b")
LIFECYCLE_PREFIX = "lifecycle-scripts/"
ON_CREATE = "on_create.sh"

# A real lifecycle script: HyperPod runs it as root on each new node and fails
# the node when it exits non-zero, so it must be valid bash.
ON_CREATE_SH = """#!/bin/bash
set -euo pipefail
echo "[on_create] starting on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
# containerd moves to the secondary volume when HyperPod mounted one.
if mountpoint -q /opt/sagemaker; then
  echo "[on_create] secondary EBS volume mounted at /opt/sagemaker"
fi
echo "[on_create] done"
"""

EKS_CLUSTER_POLICY = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
HYPERPOD_INSTANCE_POLICY = "arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy"


@dataclass
class Network:
    vpc_id: str
    subnet_ids: list
    security_group_id: str


@dataclass
class Stack:
    network: Network
    bucket: str
    s3_uri: str
    eks_role_arn: str
    execution_role_arn: str
    eks_cluster_name: str
    eks_cluster_arn: str


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def trust_policy(service):
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": service},
                       "Action": "sts:AssumeRole"}],
    })


# ----- EC2 -----

def create_network(ec2, cidr="10.0.0.0/16", azs=AZS):
    """A VPC with one private /24 per AZ and a self-referencing security group."""
    vpc_id = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    base = cidr.split(".")
    subnet_ids = []
    for i, az in enumerate(azs, start=1):
        block = f"{base[0]}.{base[1]}.{i}.0/24"
        subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock=block, AvailabilityZone=az)
        subnet_ids.append(subnet["Subnet"]["SubnetId"])
    sg_id = ec2.create_security_group(GroupName=unique("hyperpod-efa"),
                                      Description="HyperPod nodes and EFA",
                                      VpcId=vpc_id)["GroupId"]
    self_rule = [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": sg_id}]}]
    ec2.authorize_security_group_ingress(GroupId=sg_id, IpPermissions=self_rule)
    ec2.authorize_security_group_egress(GroupId=sg_id, IpPermissions=self_rule)
    return Network(vpc_id=vpc_id, subnet_ids=subnet_ids, security_group_id=sg_id)


# ----- S3 -----

def create_lifecycle_bucket(s3, upload=True):
    """Creates a sagemaker- bucket; returns (bucket, SourceS3Uri)."""
    bucket = unique("sagemaker-hyperpod-lifecycle")
    s3.create_bucket(Bucket=bucket,
                     CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    if upload:
        s3.put_object(Bucket=bucket, Key=LIFECYCLE_PREFIX + ON_CREATE,
                      Body=ON_CREATE_SH.encode(), ContentType="text/x-shellscript")
    return bucket, f"s3://{bucket}/{LIFECYCLE_PREFIX}"


# ----- IAM -----

def create_role(iam, name, service, policy_arn):
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_policy(service),
                           Description=f"e2e role trusted by {service}")
    iam.attach_role_policy(RoleName=name, PolicyArn=policy_arn)
    return role["Role"]["Arn"]


def create_roles(iam):
    """Returns (EKS cluster role ARN, HyperPod execution role ARN)."""
    eks_role = create_role(iam, unique("eks-cluster-role"), "eks.amazonaws.com",
                           EKS_CLUSTER_POLICY)
    exec_role = create_role(iam, unique("sagemaker-hyperpod-exec"), "sagemaker.amazonaws.com",
                            HYPERPOD_INSTANCE_POLICY)
    return eks_role, exec_role


# ----- waiting on a virtual clock -----

def wait_for_status(server, read_status, want, failed=(), timeout_s=60, step_s=60,
                    max_virtual_s=6 * 3600):
    """Waits until read_status() == want.

    On a manual clock nothing moves unless the test advances it, so advance in
    steps (bounded by max_virtual_s); on the others poll in wall time.
    """
    def check():
        status = read_status()
        if status in failed:
            raise AssertionError(f"reached failure status {status!r} while waiting for {want!r}")
        return status == want

    if server.clock_mode != "manual":
        return wait_until(check, timeout_s, interval_s=0.25, what=f"status {want}")
    advanced = 0
    while not check():
        if advanced >= max_virtual_s:
            raise AssertionError(f"status still {read_status()!r} after advancing {advanced}s "
                                 f"of virtual time; wanted {want!r}")
        server.advance(step_s)
        advanced += step_s
    return True


# ----- EKS -----

def create_eks_cluster(eks, name, role_arn, network, version="1.31"):
    return eks.create_cluster(
        name=name, version=version, roleArn=role_arn,
        resourcesVpcConfig={"subnetIds": network.subnet_ids,
                            "securityGroupIds": [network.security_group_id],
                            "endpointPublicAccess": True, "endpointPrivateAccess": True},
        accessConfig={"authenticationMode": "API_AND_CONFIG_MAP",
                      "bootstrapClusterCreatorAdminPermissions": True},
    )["cluster"]


def eks_status(eks, name):
    return lambda: eks.describe_cluster(name=name)["cluster"]["status"]


# ----- SageMaker HyperPod -----

def hyperpod_request(name, stack, instance_type="ml.g5.xlarge", count=2, group="workers"):
    """CreateCluster arguments for one instance group on the stack's EKS cluster."""
    return {
        "ClusterName": name,
        "Orchestrator": {"Eks": {"ClusterArn": stack.eks_cluster_arn}},
        "InstanceGroups": [{
            "InstanceGroupName": group,
            "InstanceType": instance_type,
            "InstanceCount": count,
            "LifeCycleConfig": {"SourceS3Uri": stack.s3_uri, "OnCreate": ON_CREATE},
            "ExecutionRole": stack.execution_role_arn,
            "ThreadsPerCore": 1,
        }],
        "VpcConfig": {"SecurityGroupIds": [stack.network.security_group_id],
                      "Subnets": stack.network.subnet_ids},
        "NodeRecovery": "Automatic",
    }


def hyperpod_status(sm, name):
    return lambda: sm.describe_cluster(ClusterName=name)["ClusterStatus"]


def wait_hyperpod_in_service(server, sm, name, timeout_s=60):
    wait_for_status(server, hyperpod_status(sm, name), "InService",
                    failed=("Failed", "RollingBack"), timeout_s=timeout_s, step_s=300)


def list_all_nodes(sm, name):
    pages = sm.get_paginator("list_cluster_nodes").paginate(ClusterName=name)
    return [node for page in pages for node in page["ClusterNodeSummaries"]]


# ----- everything before the HyperPod cluster -----

def build_stack(server, eks_timeout_s=60):
    """Network, bucket, roles and an ACTIVE EKS cluster; returns a Stack."""
    network = create_network(server.client("ec2"))
    bucket, s3_uri = create_lifecycle_bucket(server.client("s3"))
    eks_role, exec_role = create_roles(server.client("iam"))
    stack = Stack(network=network, bucket=bucket, s3_uri=s3_uri, eks_role_arn=eks_role,
                  execution_role_arn=exec_role, eks_cluster_name="", eks_cluster_arn="")
    return add_eks_cluster(server, stack, eks_timeout_s=eks_timeout_s)


def add_eks_cluster(server, stack, name=None, eks_timeout_s=60):
    """Creates an ACTIVE EKS cluster in the stack's network; returns the updated Stack."""
    eks = server.client("eks")
    name = name or unique("hyperpod-eks")
    cluster = create_eks_cluster(eks, name, stack.eks_role_arn, stack.network)
    wait_for_status(server, eks_status(eks, name), "ACTIVE", failed=("FAILED", "DELETING"),
                    timeout_s=eks_timeout_s, step_s=60, max_virtual_s=3600)
    return dataclasses.replace(stack, eks_cluster_name=name, eks_cluster_arn=cluster["arn"])
