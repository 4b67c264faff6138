#!/usr/bin/env python3
"""Each mistake in the spec's own examples is caught with a clear error.

The spec (a Chinese guide to deploying HyperPod on EKS with boto3) has requests that the
real services refuse. Each test sends the spec's request as written, with only its
placeholder ids (subnets, roles, ARNs) replaced by this stack's, checks the error, and
where it helps shows that correcting just the mistake makes the request succeed.
"""

import copy
import http.client
import json
import unittest

import botocore.exceptions

import corpus
import harness
import stack


class SpecMistakesTest(harness.ServerTestCase):
    CLOCK = "instant"

    @classmethod
    def prepare(cls):
        cls.base = stack.build_stack(cls.server)
        cls.eks = cls.server.client("eks")
        cls.sm = cls.server.client("sagemaker")
        cls.autoscaling_role = stack.create_role(
            cls.server.client("iam"), stack.unique("autoscaling-role"),
            "hyperpod.sagemaker.amazonaws.com", stack.HYPERPOD_INSTANCE_POLICY)

    # ----- the spec's requests, with this stack's ids -----

    def spec_first_eks_example(self, name, version):
        """The spec's first EKS example ("boto3 创建 EKS 集群")."""
        net = self.base.network
        return dict(
            name=name, version=version, roleArn=self.base.eks_role_arn,
            resourcesVpcConfig={"subnetIds": net.subnet_ids,
                                "securityGroupIds": [net.security_group_id],
                                "endpointPublicAccess": True, "endpointPrivateAccess": True},
            accessConfig={"authenticationMode": "API_AND_CONFIG_MAP",
                          "bootstrapClusterCreatorAdminPermissions": True},
            logging={"clusterLogging": [{
                "types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                "enabled": True}]},
            tags={"Purpose": "HyperPod", "ManagedBy": "boto3"})

    def spec_deployment_eks_config(self, name, kubernetes_version):
        """HyperPodEKSDeployment.create_eks_cluster's cluster_config."""
        net = self.base.network
        return {
            "name": name, "version": kubernetes_version, "roleArn": self.base.eks_role_arn,
            "resourcesVpcConfig": {"subnetIds": net.subnet_ids,
                                   "endpointPublicAccess": True, "endpointPrivateAccess": True,
                                   "securityGroupIds": [net.security_group_id]},
            "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP",
                             "bootstrapClusterCreatorAdminPermissions": True},
            "logging": {"clusterLogging": [{
                "types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                "enabled": True}]},
            "tags": {"Purpose": "HyperPod", "ManagedBy": "Boto3"},
        }

    def spec_main_instance_groups(self):
        """main()'s instance_groups: two ml.p4d.24xlarge with deep health checks."""
        return [{
            "InstanceGroupName": "worker-group-gpu", "InstanceType": "ml.p4d.24xlarge",
            "InstanceCount": 2,
            "LifeCycleConfig": {"SourceS3Uri": self.base.s3_uri, "OnCreate": "on_create.sh"},
            "ExecutionRole": self.base.execution_role_arn, "ThreadsPerCore": 1,
            "OnStartDeepHealthChecks": ["InstanceStress", "InstanceConnectivity"],
            "KubernetesConfig": {"Labels": {"workload-type": "training", "gpu-type": "a100"}},
        }]

    def spec_deployment_hyperpod_config(self, name, eks_arn, instance_groups):
        """HyperPodEKSDeployment.create_hyperpod_cluster's config."""
        net = self.base.network
        return {
            "ClusterName": name,
            "Orchestrator": {"Eks": {"ClusterArn": eks_arn}},
            "InstanceGroups": instance_groups,
            "VpcConfig": {"SecurityGroupIds": [net.security_group_id],
                          "Subnets": net.subnet_ids},
            "NodeRecovery": "Automatic",
            "NodeProvisioningMode": "Continuous",
            "Tags": [{"Key": "Environment", "Value": "Production"},
                     {"Key": "ManagedBy", "Value": "Boto3"}],
        }

    def spec_first_hyperpod_example(self, name):
        """The spec's first HyperPod example ("boto3 创建 HyperPod 集群"), as written."""
        net = self.base.network
        return {
            "ClusterName": name,
            "Orchestrator": {"Eks": {
                "ClusterArn": self.base.eks_cluster_arn,
                "KubernetesConfig": {"Labels": {"environment": "production"}}}},
            "InstanceGroups": [{
                "InstanceGroupName": "gpu-workers", "InstanceType": "ml.p4d.24xlarge",
                "InstanceCount": 2, "MinInstanceCount": 1,
                "LifeCycleConfig": {"SourceS3Uri": self.base.s3_uri,
                                    "OnCreate": "on_create.sh"},
                "ExecutionRole": self.base.execution_role_arn, "ThreadsPerCore": 1,
                "CapacityRequirements": {"OnDemand": {}},
                "OnStartDeepHealthChecks": ["InstanceStress", "InstanceConnectivity"],
                "KubernetesConfig": {
                    "Labels": {"workload-type": "training", "gpu-type": "a100"},
                    "Taints": [{"Key": "nvidia.com/gpu", "Value": "true",
                                "Effect": "NoSchedule"}]},
            }],
            "VpcConfig": {"SecurityGroupIds": [net.security_group_id],
                          "Subnets": net.subnet_ids},
            "NodeRecovery": "Automatic",
            "NodeProvisioningMode": "Continuous",
            "Tags": [{"Key": "Environment", "Value": "Production"}],
        }

    # ----- helpers -----

    def assert_client_error(self, call, status, code, message):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call()
        error = caught.exception.response
        got = f"got {error['ResponseMetadata']['HTTPStatusCode']} {error['Error']}"
        self.assertEqual((error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"]),
                         (status, code), got)
        for part in ([message] if isinstance(message, str) else message):
            self.assertIn(part, error["Error"]["Message"], got)

    def hyperpod_names(self):
        return {c["ClusterName"] for c in
                self.sm.list_clusters(MaxResults=100)["ClusterSummaries"]}

    def active_eks(self, config):
        cluster = self.eks.create_cluster(**config)["cluster"]
        stack.wait_for_status(self.server, stack.eks_status(self.eks, config["name"]),
                              "ACTIVE", failed=("FAILED",), timeout_s=30)
        return cluster

    def raw_sagemaker(self, operation, body):
        """A signed-looking awsJson1_1 request that no SDK checked; returns (status, JSON)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=15)
        try:
            conn.request("POST", "/", body=json.dumps(body), headers={
                "X-Amz-Target": f"SageMaker.{operation}",
                "Content-Type": "application/x-amz-json-1.1",
                "Authorization": corpus.fake_authorization("sagemaker")})
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            conn.close()

    # ----- the mistakes -----

    def test_eks_version_1_3(self):
        """The first EKS example asks for version '1.3' (meant 1.30 or 1.31)."""
        name = stack.unique("my-eks-cluster")
        self.assert_client_error(
            lambda: self.eks.create_cluster(**self.spec_first_eks_example(name, "1.3")),
            400, "InvalidParameterException", "unsupported Kubernetes version 1.3")
        self.assertNotIn(name, self.eks.list_clusters()["clusters"])

        # With a real version the same request is accepted.
        created = self.eks.create_cluster(**self.spec_first_eks_example(name, "1.31"))
        self.assertEqual(created["cluster"]["version"], "1.31")

    def test_kubernetes_1_34_for_hyperpod(self):
        """main() builds its EKS cluster on 1.34: EKS accepts it, HyperPod does not."""
        eks_cluster = self.active_eks(
            self.spec_deployment_eks_config(stack.unique("my-hyperpod-eks"), "1.34"))
        self.assertEqual(self.eks.describe_cluster(name=eks_cluster["name"])["cluster"]
                         ["version"], "1.34")

        name = stack.unique("my-hyperpod-cluster")
        config = self.spec_deployment_hyperpod_config(name, eks_cluster["arn"],
                                                      self.spec_main_instance_groups())
        self.assert_client_error(lambda: self.sm.create_cluster(**config), 400,
                                 "ValidationException", ["1.34", eks_cluster["arn"]])
        self.assertNotIn(name, self.hyperpod_names())

        # The same request on a version HyperPod supports goes through.
        supported = self.active_eks(
            self.spec_deployment_eks_config(stack.unique("my-hyperpod-eks"), "1.33"))
        config["Orchestrator"]["Eks"]["ClusterArn"] = supported["arn"]
        self.assertIn("ClusterArn", self.sm.create_cluster(**config))

    def test_autoscaling_mode_enabled(self):
        """The Karpenter example sets AutoScaling Mode 'Enabled'; the enum is Enable|Disable.

        boto3 does not check enums, so this reaches the service even with the SDK's
        own validation on (the spec's client).
        """
        name = stack.unique("my-autoscaling-cluster")
        config = self.spec_deployment_hyperpod_config(
            name, self.base.eks_cluster_arn,
            [stack.hyperpod_request(name, self.base)["InstanceGroups"][0]])
        config["AutoScaling"] = {"AutoScalerType": "Karpenter", "Mode": "Enabled"}
        config["ClusterRole"] = self.autoscaling_role
        self.assert_client_error(
            lambda: self.sm.create_cluster(**config), 400, "ValidationException",
            "1 validation error detected: Value 'Enabled' at 'autoScaling.mode' failed to "
            "satisfy constraint: Member must satisfy enum value set: [Enable, Disable]")
        self.assertNotIn(name, self.hyperpod_names())

        config["AutoScaling"]["Mode"] = "Enable"
        self.assertIn("ClusterArn", self.sm.create_cluster(**config))

    def test_orchestrator_eks_kubernetes_config_refused_by_boto3(self):
        """The first HyperPod example puts KubernetesConfig under Orchestrator.Eks, which
        has only ClusterArn. boto3 refuses it before sending anything."""
        name = stack.unique("my-hyperpod-cluster")
        with self.assertRaises(botocore.exceptions.ParamValidationError) as caught:
            self.sm.create_cluster(**self.spec_first_hyperpod_example(name))
        self.assertIn('Unknown parameter in Orchestrator.Eks: "KubernetesConfig"',
                      str(caught.exception))
        self.assertNotIn(name, self.hyperpod_names())

    def test_orchestrator_eks_kubernetes_config_sent_raw(self):
        """Sent raw, the server answers as SageMaker does: its JSON protocol drops members
        the model does not have, so the cluster is created and the stray labels are not
        kept anywhere (DescribeCluster shows Orchestrator.Eks with ClusterArn only).

        Note: that AWS ignores (rather than rejects) unknown members is the AWS JSON
        protocols' general behaviour, not something SageMaker documents for this field.
        """
        name = stack.unique("my-hyperpod-cluster")
        status, body = self.raw_sagemaker("CreateCluster", self.spec_first_hyperpod_example(name))
        self.assertEqual(status, 200, body)
        self.assertIn("ClusterArn", body)

        status, described = self.raw_sagemaker("DescribeCluster", {"ClusterName": name})
        self.assertEqual(status, 200, described)
        self.assertEqual(described["Orchestrator"],
                         {"Eks": {"ClusterArn": self.base.eks_cluster_arn}})

    def test_mig_all_3g_40gb_on_p4d(self):
        """The MIG example asks ml.p4d.24xlarge (A100 40 GB) for 3g.40gb, a profile of the
        80 GB GPUs; its half-GPU profile is 3g.20gb."""
        name = stack.unique("mig-cluster")
        group = copy.deepcopy(stack.hyperpod_request(name, self.base)["InstanceGroups"][0])
        group.update({"InstanceGroupName": "mig-gpu-group", "InstanceType": "ml.p4d.24xlarge",
                      "InstanceCount": 2,
                      "KubernetesConfig": {"Labels": {"nvidia.com/mig.config": "all-3g.40gb"}}})
        request = stack.hyperpod_request(name, self.base)
        request["InstanceGroups"] = [group]
        self.assert_client_error(lambda: self.sm.create_cluster(**request), 400,
                                 "ValidationException", ["all-3g.40gb", "ml.p4d.24xlarge"])
        self.assertNotIn(name, self.hyperpod_names())

        group["KubernetesConfig"]["Labels"]["nvidia.com/mig.config"] = "all-3g.20gb"
        self.assertIn("ClusterArn", self.sm.create_cluster(**request))

    def test_error_table_codes(self):
        """The spec's error table lists ResourceInUseException and
        ResourceLimitExceededException: those are EKS's names. SageMaker's modeled errors
        have no suffix (ResourceInUse, ResourceLimitExceeded)."""
        name = stack.unique("taken")
        request = stack.hyperpod_request(name, self.base, count=1)
        self.sm.create_cluster(**request)
        self.assert_client_error(lambda: self.sm.create_cluster(**request), 400,
                                 "ResourceInUse", name)

        self.assert_client_error(
            lambda: self.eks.create_cluster(
                **self.spec_first_eks_example(self.base.eks_cluster_name, "1.31")),
            409, "ResourceInUseException",
            f"Cluster already exists with name: {self.base.eks_cluster_name}")


if __name__ == "__main__":
    unittest.main()
