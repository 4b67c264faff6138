#!/usr/bin/env python3
"""State is durable: an acknowledged request survives a stop or a crash, and a
HyperPod cluster caught mid-creation finishes after the restart.

A manual clock keeps the cluster in Creating for as long as the test needs:
virtual time moves only when the test advances it.
"""

import signal
import unittest

import harness
import stack

HYPERPOD_NAME = "restart-cluster"


def strip(response):
    return {k: v for k, v in response.items() if k != "ResponseMetadata"}


def role_name(arn):
    return arn.rsplit("/", 1)[1]


def snapshot(server, st):
    """Everything the stack and the HyperPod cluster are made of, as the APIs report it."""
    iam, ec2, s3 = server.client("iam"), server.client("ec2"), server.client("s3")
    eks, sm = server.client("eks"), server.client("sagemaker")
    net = st.network
    roles = {}
    for arn in (st.eks_role_arn, st.execution_role_arn):
        name = role_name(arn)
        roles[name] = (strip(iam.get_role(RoleName=name)),
                       strip(iam.list_attached_role_policies(RoleName=name)))
    script = s3.get_object(Bucket=st.bucket, Key=stack.LIFECYCLE_PREFIX + stack.ON_CREATE)
    return {
        "roles": roles,
        "vpc": ec2.describe_vpcs(VpcIds=[net.vpc_id])["Vpcs"],
        "subnets": ec2.describe_subnets(SubnetIds=net.subnet_ids)["Subnets"],
        "sg": ec2.describe_security_groups(GroupIds=[net.security_group_id])["SecurityGroups"],
        "objects": [(o["Key"], o["ETag"], o["Size"])
                    for o in s3.list_objects_v2(Bucket=st.bucket).get("Contents", [])],
        "script": (script["Body"].read(), script["ETag"], script["ContentType"]),
        "eks": eks.describe_cluster(name=st.eks_cluster_name)["cluster"],
        "hyperpod": strip(sm.describe_cluster(ClusterName=HYPERPOD_NAME)),
        "nodes": stack.list_all_nodes(sm, HYPERPOD_NAME),
        "tags": sm.list_tags(ResourceArn=sm.describe_cluster(
            ClusterName=HYPERPOD_NAME)["ClusterArn"])["Tags"],
    }


class _RestartScenario:
    """The scenario, run once per way of stopping the server (SIGNAL)."""

    CLOCK = "manual"
    SIGNAL = signal.SIGTERM
    EXPECTED_EXIT = 0

    def test_state_survives_and_creation_resumes(self):
        st = stack.build_stack(self.server)
        sm = self.server.client("sagemaker")
        sm.create_cluster(**stack.hyperpod_request(HYPERPOD_NAME, st))
        self.server.advance(30)
        self.assertEqual(stack.hyperpod_status(sm, HYPERPOD_NAME)(), "Creating")
        # A last acknowledged write just before the stop, so a crash has no time to flush it.
        arn = sm.describe_cluster(ClusterName=HYPERPOD_NAME)["ClusterArn"]
        sm.add_tags(ResourceArn=arn, Tags=[{"Key": "written-before", "Value": "stop"}])
        before = snapshot(self.server, st)
        clock_before = self.server.clock()["nowEpochMs"]

        self.assertEqual(self.server.stop(self.SIGNAL), self.EXPECTED_EXIT)
        self.server.start()

        # Virtual time must not run backwards, or timestamps would go out of order.
        self.assertGreaterEqual(self.server.clock()["nowEpochMs"], clock_before)
        self.assertEqual(snapshot(self.server, st), before)
        self.assertIn({"Key": "written-before", "Value": "stop"}, before["tags"])

        self.finish_creation()
        self.server.restart()
        self.assert_in_service_with_running_nodes()

    def finish_creation(self):
        sm = self.server.client("sagemaker")
        self.assertEqual(stack.hyperpod_status(sm, HYPERPOD_NAME)(), "Creating")
        stack.wait_hyperpod_in_service(self.server, sm, HYPERPOD_NAME)
        self.assert_in_service_with_running_nodes()

    def assert_in_service_with_running_nodes(self):
        sm = self.server.client("sagemaker")
        self.assertEqual(stack.hyperpod_status(sm, HYPERPOD_NAME)(), "InService")
        nodes = stack.list_all_nodes(sm, HYPERPOD_NAME)
        self.assertEqual([n["InstanceStatus"]["Status"] for n in nodes], ["Running", "Running"])
        group = sm.describe_cluster(ClusterName=HYPERPOD_NAME)["InstanceGroups"][0]
        self.assertEqual(group["CurrentCount"], 2)


class SigtermRestartTest(_RestartScenario, harness.ServerTestCase):
    SIGNAL = signal.SIGTERM
    EXPECTED_EXIT = 0  # a clean shutdown


class SigkillRestartTest(_RestartScenario, harness.ServerTestCase):
    SIGNAL = signal.SIGKILL
    EXPECTED_EXIT = -signal.SIGKILL  # subprocess reports death by signal as -N


if __name__ == "__main__":
    unittest.main()
