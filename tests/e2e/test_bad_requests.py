#!/usr/bin/env python3
"""Bad requests to every service, answered as the real services answer them.

Each case is one row: the operation, its parameters, and the HTTP status, error code and
key message text AWS returns. Requests go through boto3 with parameter validation off, so
the emulator is what refuses them; after each case nothing in the account may have
changed. Where AWS's wording is published (or reported), the tables assert it; otherwise
they assert the code and a member name or value the message must mention.

Three servers: the main corpus on an instant clock; a manual clock for requests that meet
a resource in the middle of a transition (an EKS cluster still CREATING, an update in
progress); and one started with a lowered service quota.
"""

import http.client
import json
import ipaddress
import socket
import types
import unittest

import corpus
import harness
import stack
from corpus import Case, F, eks_cluster, hp_cluster, hp_group

VE = "ValidationException"
NULL = "failed to satisfy constraint: Member must not be null"

TRUST_EKS = stack.trust_policy("eks.amazonaws.com")
INLINE_POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", ' \
                '"Action": "s3:GetObject", "Resource": "*"}]}'

# ===== SageMaker HyperPod (awsJson1_1) =====================================================
# Modeled errors have no "Exception" suffix (ResourceNotFound, ResourceInUse) and use HTTP
# 400 like the framework's ValidationException.

SAGEMAKER_SHAPES = [
    Case("create without ClusterName", "create_cluster", {}, 400, VE,
         f"Value null at 'clusterName' {NULL}"),
    Case("ClusterName with underscore", "create_cluster", hp_cluster(ClusterName="bad_name"),
         400, VE, "Value 'bad_name' at 'clusterName' failed to satisfy constraint: Member must "
         "satisfy regular expression pattern: [a-zA-Z0-9](-*[a-zA-Z0-9])*"),
    Case("ClusterName with leading hyphen", "create_cluster", hp_cluster(ClusterName="-lead"),
         400, VE, "Member must satisfy regular expression pattern"),
    Case("ClusterName too long", "create_cluster", hp_cluster(ClusterName="c" * 64), 400, VE,
         "Member must have length less than or equal to 63"),
    Case("ClusterName empty", "create_cluster", hp_cluster(ClusterName=""), 400, VE,
         "Member must have length greater than or equal to 1"),
    Case("InstanceCount above 6758", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceCount=7000)]), 400, VE,
         "Value '7000' at 'instanceGroups.1.member.instanceCount' failed to satisfy "
         "constraint: Member must have value less than or equal to 6758"),
    Case("InstanceCount negative", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceCount=-1)]), 400, VE,
         "Member must have value greater than or equal to 0"),
    Case("InstanceCount is a string", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceCount="two")]), 400,
         "SerializationException", None),
    Case("ThreadsPerCore 3", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(ThreadsPerCore=3)]), 400, VE,
         "at 'instanceGroups.1.member.threadsPerCore' failed to satisfy constraint: "
         "Member must have value less than or equal to 2"),
    Case("ThreadsPerCore is a boolean", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(ThreadsPerCore=True)]), 400,
         "SerializationException", None),
    Case("unknown InstanceType", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceType="ml.g5.huge")]), 400, VE,
         "Value 'ml.g5.huge' at 'instanceGroups.1.member.instanceType' failed to satisfy "
         "constraint: Member must satisfy enum value set: ["),
    Case("no instance groups", "create_cluster", hp_cluster(InstanceGroups=[]), 400, VE,
         "at 'instanceGroups' failed to satisfy constraint: Member must have length greater "
         "than or equal to 1"),
    Case("101 instance groups", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceGroupName=f"g{i}") for i in range(101)]),
         400, VE, "Member must have length less than or equal to 100"),
    Case("group without ExecutionRole", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(ExecutionRole=None)]), 400, VE,
         f"Value null at 'instanceGroups.1.member.executionRole' {NULL}"),
    Case("group without name and count", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceGroupName=None, InstanceCount=None)]),
         400, VE, "2 validation errors detected: "),
    Case("ExecutionRole not an ARN", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(ExecutionRole="not-an-arn")]), 400, VE,
         "2 validation errors detected: Value 'not-an-arn' at "
         "'instanceGroups.1.member.executionRole' failed to satisfy constraint: Member must "
         "have length greater than or equal to 20; Value 'not-an-arn'"),
    Case("group name with underscore", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceGroupName="gpu_workers")]), 400, VE,
         "at 'instanceGroups.1.member.instanceGroupName' failed to satisfy constraint: "
         "Member must satisfy regular expression pattern"),
    Case("SourceS3Uri not s3 or https", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(LifeCycleConfig={"SourceS3Uri": "ftp://x",
                                                              "OnCreate": "on_create.sh"})]),
         400, VE, "at 'instanceGroups.1.member.lifeCycleConfig.sourceS3Uri'"),
    Case("OnCreate empty", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(LifeCycleConfig={"SourceS3Uri": F.s3_uri,
                                                              "OnCreate": ""})]),
         400, VE, "Member must have length greater than or equal to 1"),
    Case("deep health check name", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(OnStartDeepHealthChecks=["Stress"])]), 400, VE,
         "Member must satisfy enum value set: [InstanceStress, InstanceConnectivity]"),
    Case("taint effect", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(KubernetesConfig={
             "Taints": [{"Key": "k", "Effect": "Sometimes"}]})]), 400, VE,
         "Member must satisfy enum value set: [NoSchedule, PreferNoSchedule, NoExecute]"),
    Case("taint without key", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(KubernetesConfig={
             "Taints": [{"Effect": "NoSchedule"}]})]), 400, VE,
         f"Value null at 'instanceGroups.1.member.kubernetesConfig.taints.1.member.key' {NULL}"),
    Case("NodeRecovery Auto", "create_cluster", hp_cluster(NodeRecovery="Auto"), 400, VE,
         "Value 'Auto' at 'nodeRecovery' failed to satisfy constraint: Member must satisfy "
         "enum value set: [Automatic, None]"),
    Case("NodeProvisioningMode Fast", "create_cluster", hp_cluster(NodeProvisioningMode="Fast"),
         400, VE, "Member must satisfy enum value set: [Continuous]"),
    Case("AutoScaling Mode Enabled", "create_cluster",
         hp_cluster(AutoScaling={"Mode": "Enabled", "AutoScalerType": "Karpenter"}), 400, VE,
         "Value 'Enabled' at 'autoScaling.mode' failed to satisfy constraint: Member must "
         "satisfy enum value set: [Enable, Disable]"),
    Case("AutoScaling without Mode", "create_cluster",
         hp_cluster(AutoScaling={"AutoScalerType": "Karpenter"}), 400, VE,
         f"Value null at 'autoScaling.mode' {NULL}"),
    Case("AutoScalerType HPA", "create_cluster",
         hp_cluster(AutoScaling={"Mode": "Enable", "AutoScalerType": "HPA"}), 400, VE,
         "Member must satisfy enum value set: [Karpenter]"),
    Case("51 tags", "create_cluster",
         hp_cluster(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]), 400, VE,
         "at 'tags' failed to satisfy constraint: Member must have length less than or equal "
         "to 50"),
    Case("empty tag key", "create_cluster", hp_cluster(Tags=[{"Key": "", "Value": "v"}]),
         400, VE, "Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must "
         "have length greater than or equal to 1"),
    Case("17 subnets", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [F.security_group_id],
                               "Subnets": [f"subnet-{i:017x}" for i in range(17)]}),
         400, VE, "at 'vpcConfig.subnets' failed to satisfy constraint: Member must have "
         "length less than or equal to 16"),
    Case("no security groups", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [], "Subnets": F.subnet_ids}), 400, VE,
         "at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have "
         "length greater than or equal to 1"),
    Case("six security groups", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [f"sg-{i:017x}" for i in range(6)],
                               "Subnets": F.subnet_ids}), 400, VE,
         "Member must have length less than or equal to 5"),
    Case("EKS ClusterArn not an EKS ARN", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": "arn:aws:ecs:us-west-2:123456789012:"
                                                        "cluster/x"}}), 400, VE,
         "at 'orchestrator.eks.clusterArn' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern"),
    Case("three errors at once", "create_cluster",
         hp_cluster(ClusterName="c" * 64,
                    InstanceGroups=[hp_group(InstanceCount=-1, ThreadsPerCore=3)]), 400, VE,
         "3 validation errors detected: "),
    Case("ListClusters MaxResults 0", "list_clusters", {"MaxResults": 0}, 400, VE,
         "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value "
         "greater than or equal to 1"),
    Case("ListClusters two errors", "list_clusters", {"MaxResults": 101, "SortBy": "Name"},
         400, VE, "2 validation errors detected: "),
    Case("ListClusters SortOrder Up", "list_clusters", {"SortOrder": "Up"}, 400, VE,
         "Member must satisfy enum value set: [Ascending, Descending]"),
    Case("ListClusters MaxResults a string", "list_clusters", {"MaxResults": "ten"}, 400,
         "SerializationException", None),
    Case("DescribeCluster name with underscore", "describe_cluster",
         {"ClusterName": "bad_name"}, 400, VE,
         "Value 'bad_name' at 'clusterName' failed to satisfy constraint"),
    Case("DescribeClusterNode NodeId pattern", "describe_cluster_node",
         {"ClusterName": F.taken_cluster, "NodeId": "i-0123"}, 400, VE,
         "at 'nodeId' failed to satisfy constraint: Member must satisfy regular expression"),
    Case("ListTags ARN pattern", "list_tags", {"ResourceArn": "not-an-arn"}, 400, VE,
         "at 'resourceArn' failed to satisfy constraint: Member must satisfy regular "
         "expression pattern"),
    Case("AddTags 51 tags", "add_tags",
         {"ResourceArn": F.taken_cluster_arn,
          "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}, 400, VE,
         "Member must have length less than or equal to 50"),
    Case("DeleteTags without TagKeys", "delete_tags", {"ResourceArn": F.taken_cluster_arn},
         400, VE, f"Value null at 'tagKeys' {NULL}"),
    Case("UpdateCluster with no groups", "update_cluster",
         {"ClusterName": F.taken_cluster, "InstanceGroups": []}, 400, VE,
         "Member must have length greater than or equal to 1"),
]

SAGEMAKER_RULES = [
    Case("EKS cluster does not exist", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.missing_eks_arn}}), 400, VE,
         F.missing_eks_arn),
    Case("EKS version 1.34 not supported by HyperPod", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.eks_134_arn}}), 400, VE, "1.34"),
    Case("EKS authentication mode CONFIG_MAP", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.eks_configmap_arn}}), 400, VE,
         "CONFIG_MAP"),
    Case("vpc-cni below v1.18.3", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.eks_old_cni_arn}}), 400, VE,
         "v1.16.4-eksbuild.2"),
    Case("subnets outside the EKS VPC", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [F.security_group_id],
                               "Subnets": F.default_subnet_ids}), 400, VE,
         F.default_subnet_ids[0]),
    Case("security group outside the EKS VPC", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [F.default_security_group_id],
                               "Subnets": F.subnet_ids}), 400, VE,
         F.default_security_group_id),
    Case("subnet does not exist", "create_cluster",
         hp_cluster(VpcConfig={"SecurityGroupIds": [F.security_group_id],
                               "Subnets": ["subnet-0123456789abcdef0"]}), 400, VE,
         "subnet-0123456789abcdef0"),
    Case("EKS orchestrator without VpcConfig", "create_cluster", hp_cluster(VpcConfig=None),
         400, VE, "VpcConfig"),
    Case("execution role does not exist", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(
             ExecutionRole="arn:aws:iam::123456789012:role/no-such-role")]), 400, VE,
         "arn:aws:iam::123456789012:role/no-such-role"),
    Case("execution role trusts eks not sagemaker", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(ExecutionRole=F.eks_role_arn)]), 400, VE,
         "sagemaker.amazonaws.com"),
    Case("duplicate group names", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(), hp_group()]), 400, VE, "workers"),
    Case("MinInstanceCount above InstanceCount", "create_cluster",
         hp_cluster(NodeProvisioningMode="Continuous",
                    InstanceGroups=[hp_group(InstanceCount=1, MinInstanceCount=3)]), 400, VE,
         "MinInstanceCount"),
    Case("MinInstanceCount without Continuous", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(InstanceCount=2, MinInstanceCount=1)]), 400, VE,
         "Continuous"),
    Case("Spot without Continuous", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(CapacityRequirements={"Spot": {}})]), 400, VE,
         "Continuous"),
    Case("Spot and OnDemand together", "create_cluster",
         hp_cluster(NodeProvisioningMode="Continuous", InstanceGroups=[hp_group(
             CapacityRequirements={"Spot": {}, "OnDemand": {}})]), 400, VE, None),
    Case("AutoScaling without ClusterRole", "create_cluster",
         hp_cluster(NodeProvisioningMode="Continuous",
                    AutoScaling={"Mode": "Enable", "AutoScalerType": "Karpenter"}), 400, VE,
         "ClusterRole"),
    Case("AutoScaling without Continuous", "create_cluster",
         hp_cluster(AutoScaling={"Mode": "Enable", "AutoScalerType": "Karpenter"},
                    ClusterRole=F.cluster_role_arn), 400, VE, "Continuous"),
    Case("ClusterRole trusts the wrong service", "create_cluster",
         hp_cluster(NodeProvisioningMode="Continuous", ClusterRole=F.execution_role_arn,
                    AutoScaling={"Mode": "Enable", "AutoScalerType": "Karpenter"}), 400, VE,
         "hyperpod.sagemaker.amazonaws.com"),
    Case("Orchestrator with Eks and Slurm", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.eks_cluster_arn},
                                  "Slurm": {"SlurmConfigStrategy": "Managed"}}), 400, VE,
         None),
    Case("Orchestrator empty", "create_cluster", hp_cluster(Orchestrator={}), 400, VE, None),
    Case("Continuous with Slurm", "create_cluster",
         hp_cluster(Orchestrator={"Slurm": {"SlurmConfigStrategy": "Managed"}},
                    NodeProvisioningMode="Continuous"), 400, VE, "EKS"),
    Case("MIG all-3g.40gb on ml.p4d.24xlarge", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(
             InstanceType="ml.p4d.24xlarge",
             KubernetesConfig={"Labels": {"nvidia.com/mig.config": "all-3g.40gb"}})]),
         400, VE, "all-3g.40gb"),
    Case("MIG mixed layout larger than one GPU", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(
             InstanceType="ml.p5.48xlarge",
             KubernetesConfig={"Labels": {"nvidia.com/mig.config":
                                          "mixed-2-3g.40gb-1-4g.40gb"}})]),
         400, VE, "mixed-2-3g.40gb-1-4g.40gb"),
    Case("MIG label on a GPU without MIG", "create_cluster",
         hp_cluster(InstanceGroups=[hp_group(
             KubernetesConfig={"Labels": {"nvidia.com/mig.config": "all-1g.5gb"}})]),
         400, VE, "ml.g5.xlarge"),
    Case("cluster name taken", "create_cluster", hp_cluster(ClusterName=F.taken_cluster), 400,
         "ResourceInUse", F.taken_cluster),
    Case("DescribeCluster unknown", "describe_cluster", {"ClusterName": "no-such-cluster"},
         400, "ResourceNotFound", "no-such-cluster"),
    Case("DescribeCluster unknown ARN", "describe_cluster",
         {"ClusterName": "arn:aws:sagemaker:us-west-2:123456789012:cluster/abcdefabcdef"}, 400,
         "ResourceNotFound", None),
    Case("DeleteCluster unknown", "delete_cluster", {"ClusterName": "no-such-cluster"}, 400,
         "ResourceNotFound", "no-such-cluster"),
    Case("ListClusterNodes unknown", "list_cluster_nodes", {"ClusterName": "no-such-cluster"},
         400, "ResourceNotFound", "no-such-cluster"),
    Case("DescribeClusterNode unknown cluster", "describe_cluster_node",
         {"ClusterName": "no-such-cluster", "NodeId": "i-0123456789abcdef0"}, 400,
         "ResourceNotFound", "no-such-cluster"),
    Case("DescribeClusterNode unknown node", "describe_cluster_node",
         {"ClusterName": F.taken_cluster, "NodeId": "i-0123456789abcdef0"}, 400,
         "ResourceNotFound", "i-0123456789abcdef0"),
    Case("DescribeClusterNode without a node id", "describe_cluster_node",
         {"ClusterName": F.taken_cluster}, 400, VE, None),
    Case("UpdateCluster unknown", "update_cluster",
         {"ClusterName": "no-such-cluster", "InstanceGroups": [hp_group()]}, 400,
         "ResourceNotFound", "no-such-cluster"),
    Case("UpdateCluster changes InstanceType", "update_cluster",
         {"ClusterName": F.taken_cluster,
          "InstanceGroups": [hp_group(InstanceType="ml.g5.2xlarge")]}, 400, VE,
         "InstanceType"),
    Case("UpdateCluster deletes an unknown group", "update_cluster",
         {"ClusterName": F.taken_cluster, "InstanceGroups": [hp_group()],
          "InstanceGroupsToDelete": ["no-such-group"]}, 400, VE, "no-such-group"),
    # ListTags models no errors; for a resource that does not exist SageMaker answers
    # ValidationException (aws/amazon-sagemaker-feedback#108, list-tags and add-tags).
    Case("ListTags unknown resource", "list_tags",
         {"ResourceArn": "arn:aws:sagemaker:us-west-2:123456789012:cluster/abcdefabcdef"},
         400, VE, None),
]

# ===== EKS (restJson1) =====================================================================
IPE = "InvalidParameterException"

EKS_CASES = [
    Case("create without roleArn and resourcesVpcConfig", "create_cluster",
         {"name": "bad-request-eks"}, 400, IPE, "roleArn"),
    Case("name with a space", "create_cluster", eks_cluster(name="bad name!"), 400, IPE,
         "bad name!"),
    Case("name 101 characters", "create_cluster", eks_cluster(name="e" * 101), 400, IPE,
         None),
    Case("name taken", "create_cluster", eks_cluster(name=F.eks_cluster_name), 409,
         "ResourceInUseException", F.eks_name_taken_message),
    Case("version 1.3", "create_cluster", eks_cluster(version="1.3"), 400, IPE,
         "unsupported Kubernetes version 1.3"),
    Case("version 1.99", "create_cluster", eks_cluster(version="1.99"), 400, IPE,
         "unsupported Kubernetes version 1.99"),
    Case("one subnet", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": [F.subnet_ids[0]]}), 400, IPE,
         "Subnets specified must be in at least two different AZs"),
    Case("two subnets in one AZ", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": [F.subnet_ids[0], F.same_az_subnet_id]}),
         400, IPE, "Subnets specified must be in at least two different AZs"),
    Case("subnets of two VPCs", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": [F.subnet_ids[0],
                                                       F.default_subnet_ids[1]]}), 400, IPE,
         None),
    Case("subnet does not exist", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": ["subnet-0123456789abcdef0",
                                                       F.subnet_ids[0]]}), 400, IPE,
         "subnet-0123456789abcdef0"),
    Case("security group does not exist", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": F.subnet_ids,
                                         "securityGroupIds": ["sg-0123456789abcdef0"]}),
         400, IPE, "sg-0123456789abcdef0"),
    Case("role does not exist", "create_cluster",
         eks_cluster(roleArn="arn:aws:iam::123456789012:role/no-such-role"), 400, IPE,
         "Role with arn: arn:aws:iam::123456789012:role/no-such-role, could not be assumed "
         "because it does not exist or the trusted entity is not correct"),
    Case("role does not trust eks", "create_cluster",
         eks_cluster(roleArn=F.execution_role_arn), 400, IPE, "could not be assumed"),
    Case("CONFIG_MAP without bootstrap admin", "create_cluster",
         eks_cluster(accessConfig={"authenticationMode": "CONFIG_MAP",
                                   "bootstrapClusterCreatorAdminPermissions": False}), 400, IPE,
         "bootstrapClusterCreatorAdminPermissions"),
    Case("authenticationMode IAM", "create_cluster",
         eks_cluster(accessConfig={"authenticationMode": "IAM"}), 400, IPE, "IAM"),
    Case("empty tags", "create_cluster", eks_cluster(tags={}), 400, IPE, "tags"),
    Case("upgrade support type", "create_cluster",
         eks_cluster(upgradePolicy={"supportType": "FOREVER"}), 400, IPE, "FOREVER"),
    Case("log type", "create_cluster",
         eks_cluster(logging={"clusterLogging": [{"types": ["bogus"], "enabled": True}]}),
         400, IPE, "bogus"),
    Case("endpointPublicAccess a string", "create_cluster",
         eks_cluster(resourcesVpcConfig={"subnetIds": F.subnet_ids,
                                         "endpointPublicAccess": "yes"}), 400,
         "SerializationException", None),
    Case("DescribeCluster unknown", "describe_cluster", {"name": "no-such-cluster"}, 404,
         "ResourceNotFoundException", "No cluster found for name: no-such-cluster."),
    Case("DeleteCluster unknown", "delete_cluster", {"name": "no-such-cluster"}, 404,
         "ResourceNotFoundException", "No cluster found for name: no-such-cluster."),
    Case("ListClusters maxResults 0", "list_clusters", {"maxResults": 0}, 400, IPE,
         "maxResults"),
    Case("ListClusters maxResults 101", "list_clusters", {"maxResults": 101}, 400, IPE,
         "maxResults"),
    Case("ListClusters bad nextToken", "list_clusters", {"nextToken": "garbage"}, 400, IPE,
         None),
    Case("CreateAddon unknown name", "create_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "no-such-addon"}, 400, IPE,
         "no-such-addon"),
    Case("CreateAddon unsupported version", "create_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "vpc-cni",
          "addonVersion": "v9.9.9-eksbuild.1"}, 400, IPE, None),
    Case("CreateAddon version for older Kubernetes", "create_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "vpc-cni",
          "addonVersion": "v1.16.4-eksbuild.2"}, 400, IPE, None),
    Case("CreateAddon already there", "create_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "kube-proxy"}, 409,
         "ResourceInUseException", None),
    Case("CreateAddon unknown cluster", "create_addon",
         {"clusterName": "no-such-cluster", "addonName": "vpc-cni"}, 404,
         "ResourceNotFoundException", "no-such-cluster"),
    Case("CreateAddon resolveConflicts", "create_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "coredns",
          "resolveConflicts": "MAYBE"}, 400, IPE, "MAYBE"),
    Case("DescribeAddon not installed", "describe_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "coredns"}, 404,
         "ResourceNotFoundException", "coredns"),
    Case("DeleteAddon not installed", "delete_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "coredns"}, 404,
         "ResourceNotFoundException", "coredns"),
    Case("UpdateAddon not installed", "update_addon",
         {"clusterName": F.eks_cluster_name, "addonName": "coredns"}, 404,
         "ResourceNotFoundException", "coredns"),
    Case("DescribeAddonVersions maxResults 0", "describe_addon_versions", {"maxResults": 0},
         400, IPE, "maxResults"),
    Case("UpdateClusterConfig API_AND_CONFIG_MAP to CONFIG_MAP", "update_cluster_config",
         {"name": F.eks_cluster_name, "accessConfig": {"authenticationMode": "CONFIG_MAP"}},
         400, IPE, "Unsupported authentication mode update from API_AND_CONFIG_MAP to "
         "CONFIG_MAP"),
    Case("UpdateClusterConfig API to API_AND_CONFIG_MAP", "update_cluster_config",
         {"name": F.eks_134_name, "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}},
         400, IPE, "Unsupported authentication mode update from API to API_AND_CONFIG_MAP"),
    Case("UpdateClusterConfig API to CONFIG_MAP", "update_cluster_config",
         {"name": F.eks_134_name, "accessConfig": {"authenticationMode": "CONFIG_MAP"}},
         400, IPE, "Unsupported authentication mode update from API to CONFIG_MAP"),
    Case("UpdateClusterConfig to the same mode", "update_cluster_config",
         {"name": F.eks_cluster_name,
          "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}, 400, IPE, None),
    Case("UpdateClusterConfig with nothing to change", "update_cluster_config",
         {"name": F.eks_cluster_name}, 400, IPE, None),
    Case("UpdateClusterConfig two kinds at once", "update_cluster_config",
         {"name": F.eks_cluster_name,
          "logging": {"clusterLogging": [{"types": ["api"], "enabled": True}]},
          "resourcesVpcConfig": {"endpointPublicAccess": True}}, 400, IPE, None),
    Case("UpdateClusterConfig unknown cluster", "update_cluster_config",
         {"name": "no-such-cluster",
          "logging": {"clusterLogging": [{"types": ["api"], "enabled": True}]}}, 404,
         "ResourceNotFoundException", "no-such-cluster"),
    Case("DescribeUpdate unknown id", "describe_update",
         {"name": F.eks_cluster_name, "updateId": "00000000-0000-0000-0000-000000000000"},
         404, "ResourceNotFoundException", "00000000-0000-0000-0000-000000000000"),
    Case("DescribeUpdate unknown cluster", "describe_update",
         {"name": "no-such-cluster", "updateId": "00000000-0000-0000-0000-000000000000"},
         404, "ResourceNotFoundException", "no-such-cluster"),
    Case("ListUpdates unknown cluster", "list_updates", {"name": "no-such-cluster"}, 404,
         "ResourceNotFoundException", "no-such-cluster"),
]

# ===== IAM (awsQuery) ======================================================================
IVE = "ValidationError"

IAM_CASES = [
    Case("CreateRole with nothing", "create_role", {}, 400, IVE,
         f"2 validation errors detected: Value null at 'roleName' {NULL}; "
         f"Value null at 'assumeRolePolicyDocument' {NULL}"),
    Case("CreateRole without trust policy", "create_role", {"RoleName": "bad-request-role"},
         400, IVE, f"1 validation error detected: Value null at 'assumeRolePolicyDocument' "
         f"{NULL}"),
    Case("RoleName 65 characters", "create_role",
         {"RoleName": "r" * 65, "AssumeRolePolicyDocument": TRUST_EKS}, 400, IVE,
         "at 'roleName' failed to satisfy constraint: Member must have length less than or "
         "equal to 64"),
    Case("RoleName with a space", "create_role",
         {"RoleName": "bad name", "AssumeRolePolicyDocument": TRUST_EKS}, 400, IVE,
         "Value 'bad name' at 'roleName' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern: [\\w+=,.@-]+"),
    Case("RoleName empty", "create_role", {"RoleName": "", "AssumeRolePolicyDocument": TRUST_EKS},
         400, IVE, "Member must have length greater than or equal to 1"),
    Case("RoleName taken", "create_role",
         {"RoleName": F.eks_role_name, "AssumeRolePolicyDocument": TRUST_EKS}, 409,
         "EntityAlreadyExists", F.role_taken_message),
    Case("RoleName taken in other case", "create_role",
         {"RoleName": F.eks_role_name_upper, "AssumeRolePolicyDocument": TRUST_EKS}, 409,
         "EntityAlreadyExists", None),
    Case("trust policy not JSON", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": "not json"}, 400,
         "MalformedPolicyDocument", None),
    Case("trust policy with Effect Maybe", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": json.dumps({
             "Version": "2012-10-17", "Statement": [{"Effect": "Maybe", "Action": "*",
                                                    "Principal": "*"}]})}, 400,
         "MalformedPolicyDocument", "Syntax errors in policy."),
    Case("policy without Statement", "create_policy",
         {"PolicyName": "bad-request-policy", "PolicyDocument": '{"Version": "2012-10-17"}'},
         400, "MalformedPolicyDocument", "Missing required field Statement"),
    Case("MaxSessionDuration below 3600", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "MaxSessionDuration": 100}, 400, IVE,
         "Value '100' at 'maxSessionDuration' failed to satisfy constraint: Member must have "
         "value greater than or equal to 3600"),
    Case("MaxSessionDuration above 43200", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "MaxSessionDuration": 50000}, 400, IVE,
         "Member must have value less than or equal to 43200"),
    Case("MaxSessionDuration not a number", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "MaxSessionDuration": "abc"}, 400, IVE, "abc"),
    Case("Path without slashes", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "Path": "noslash"}, 400, IVE, "Value 'noslash' at 'path'"),
    Case("Description 1001 characters", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "Description": "d" * 1001}, 400, IVE,
         "at 'description' failed to satisfy constraint: Member must have length less than or "
         "equal to 1000"),
    Case("tag without value", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "Tags": [{"Key": "k"}]}, 400, IVE, f"Value null at 'tags.1.member.value' {NULL}"),
    Case("51 tags", "create_role",
         {"RoleName": "bad-request-role", "AssumeRolePolicyDocument": TRUST_EKS,
          "Tags": [{"Key": f"k{i}", "Value": "v"} for i in range(51)]}, 400, IVE,
         "Member must have length less than or equal to 50"),
    Case("GetRole unknown", "get_role", {"RoleName": "no-such-role"}, 404, "NoSuchEntity",
         "The role with name no-such-role cannot be found."),
    Case("GetRole without name", "get_role", {}, 400, IVE,
         f"1 validation error detected: Value null at 'roleName' {NULL}"),
    Case("DeleteRole unknown", "delete_role", {"RoleName": "no-such-role"}, 404,
         "NoSuchEntity", "The role with name no-such-role cannot be found."),
    Case("DeleteRole with attached policies", "delete_role", {"RoleName": F.eks_role_name},
         409, "DeleteConflict", "Cannot delete entity, must detach all policies first."),
    Case("DeleteRole with inline policies", "delete_role", {"RoleName": F.inline_role_name},
         409, "DeleteConflict", "Cannot delete entity, must delete policies first."),
    Case("AttachRolePolicy unknown policy", "attach_role_policy",
         {"RoleName": F.eks_role_name, "PolicyArn": "arn:aws:iam::aws:policy/NoSuchPolicy"},
         404, "NoSuchEntity",
         "Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."),
    Case("AttachRolePolicy unknown role", "attach_role_policy",
         {"RoleName": "no-such-role", "PolicyArn": stack.EKS_CLUSTER_POLICY}, 404,
         "NoSuchEntity", "The role with name no-such-role cannot be found."),
    Case("AttachRolePolicy short ARN", "attach_role_policy",
         {"RoleName": F.eks_role_name, "PolicyArn": "short"}, 400, IVE,
         "Value 'short' at 'policyArn' failed to satisfy constraint: Member must have length "
         "greater than or equal to 20"),
    Case("DetachRolePolicy not attached", "detach_role_policy",
         {"RoleName": F.eks_role_name,
          "PolicyArn": "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"}, 404, "NoSuchEntity",
         None),
    Case("PutRolePolicy not JSON", "put_role_policy",
         {"RoleName": F.eks_role_name, "PolicyName": "p", "PolicyDocument": "{bad"}, 400,
         "MalformedPolicyDocument", None),
    Case("PutRolePolicy name with a space", "put_role_policy",
         {"RoleName": F.eks_role_name, "PolicyName": "bad name",
          "PolicyDocument": INLINE_POLICY}, 400, IVE, "Value 'bad name' at 'policyName'"),
    Case("GetRolePolicy unknown", "get_role_policy",
         {"RoleName": F.eks_role_name, "PolicyName": "no-such-policy"}, 404, "NoSuchEntity",
         "no-such-policy"),
    Case("DeleteRolePolicy unknown", "delete_role_policy",
         {"RoleName": F.eks_role_name, "PolicyName": "no-such-policy"}, 404, "NoSuchEntity",
         "no-such-policy"),
    Case("UpdateAssumeRolePolicy unknown role", "update_assume_role_policy",
         {"RoleName": "no-such-role", "PolicyDocument": TRUST_EKS}, 404, "NoSuchEntity",
         "The role with name no-such-role cannot be found."),
    Case("CreatePolicy without document", "create_policy",
         {"PolicyName": "bad-request-policy"}, 400, IVE,
         f"Value null at 'policyDocument' {NULL}"),
    Case("CreatePolicy document is a list", "create_policy",
         {"PolicyName": "bad-request-policy", "PolicyDocument": "[]"}, 400,
         "MalformedPolicyDocument", None),
    Case("CreatePolicy name taken", "create_policy",
         {"PolicyName": F.customer_policy_name, "PolicyDocument": INLINE_POLICY}, 409,
         "EntityAlreadyExists", F.customer_policy_name),
    Case("GetPolicy unknown", "get_policy",
         {"PolicyArn": "arn:aws:iam::123456789012:policy/no-such-policy"}, 404, "NoSuchEntity",
         "arn:aws:iam::123456789012:policy/no-such-policy"),
    Case("GetPolicyVersion unknown version", "get_policy_version",
         {"PolicyArn": stack.EKS_CLUSTER_POLICY, "VersionId": "v999"}, 404, "NoSuchEntity",
         None),
    Case("GetPolicyVersion bad version id", "get_policy_version",
         {"PolicyArn": stack.EKS_CLUSTER_POLICY, "VersionId": "bad"}, 400, IVE,
         "Value 'bad' at 'versionId' failed to satisfy constraint: Member must satisfy "
         "regular expression pattern"),
    Case("DeletePolicy attached", "delete_policy", {"PolicyArn": F.customer_policy_arn}, 409,
         "DeleteConflict", "Cannot delete a policy attached to entities."),
    Case("DeletePolicy unknown", "delete_policy",
         {"PolicyArn": "arn:aws:iam::123456789012:policy/no-such-policy"}, 404, "NoSuchEntity",
         None),
    Case("ListRoles MaxItems 0", "list_roles", {"MaxItems": 0}, 400, IVE,
         "Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater "
         "than or equal to 1"),
    Case("ListRoles MaxItems 1001", "list_roles", {"MaxItems": 1001}, 400, IVE,
         "Member must have value less than or equal to 1000"),
    Case("ListRoles PathPrefix without slash", "list_roles", {"PathPrefix": "noslash"}, 400,
         IVE, "Value 'noslash' at 'pathPrefix'"),
]

# ===== STS (awsQuery) ======================================================================
# STS validates like IAM (ValidationError, lowerCamelCase paths such as 'durationSeconds').

STS_CASES = [
    Case("AssumeRole with nothing", "assume_role", {}, 400, IVE,
         f"Value null at 'roleArn' {NULL}"),
    Case("AssumeRole DurationSeconds 100", "assume_role",
         {"RoleArn": F.eks_role_arn, "RoleSessionName": "s", "DurationSeconds": 100}, 400,
         IVE, "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have "
         "value greater than or equal to 900"),
    Case("AssumeRole longer than the role's MaxSessionDuration", "assume_role",
         {"RoleArn": F.eks_role_arn, "RoleSessionName": "session", "DurationSeconds": 7200},
         400, IVE, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."),
    Case("GetSessionToken DurationSeconds 1", "get_session_token", {"DurationSeconds": 1},
         400, IVE, "at 'durationSeconds' failed to satisfy constraint: Member must have value "
         "greater than or equal to 900"),
]

# ===== EC2 (ec2Query): every client error is HTTP 400 ======================================
IPV = "InvalidParameterValue"

EC2_CASES = [
    Case("CreateVpc without CIDR", "create_vpc", {}, 400, "MissingParameter", None),
    Case("CreateVpc /8", "create_vpc", {"CidrBlock": "10.0.0.0/8"}, 400, "InvalidVpc.Range",
         "The CIDR '10.0.0.0/8' is invalid."),
    Case("CreateVpc /29", "create_vpc", {"CidrBlock": "10.0.0.0/29"}, 400, "InvalidVpc.Range",
         "10.0.0.0/29"),
    Case("CreateVpc not a CIDR", "create_vpc", {"CidrBlock": "notacidr"}, 400, IPV,
         "notacidr"),
    Case("CreateVpc tenancy", "create_vpc",
         {"CidrBlock": "10.9.0.0/16", "InstanceTenancy": "shared"}, 400, IPV, "shared"),
    Case("DescribeVpcs unknown", "describe_vpcs", {"VpcIds": ["vpc-0123456789abcdef0"]}, 400,
         "InvalidVpcID.NotFound", "The vpc ID 'vpc-0123456789abcdef0' does not exist"),
    Case("DescribeVpcs unknown filter", "describe_vpcs",
         {"Filters": [{"Name": "bogus", "Values": ["x"]}]}, 400, IPV,
         "The filter 'bogus' is invalid"),
    Case("DeleteVpc with subnets", "delete_vpc", {"VpcId": F.vpc_id}, 400,
         "DependencyViolation", F.vpc_dependency_message),
    Case("DeleteVpc unknown", "delete_vpc", {"VpcId": "vpc-0123456789abcdef0"}, 400,
         "InvalidVpcID.NotFound", "vpc-0123456789abcdef0"),
    Case("DeleteVpc without id", "delete_vpc", {}, 400, "MissingParameter", "vpcId"),
    Case("CreateSubnet without VpcId", "create_subnet", {"CidrBlock": "10.0.9.0/24"}, 400,
         "MissingParameter", "vpcId"),
    Case("CreateSubnet unknown VPC", "create_subnet",
         {"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.9.0/24"}, 400,
         "InvalidVpcID.NotFound", "vpc-0123456789abcdef0"),
    Case("CreateSubnet overlapping", "create_subnet",
         {"VpcId": F.vpc_id, "CidrBlock": "10.0.1.0/24"}, 400, "InvalidSubnet.Conflict",
         "The CIDR '10.0.1.0/24' conflicts with another subnet"),
    Case("CreateSubnet outside the VPC", "create_subnet",
         {"VpcId": F.vpc_id, "CidrBlock": "192.168.0.0/24"}, 400, "InvalidSubnet.Range",
         "The CIDR '192.168.0.0/24' is invalid."),
    Case("CreateSubnet /30", "create_subnet", {"VpcId": F.vpc_id, "CidrBlock": "10.0.9.0/30"},
         400, "InvalidSubnet.Range", None),
    Case("CreateSubnet unknown zone", "create_subnet",
         {"VpcId": F.vpc_id, "CidrBlock": "10.0.9.0/24", "AvailabilityZone": "us-west-2z"},
         400, IPV, "us-west-2z"),
    Case("DescribeSubnets unknown", "describe_subnets",
         {"SubnetIds": ["subnet-0123456789abcdef0"]}, 400, "InvalidSubnetID.NotFound",
         "The subnet ID 'subnet-0123456789abcdef0' does not exist"),
    Case("DeleteSubnet unknown", "delete_subnet", {"SubnetId": "subnet-0123456789abcdef0"},
         400, "InvalidSubnetID.NotFound", "subnet-0123456789abcdef0"),
    Case("DeleteSubnet without id", "delete_subnet", {}, 400, "MissingParameter", "subnetId"),
    Case("DeleteSubnet holding HyperPod nodes", "delete_subnet",
         {"SubnetId": F.node_subnet_id}, 400, "DependencyViolation",
         "has dependencies and cannot be deleted"),
    Case("CreateSecurityGroup name taken", "create_security_group",
         {"GroupName": F.security_group_name, "Description": "d", "VpcId": F.vpc_id}, 400,
         "InvalidGroup.Duplicate", F.group_duplicate_message),
    Case("CreateSecurityGroup without name", "create_security_group",
         {"Description": "d", "VpcId": F.vpc_id}, 400, "MissingParameter", "groupName"),
    # EC2 names the wire parameter (getmoto/moto#112 and boto/boto3#347 quote the answer).
    Case("CreateSecurityGroup without description", "create_security_group",
         {"GroupName": "bad-request-sg", "VpcId": F.vpc_id}, 400, "MissingParameter",
         "The request must contain the parameter GroupDescription"),
    Case("CreateSecurityGroup name sg-", "create_security_group",
         {"GroupName": "sg-bad", "Description": "d", "VpcId": F.vpc_id}, 400, IPV,
         "Group names may not be in the format sg-*"),
    Case("CreateSecurityGroup unknown VPC", "create_security_group",
         {"GroupName": "bad-request-sg", "Description": "d", "VpcId": "vpc-0123456789abcdef0"},
         400, "InvalidVpcID.NotFound", "vpc-0123456789abcdef0"),
    # "default" is reserved in every VPC (hashicorp/terraform#17343 quotes EC2's answer).
    Case("CreateSecurityGroup named default", "create_security_group",
         {"GroupName": "default", "Description": "d", "VpcId": F.vpc_id}, 400, IPV,
         "Cannot use reserved security group name: default"),
    # Group names are at most 255 characters (EC2 API reference, CreateSecurityGroup).
    Case("CreateSecurityGroup name 256 characters", "create_security_group",
         {"GroupName": "g" * 256, "Description": "d", "VpcId": F.vpc_id}, 400, IPV, None),
    Case("DescribeSecurityGroups unknown", "describe_security_groups",
         {"GroupIds": ["sg-0123456789abcdef0"]}, 400, "InvalidGroup.NotFound",
         "The security group 'sg-0123456789abcdef0' does not exist"),
    Case("DeleteSecurityGroup unknown", "delete_security_group",
         {"GroupId": "sg-0123456789abcdef0"}, 400, "InvalidGroup.NotFound",
         "sg-0123456789abcdef0"),
    Case("DeleteSecurityGroup without id or name", "delete_security_group", {}, 400,
         "MissingParameter", None),
    Case("DeleteSecurityGroup referenced by another group", "delete_security_group",
         {"GroupId": F.security_group_id}, 400, "DependencyViolation",
         F.group_dependency_message),
    Case("DeleteSecurityGroup default", "delete_security_group",
         {"GroupId": F.default_security_group_id}, 400, "CannotDelete", None),
    Case("Authorize without permissions", "authorize_security_group_ingress",
         {"GroupId": F.security_group_id}, 400, "MissingParameter", None),
    Case("Authorize duplicate rule", "authorize_security_group_ingress",
         {"GroupId": F.security_group_id,
          "IpPermissions": [{"IpProtocol": "-1",
                             "UserIdGroupPairs": [{"GroupId": F.security_group_id}]}]},
         400, "InvalidPermission.Duplicate", "already exists"),
    Case("Authorize unknown group", "authorize_security_group_ingress",
         {"GroupId": "sg-0123456789abcdef0",
          "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                             "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]}, 400,
         "InvalidGroup.NotFound", "sg-0123456789abcdef0"),
    # aws/aws-cli#2428 and smoketurner/serverless-vpc-plugin#318 quote this answer.
    Case("Authorize malformed CIDR", "authorize_security_group_ingress",
         {"GroupId": F.security_group_id,
          "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
                             "IpRanges": [{"CidrIp": "bogus"}]}]}, 400, IPV,
         "CIDR block bogus is malformed"),
    Case("DescribeAvailabilityZones unknown", "describe_availability_zones",
         {"ZoneNames": ["us-west-2z"]}, 400, IPV, "us-west-2z"),
]

# ===== S3 (restXml) ========================================================================
IN_WEST = {"LocationConstraint": harness.REGION}

S3_CASES = [
    Case("CreateBucket owned, outside us-east-1", "create_bucket",
         {"Bucket": F.bucket, "CreateBucketConfiguration": IN_WEST}, 409,
         "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket "
         "succeeded and you already own it."),
    Case("CreateBucket uppercase and underscore", "create_bucket",
         {"Bucket": "Bad_Bucket", "CreateBucketConfiguration": IN_WEST}, 400,
         "InvalidBucketName", "The specified bucket is not valid."),
    Case("CreateBucket two characters", "create_bucket",
         {"Bucket": "ab", "CreateBucketConfiguration": IN_WEST}, 400, "InvalidBucketName",
         None),
    Case("CreateBucket 64 characters", "create_bucket",
         {"Bucket": "b" * 64, "CreateBucketConfiguration": IN_WEST}, 400, "InvalidBucketName",
         None),
    Case("CreateBucket shaped like an IP address", "create_bucket",
         {"Bucket": "192.168.1.1", "CreateBucketConfiguration": IN_WEST}, 400,
         "InvalidBucketName", None),
    Case("CreateBucket without location outside us-east-1", "create_bucket",
         {"Bucket": "bad-request-bucket"}, 400, "IllegalLocationConstraintException",
         "The unspecified location constraint is incompatible for the region specific "
         "endpoint this request was sent to."),
    Case("CreateBucket location of another region", "create_bucket",
         {"Bucket": "bad-request-bucket",
          "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}}, 400,
         "IllegalLocationConstraintException", "The eu-west-1 location constraint is "
         "incompatible for the region specific endpoint this request was sent to."),
    # us-east-1 takes no location constraint; naming it is refused (boto/boto3#125).
    Case("CreateBucket us-east-1 naming us-east-1", "create_bucket",
         {"Bucket": "bad-request-bucket",
          "CreateBucketConfiguration": {"LocationConstraint": "us-east-1"}}, 400,
         "InvalidLocationConstraint", "The specified location-constraint is not valid",
         region="us-east-1"),
    Case("DeleteBucket not empty", "delete_bucket", {"Bucket": F.bucket}, 409,
         "BucketNotEmpty", "The bucket you tried to delete is not empty"),
    Case("DeleteBucket unknown", "delete_bucket", {"Bucket": "no-such-bucket-x"}, 404,
         "NoSuchBucket", "The specified bucket does not exist"),
    Case("PutObject unknown bucket", "put_object",
         {"Bucket": "no-such-bucket-x", "Key": "k", "Body": b"x"}, 404, "NoSuchBucket",
         "The specified bucket does not exist"),
    Case("PutObject key 1025 bytes", "put_object",
         {"Bucket": F.bucket, "Key": "k" * 1025, "Body": b"x"}, 400, "KeyTooLongError",
         "Your key is too long"),
    Case("GetObject unknown key", "get_object", {"Bucket": F.bucket, "Key": "no-such-key"},
         404, "NoSuchKey", "The specified key does not exist."),
    Case("GetObject unknown bucket", "get_object",
         {"Bucket": "no-such-bucket-x", "Key": "k"}, 404, "NoSuchBucket", None),
    # HEAD answers carry no body: the SDK names the error after the status.
    Case("HeadObject unknown key", "head_object", {"Bucket": F.bucket, "Key": "no-such-key"},
         404, "404", None),
    Case("HeadBucket unknown", "head_bucket", {"Bucket": "no-such-bucket-x"}, 404, "404",
         None),
    Case("ListObjectsV2 unknown bucket", "list_objects_v2", {"Bucket": "no-such-bucket-x"},
         404, "NoSuchBucket", None),
    Case("ListObjectsV2 bad continuation token", "list_objects_v2",
         {"Bucket": F.bucket, "ContinuationToken": "garbage"}, 400, "InvalidArgument", None),
    # S3 refuses a negative max-keys (floci-io/floci#3510, brekkylab/backlot#192 measured it).
    Case("ListObjectsV2 MaxKeys negative", "list_objects_v2", {"Bucket": F.bucket, "MaxKeys": -1},
         400, "InvalidArgument", "Argument maxKeys must be an integer between 0 and "
         "2147483647"),
    # versity/versitygw#1984 quotes S3's answer.
    Case("ListObjectsV2 EncodingType base64", "list_objects_v2",
         {"Bucket": F.bucket, "EncodingType": "base64"}, 400, "InvalidArgument",
         "Invalid Encoding Method specified in Request"),
    Case("DeleteObject unknown bucket", "delete_object",
         {"Bucket": "no-such-bucket-x", "Key": "k"}, 404, "NoSuchBucket", None),
]

TABLES = {
    "sagemaker": SAGEMAKER_SHAPES + SAGEMAKER_RULES,
    "eks": EKS_CASES,
    "iam": IAM_CASES,
    "sts": STS_CASES,
    "ec2": EC2_CASES,
    "s3": S3_CASES,
}


class CorpusTestCase(harness.ServerTestCase):
    """Runs table cases against self.server; the inventory must not change."""

    fixtures = None
    watched = {}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clients = corpus.Clients(cls.server)
        cls.last_inventory = corpus.inventory(cls.clients, cls.watched)

    def run_case(self, service, case):
        before = type(self).last_inventory
        try:
            corpus.call_expecting_error(self, self.clients, service, case, self.fixtures)
        finally:
            after = corpus.inventory(self.clients, self.watched)
            type(self).last_inventory = after
        changed = corpus.inventory_diff(before, after)
        self.assertFalse(changed, f"the refused request changed the account:\n{changed}")


# ===== the main corpus =====================================================================

class BadRequestsTest(CorpusTestCase):
    CLOCK = "instant"

    @classmethod
    def prepare(cls):
        server = cls.server
        base = stack.build_stack(server)
        ec2, iam, eks = server.client("ec2"), server.client("iam"), server.client("eks")
        sm = server.client("sagemaker")
        net = base.network

        # EC2: a second subnet in the first zone, the default VPC's subnets and group, and a
        # group whose rule names the stack's group (so that one cannot be deleted).
        same_az = ec2.create_subnet(VpcId=net.vpc_id, CidrBlock="10.0.3.0/24",
                                    AvailabilityZone=stack.AZS[0])["Subnet"]["SubnetId"]
        default_vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])
        default_vpc_id = default_vpc["Vpcs"][0]["VpcId"]
        default_subnets = ec2.describe_subnets(
            Filters=[{"Name": "vpc-id", "Values": [default_vpc_id]}])["Subnets"]
        default_subnets.sort(key=lambda s: s["AvailabilityZone"])
        default_sg = ec2.describe_security_groups(Filters=[
            {"Name": "vpc-id", "Values": [default_vpc_id]},
            {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]["GroupId"]
        sg_name = ec2.describe_security_groups(
            GroupIds=[net.security_group_id])["SecurityGroups"][0]["GroupName"]
        referencing = ec2.create_security_group(GroupName="bad-request-referencing",
                                                Description="names the stack group",
                                                VpcId=net.vpc_id)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=referencing, IpPermissions=[
            {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": net.security_group_id}]}])

        # IAM: a role with an inline policy, a customer policy attached to the EKS role, and
        # a role HyperPod's autoscaling would assume.
        inline_role = stack.unique("bad-request-inline")
        iam.create_role(RoleName=inline_role,
                        AssumeRolePolicyDocument=stack.trust_policy("sagemaker.amazonaws.com"))
        iam.put_role_policy(RoleName=inline_role, PolicyName="read",
                            PolicyDocument=INLINE_POLICY)
        policy_name = stack.unique("bad-request-policy")
        policy_arn = iam.create_policy(PolicyName=policy_name,
                                       PolicyDocument=INLINE_POLICY)["Policy"]["Arn"]
        eks_role_name = base.eks_role_arn.split("/")[-1]
        iam.attach_role_policy(RoleName=eks_role_name, PolicyArn=policy_arn)
        cluster_role = stack.create_role(iam, stack.unique("bad-request-autoscaling"),
                                         "hyperpod.sagemaker.amazonaws.com",
                                         stack.HYPERPOD_INSTANCE_POLICY)

        # EKS: a managed kube-proxy on the base cluster, and three clusters HyperPod refuses.
        eks.create_addon(clusterName=base.eks_cluster_name, addonName="kube-proxy")
        eks_134 = cls.active_eks(base, "bad-request-134", "1.34", "API")
        eks_configmap = cls.active_eks(base, "bad-request-configmap", "1.31", "CONFIG_MAP")
        eks_old_cni = cls.active_eks(base, "bad-request-old-cni", "1.29", "API_AND_CONFIG_MAP")
        eks.create_addon(clusterName=eks_old_cni["name"], addonName="vpc-cni",
                         addonVersion="v1.16.4-eksbuild.2")
        harness.wait_until(
            lambda: eks.describe_addon(clusterName=eks_old_cni["name"],
                                       addonName="vpc-cni")["addon"]["status"] == "ACTIVE",
            30, what="the old vpc-cni add-on")

        # SageMaker: a cluster that holds a name and has nodes in the stack's subnets.
        taken = "bad-request-taken"
        taken_arn = sm.create_cluster(**stack.hyperpod_request(taken, base, count=1))[
            "ClusterArn"]
        stack.wait_hyperpod_in_service(server, sm, taken)
        node = stack.list_all_nodes(sm, taken)[0]
        node_subnet = sm.describe_cluster_node(ClusterName=taken, NodeId=node["InstanceId"])[
            "NodeDetails"]
        node_subnet_id = cls.subnet_of(ec2, node_subnet["PrivatePrimaryIp"], net.subnet_ids)

        cls.fixtures = types.SimpleNamespace(
            vpc_id=net.vpc_id, subnet_ids=net.subnet_ids,
            security_group_id=net.security_group_id, security_group_name=sg_name,
            same_az_subnet_id=same_az,
            default_subnet_ids=[s["SubnetId"] for s in default_subnets],
            default_security_group_id=default_sg,
            node_subnet_id=node_subnet_id,
            bucket=base.bucket, s3_uri=base.s3_uri,
            eks_role_arn=base.eks_role_arn, eks_role_name=eks_role_name,
            eks_role_name_upper=eks_role_name.upper(),
            execution_role_arn=base.execution_role_arn, cluster_role_arn=cluster_role,
            inline_role_name=inline_role,
            customer_policy_name=policy_name, customer_policy_arn=policy_arn,
            eks_cluster_name=base.eks_cluster_name, eks_cluster_arn=base.eks_cluster_arn,
            eks_134_name=eks_134["name"], eks_134_arn=eks_134["arn"],
            eks_configmap_arn=eks_configmap["arn"], eks_old_cni_arn=eks_old_cni["arn"],
            missing_eks_arn=f"arn:aws:eks:{harness.REGION}:123456789012:cluster/no-such-eks",
            taken_cluster=taken, taken_cluster_arn=taken_arn,
            # Messages AWS is known to send, with this run's names in them.
            eks_name_taken_message=f"Cluster already exists with name: {base.eks_cluster_name}",
            role_taken_message=f"Role with name {eks_role_name} already exists.",
            vpc_dependency_message=f"The vpc '{net.vpc_id}' has dependencies and cannot be "
                                   "deleted.",
            group_duplicate_message=f"The security group '{sg_name}' already exists for VPC "
                                    f"'{net.vpc_id}'",
            group_dependency_message=f"resource {net.security_group_id} has a dependent object",
        )
        cls.watched = {
            "eks": [base.eks_cluster_name, eks_134["name"], eks_old_cni["name"]],
            "roles": [eks_role_name, inline_role, base.execution_role_arn.split("/")[-1]],
            "policies": [policy_arn, "arn:aws:iam::123456789012:policy/bad-request-policy"],
            "buckets": [base.bucket],
        }

    @classmethod
    def active_eks(cls, base, prefix, version, mode):
        eks = cls.server.client("eks")
        name = stack.unique(prefix)
        cluster = eks.create_cluster(
            name=name, version=version, roleArn=base.eks_role_arn,
            resourcesVpcConfig={"subnetIds": base.network.subnet_ids,
                                "securityGroupIds": [base.network.security_group_id]},
            accessConfig={"authenticationMode": mode,
                          "bootstrapClusterCreatorAdminPermissions": True})["cluster"]
        stack.wait_for_status(cls.server, stack.eks_status(eks, name), "ACTIVE",
                              failed=("FAILED",), timeout_s=30)
        return cluster

    @staticmethod
    def subnet_of(ec2, ip, subnet_ids):
        """The subnet (of subnet_ids) whose CIDR holds ip."""
        for s in ec2.describe_subnets(SubnetIds=subnet_ids)["Subnets"]:
            if ipaddress.ip_address(ip) in ipaddress.ip_network(s["CidrBlock"]):
                return s["SubnetId"]
        raise AssertionError(f"no subnet of {subnet_ids} holds {ip}")

    def test_corpus_size(self):
        counts = {service: len(cases) for service, cases in TABLES.items()}
        self.assertGreaterEqual(sum(counts.values()), 150, counts)

    def test_zz_server_still_healthy(self):
        """Runs last (methods run in name order): the corpus did not hurt the server."""
        status, body = self.server.admin("GET", "health")
        self.assertEqual((status, body.get("status")), (200, "ok"), body)


corpus.add_case_methods(BadRequestsTest, TABLES)


# ===== requests that meet a resource in transition (manual clock) ===========================

IN_TRANSITION = [
    Case("UpdateClusterConfig while an update runs", "update_cluster_config",
         {"name": F.eks_cluster_name,
          "resourcesVpcConfig": {"endpointPublicAccess": True}}, 409,
         "ResourceInUseException", F.update_id),
    Case("UpdateClusterConfig while CREATING", "update_cluster_config",
         {"name": F.creating_eks_name,
          "logging": {"clusterLogging": [{"types": ["api"], "enabled": True}]}}, 409,
         "ResourceInUseException", None),
    Case("DeleteCluster while CREATING", "delete_cluster", {"name": F.creating_eks_name}, 409,
         "ResourceInUseException", None),
    Case("UpdateAddon while CREATING", "update_addon",
         {"clusterName": F.addon_eks_name, "addonName": "kube-proxy",
          "configurationValues": "{}"}, 409, "ResourceInUseException", None),
]

HYPERPOD_IN_TRANSITION = [
    Case("HyperPod on an EKS cluster still CREATING", "create_cluster",
         hp_cluster(Orchestrator={"Eks": {"ClusterArn": F.creating_eks_arn}}), 400, VE,
         "ACTIVE"),
    Case("UpdateCluster while Creating", "update_cluster",
         {"ClusterName": F.creating_hyperpod, "InstanceGroups": [hp_group(InstanceCount=2)]},
         400, "ConflictException", None),
]


class InTransitionTest(CorpusTestCase):
    CLOCK = "manual"

    @classmethod
    def prepare(cls):
        server = cls.server
        base = stack.build_stack(server)
        eks, sm = server.client("eks"), server.client("sagemaker")

        # A HyperPod cluster that stays Creating: nothing moves unless the test advances.
        creating_hp = "bad-request-creating"
        sm.create_cluster(**stack.hyperpod_request(creating_hp, base, count=1))

        # Another ACTIVE cluster with a managed add-on still CREATING.
        addon_stack = stack.add_eks_cluster(server, base)
        eks.create_addon(clusterName=addon_stack.eks_cluster_name, addonName="kube-proxy")

        # An EKS cluster still CREATING, and an update in progress on the base one.
        creating = stack.create_eks_cluster(eks, stack.unique("bad-request-creating"),
                                            base.eks_role_arn, base.network)
        update = eks.update_cluster_config(name=base.eks_cluster_name, logging={
            "clusterLogging": [{"types": ["api"], "enabled": True}]})["update"]

        cls.fixtures = types.SimpleNamespace(
            s3_uri=base.s3_uri, execution_role_arn=base.execution_role_arn,
            security_group_id=base.network.security_group_id,
            subnet_ids=base.network.subnet_ids, eks_cluster_arn=base.eks_cluster_arn,
            eks_cluster_name=base.eks_cluster_name, update_id=update["id"],
            creating_eks_name=creating["name"], creating_eks_arn=creating["arn"],
            addon_eks_name=addon_stack.eks_cluster_name, creating_hyperpod=creating_hp)
        cls.watched = {"eks": [base.eks_cluster_name, addon_stack.eks_cluster_name],
                       "buckets": [base.bucket]}


corpus.add_case_methods(InTransitionTest, {"eks": IN_TRANSITION,
                                           "sagemaker": HYPERPOD_IN_TRANSITION})


# ===== service quotas ======================================================================

P4D_QUOTA = "ml.p4d.24xlarge for cluster usage"


class QuotaTest(harness.ServerTestCase):
    """A new account's quota of 2 p4d instances: CreateCluster and UpdateCluster count them."""

    CLOCK = "instant"
    SERVER_ARGS = ("--quota", f"{P4D_QUOTA}=2")

    @classmethod
    def prepare(cls):
        cls.base = stack.build_stack(cls.server)
        cls.sm = corpus.Clients(cls.server).get("sagemaker")

    def p4d_request(self, name, count):
        return stack.hyperpod_request(name, self.base, instance_type="ml.p4d.24xlarge",
                                      count=count)

    def assert_limit(self, call, used, delta):
        with self.assertRaises(self.sm.exceptions.ResourceLimitExceeded) as caught:
            call()
        error = caught.exception.response
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 400)
        # The code has no "Exception" suffix; the spec's error table has it wrong.
        self.assertEqual(error["Error"]["Code"], "ResourceLimitExceeded")
        self.assertIn(f"The account-level service limit '{P4D_QUOTA}' is 2 Instances, with "
                      f"current utilization of {used} Instances and a request delta of "
                      f"{delta} Instances.", error["Error"]["Message"])

    def cluster_names(self):
        return {c["ClusterName"] for c in self.sm.list_clusters()["ClusterSummaries"]}

    def test_a_create_over_quota(self):
        self.assert_limit(lambda: self.sm.create_cluster(**self.p4d_request("over-quota", 3)),
                          used=0, delta=3)
        self.assertNotIn("over-quota", self.cluster_names())

    def test_b_quota_counts_clusters_in_use(self):
        self.sm.create_cluster(**self.p4d_request("within-quota", 2))
        self.addCleanup(self.sm.delete_cluster, ClusterName="within-quota")
        stack.wait_hyperpod_in_service(self.server, self.sm, "within-quota")

        self.assert_limit(lambda: self.sm.create_cluster(**self.p4d_request("one-more", 1)),
                          used=2, delta=1)
        self.assertNotIn("one-more", self.cluster_names())

        group = self.p4d_request("within-quota", 3)["InstanceGroups"][0]
        self.assert_limit(lambda: self.sm.update_cluster(ClusterName="within-quota",
                                                         InstanceGroups=[group]),
                          used=2, delta=1)
        described = self.sm.describe_cluster(ClusterName="within-quota")
        self.assertEqual(described["InstanceGroups"][0]["TargetCount"], 2)


# ===== malformed requests, sent raw ========================================================
# No SDK sends these; each answer is read the way the protocol's SDK reads an error.

JSON11 = "application/x-amz-json-1.1"
FORM = "application/x-www-form-urlencoded; charset=utf-8"


def sm_target(operation):
    return {"X-Amz-Target": f"SageMaker.{operation}", "Content-Type": JSON11}


# name, signing service, method, path, headers, body, status, error shape, code
RAW_CASES = [
    ("SageMaker body not JSON", "sagemaker", "POST", "/", sm_target("ListClusters"),
     b"{not json", 400, "json", "SerializationException"),
    ("SageMaker body a JSON array", "sagemaker", "POST", "/", sm_target("ListClusters"),
     b"[1, 2]", 400, "json", "SerializationException"),
    ("SageMaker body a JSON string", "sagemaker", "POST", "/", sm_target("ListClusters"),
     b'"text"', 400, "json", "SerializationException"),
    ("SageMaker number sent as text", "sagemaker", "POST", "/", sm_target("ListClusters"),
     b'{"MaxResults": "ten"}', 400, "json", "SerializationException"),
    ("SageMaker CreateCluster body not JSON", "sagemaker", "POST", "/",
     sm_target("CreateCluster"), b'{"ClusterName": "raw-bad", ', 400, "json",
     "SerializationException"),
    ("SageMaker without X-Amz-Target", "sagemaker", "POST", "/", {"Content-Type": JSON11},
     b"{}", 400, "json", "UnknownOperationException"),
    ("SageMaker unknown operation", "sagemaker", "POST", "/", sm_target("NoSuchOp"), b"{}",
     400, "json", "UnknownOperationException"),
    ("SageMaker target of another service", "sagemaker", "POST", "/",
     {"X-Amz-Target": "AmazonEKS.ListClusters", "Content-Type": JSON11}, b"{}", 400, "json",
     "UnknownOperationException"),
    ("EKS body not JSON", "eks", "POST", "/clusters", {"Content-Type": "application/json"},
     b"{bad", 400, "rest-json", "SerializationException"),
    ("EKS body a JSON array", "eks", "POST", "/clusters",
     {"Content-Type": "application/json"}, b"[]", 400, "rest-json", "SerializationException"),
    ("EKS unknown path", "eks", "GET", "/no-such-path", {}, b"", 404, "rest-json",
     "UnknownOperationException"),
    ("IAM unknown Action", "iam", "POST", "/", {"Content-Type": FORM},
     b"Action=NoSuchAction&Version=2010-05-08", 400, "query", "InvalidAction"),
    ("IAM without Action", "iam", "POST", "/", {"Content-Type": FORM}, b"Version=2010-05-08",
     400, "query", "MissingAction"),
    ("IAM GetRole without RoleName", "iam", "POST", "/", {"Content-Type": FORM},
     b"Action=GetRole&Version=2010-05-08", 400, "query", "ValidationError"),
    ("STS unknown Action", "sts", "POST", "/", {"Content-Type": FORM},
     b"Action=NoSuchAction&Version=2011-06-15", 400, "query", "InvalidAction"),
    # Query services find an operation by Action and Version together.
    ("STS unknown API version", "sts", "POST", "/", {"Content-Type": FORM},
     b"Action=GetCallerIdentity&Version=1999-01-01", 400, "query", "InvalidAction"),
    ("EC2 unknown Action", "ec2", "POST", "/", {"Content-Type": FORM},
     b"Action=NoSuchAction&Version=2016-11-15", 400, "ec2", "InvalidAction"),
    ("S3 CreateBucket truncated XML", "s3", "PUT", "/raw-bad-bucket-1", {},
     b"<CreateBucketConfiguration><LocationConstraint>us-west-2", 400, "s3", "MalformedXML"),
    ("S3 CreateBucket body not XML", "s3", "PUT", "/raw-bad-bucket-2", {}, b"not xml at all",
     400, "s3", "MalformedXML"),
    ("S3 method a bucket does not take", "s3", "PATCH", "/raw-bad-bucket-3", {}, b"", 405,
     "s3", "MethodNotAllowed"),
]


def raw_exchange(port, data, half_close=True):
    """Writes data on a new connection; returns (status, headers, body) of the answer."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=15)
    try:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.getheaders(), response.read()
    finally:
        sock.close()


class MalformedRequestsTest(CorpusTestCase):
    CLOCK = "instant"

    @classmethod
    def prepare(cls):
        bucket, _ = stack.create_lifecycle_bucket(cls.server.client("s3"))
        cls.fixtures = types.SimpleNamespace(bucket=bucket)
        cls.watched = {"buckets": [bucket]}

    def assert_answer(self, status, headers, body, want_status, shape, want_code):
        text = body.decode(errors="replace")[:600]
        self.assertEqual(status, want_status, text)
        try:
            code = corpus.error_code(shape, headers, body)
        except Exception as e:  # noqa: BLE001 - any parse failure is the finding
            self.fail(f"answer is not a {shape} error ({e}): {text}")
        self.assertEqual(code, want_code, text)

    def run_raw(self, service, method, path, headers, body, status, shape, code):
        before = type(self).last_inventory
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=15)
        try:
            conn.request(method, path, body=body,
                         headers={"Authorization": corpus.fake_authorization(service),
                                  **headers})
            response = conn.getresponse()
            answer = (response.status, response.getheaders(), response.read())
        finally:
            conn.close()
        self.assert_answer(*answer, status, shape, code)
        self.assert_unchanged(before)

    def assert_unchanged(self, before):
        self.assert_healthy()
        after = corpus.inventory(self.clients, self.watched)
        type(self).last_inventory = after
        changed = corpus.inventory_diff(before, after)
        self.assertFalse(changed, f"the refused request changed the account:\n{changed}")

    def assert_healthy(self):
        status, body = self.server.admin("GET", "health")
        self.assertEqual((status, body.get("status")), (200, "ok"), body)

    def put_object_head(self, key, content_length):
        return (f"PUT /{self.fixtures.bucket}/{key} HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{self.server.port}\r\n"
                f"Authorization: {corpus.fake_authorization('s3')}\r\n"
                f"Content-Type: application/octet-stream\r\n"
                f"Content-Length: {content_length}\r\n\r\n").encode()

    def test_oversized_body(self):
        """A PutObject announcing 64 MiB + 1 byte is refused (S3 answers EntityTooLarge with
        400 Bad Request) before its body is read, and nothing breaks."""
        before = type(self).last_inventory
        head = self.put_object_head("too-big", 64 * 1024 * 1024 + 1)
        answer = raw_exchange(self.server.port, head + b"x" * 65536, half_close=False)
        self.assert_answer(*answer, 400, "s3", "EntityTooLarge")
        self.assert_unchanged(before)

    def test_truncated_body(self):
        """The client announces 1000 bytes, sends 10 and closes its side."""
        before = type(self).last_inventory
        answer = raw_exchange(self.server.port,
                              self.put_object_head("truncated", 1000) + b"0123456789")
        # S3's answer when fewer bytes arrive than Content-Length announced (S3 error list).
        self.assert_answer(*answer, 400, "s3", "IncompleteBody")
        self.assert_unchanged(before)

    def test_bad_content_length(self):
        """Content-Length that is not a number: refused, and the server keeps serving."""
        before = type(self).last_inventory
        answer = raw_exchange(self.server.port, self.put_object_head("bad-length", "abc") +
                              b"abc")
        # AWS's front end answers HTTP 400; its exact body is not published.
        self.assert_answer(*answer, 400, "s3", "BadRequest")
        self.assert_unchanged(before)

    def test_two_content_lengths(self):
        before = type(self).last_inventory
        head = self.put_object_head("two-lengths", 3).replace(
            b"\r\n\r\n", b"\r\nContent-Length: 4\r\n\r\n")
        answer = raw_exchange(self.server.port, head + b"abcd")
        self.assert_answer(*answer, 400, "s3", "BadRequest")
        self.assert_unchanged(before)

    def test_zz_server_still_healthy(self):
        """Runs last: after the whole corpus the server answers health and real requests."""
        self.assert_healthy()
        sm = self.clients.get("sagemaker", validate=True)
        self.assertEqual(sm.list_clusters()["ClusterSummaries"], [])
        s3 = self.clients.get("s3", validate=True)
        s3.put_object(Bucket=self.fixtures.bucket, Key="after-the-corpus", Body=b"ok")
        got = s3.get_object(Bucket=self.fixtures.bucket, Key="after-the-corpus")["Body"].read()
        self.assertEqual(got, b"ok")


for _case in RAW_CASES:
    def _raw_test(self, case=_case):
        self.run_raw(*case[1:])
    _raw_test.__name__ = corpus.method_name("raw", _case[0])
    _raw_test.__doc__ = f"{_case[2]} {_case[3]} ({_case[1]}): {_case[0]} -> {_case[6]} {_case[8]}"
    setattr(MalformedRequestsTest, _raw_test.__name__, _raw_test)


if __name__ == "__main__":
    unittest.main()
