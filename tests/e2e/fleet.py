"""What the fleet scenario tests share: one stack per test class on a manual clock, and
helpers to step virtual time, read nodes and read cluster events.

Each test creates its own HyperPod cluster on its own EKS cluster, so no two HyperPod
clusters share an orchestrator. The EKS clusters are created together in prepare() and made
ACTIVE by one advance of the clock, so the class pays the nine virtual minutes once.

Virtual time only moves when a test advances it, and the emulator stamps a transition with
the clock's time when it runs; the helpers therefore step one minute at a time, so that every
event lands on the exact minute its phase ends (all durations are whole minutes).
"""

import datetime

import botocore.exceptions

import harness
import stack

# Durations of src/sim/durations.hpp, in minutes.
LAUNCH = 7
SCRIPT = 3
STRESS = 60
CONNECTIVITY = 10
SHUTDOWN = 2
REBOOT = 5
RECOVERY_DELAY = 1
SPOT_NOTICE = 2
SOFTWARE_UPDATE = 15
CLUSTER_DELETE = 5
EKS_CREATE = 9

LIFECYCLE_FAILURE = (
    "Lifecycle scripts did not run successfully. Ensure the scripts exist in provided S3 path, "
    "are accessible, and run without errors. Please see CloudWatch logs for lifecycle script "
    "execution details.")


def capacity_message(instance_type):
    return (f"We currently do not have sufficient capacity to launch new {instance_type} "
            "instances. Please try again.")


def classic_failure(instance_id, reason):
    """DescribeCluster's FailureMessage after a classic creation rolled back."""
    return (f"Instance {instance_id} failed to provision with the following error: "
            f"\"{reason}\" Note that multiple instances may be impacted.")


# A lifecycle script bash cannot parse: HyperPod runs it and it fails before doing anything.
BAD_SYNTAX_SH = "#!/bin/bash\nif [ -d /opt/sagemaker ]; then\n  echo missing fi\n"
BAD_SYNTAX = "bad_syntax.sh"
# The bucket name of the spec's own example: not `sagemaker-` prefixed, so the managed
# AmazonSageMakerClusterInstanceRolePolicy does not let the nodes read it.
SPEC_BUCKET = "my-hyperpod-scripts-bucket"


class FleetTestCase(harness.ServerTestCase):
    """A manual-clock server with a network, a lifecycle bucket, roles and EKS clusters."""

    CLOCK = "manual"
    EKS_CLUSTERS = 4  # how many tests of the class create a HyperPod cluster

    @classmethod
    def prepare(cls):
        server = cls.server
        cls.sm = server.client("sagemaker")
        cls.s3 = server.client("s3")
        cls.network = stack.create_network(server.client("ec2"))
        cls.bucket, cls.s3_uri = stack.create_lifecycle_bucket(cls.s3)
        cls.s3.put_object(Bucket=cls.bucket, Key=stack.LIFECYCLE_PREFIX + BAD_SYNTAX,
                          Body=BAD_SYNTAX_SH.encode())
        cls.eks_role, cls.exec_role = stack.create_roles(server.client("iam"))
        eks = server.client("eks")
        names = [stack.unique("fleet-eks") for _ in range(cls.EKS_CLUSTERS)]
        cls.eks_pool = [stack.create_eks_cluster(eks, name, cls.eks_role, cls.network)["arn"]
                        for name in names]
        server.advance(EKS_CREATE * 60)
        for name in names:
            assert eks.describe_cluster(name=name)["cluster"]["status"] == "ACTIVE", name

    # ----- requests -----

    def group(self, name="workers", instance_type="ml.g5.xlarge", count=2, on_create=None,
              s3_uri=None, **extra):
        spec = {
            "InstanceGroupName": name,
            "InstanceType": instance_type,
            "InstanceCount": count,
            "LifeCycleConfig": {"SourceS3Uri": s3_uri or self.s3_uri,
                                "OnCreate": on_create or stack.ON_CREATE},
            "ExecutionRole": self.exec_role,
            "ThreadsPerCore": 1,
        }
        spec.update(extra)
        return spec

    def create(self, groups, continuous=False, recovery="Automatic", subnets=None):
        """Creates a HyperPod cluster on a fresh EKS cluster; returns (name, minute zero)."""
        name = stack.unique("fleet")
        request = {
            "ClusterName": name,
            "Orchestrator": {"Eks": {"ClusterArn": self.eks_pool.pop()}},
            "InstanceGroups": groups,
            "VpcConfig": {"SecurityGroupIds": [self.network.security_group_id],
                          "Subnets": subnets or self.network.subnet_ids},
            "NodeRecovery": recovery,
        }
        if continuous:
            request["NodeProvisioningMode"] = "Continuous"
        self.sm.create_cluster(**request)
        return name, self.now()

    # ----- the clock -----

    def now(self):
        return self.server.clock()["nowEpochMs"]

    def minutes(self, n):
        """Advances the virtual clock n minutes, one minute at a time."""
        for _ in range(n):
            self.server.advance(60)

    def minute_of(self, t0, when):
        """Whole minutes from epoch-ms t0 to a datetime the API returned."""
        delta_ms = when.timestamp() * 1000 - t0
        self.assertEqual(delta_ms % 60000, 0, f"{when} is not on a whole minute from t0")
        return int(delta_ms // 60000)

    # ----- reading the cluster -----

    def describe(self, name):
        return self.sm.describe_cluster(ClusterName=name)

    def status(self, name):
        return self.describe(name)["ClusterStatus"]

    def group_view(self, name, group="workers"):
        groups = {g["InstanceGroupName"]: g for g in self.describe(name)["InstanceGroups"]}
        return groups[group]

    def nodes(self, name):
        """{instance id: InstanceStatus.Status}."""
        return {n["InstanceId"]: n["InstanceStatus"]["Status"]
                for n in stack.list_all_nodes(self.sm, name)}

    def node(self, name, instance_id):
        return self.sm.describe_cluster_node(ClusterName=name, NodeId=instance_id)["NodeDetails"]

    def only_node(self, name):
        nodes = self.nodes(name)
        self.assertEqual(len(nodes), 1, nodes)
        return next(iter(nodes))

    def by_zone(self, name):
        """{availability zone: instance id} of the cluster's live nodes."""
        out = {}
        for instance_id in self.nodes(name):
            out[self.node(name, instance_id)["Placement"]["AvailabilityZone"]] = instance_id
        return out

    def events(self, name, **filters):
        """Every event of the cluster, oldest first."""
        pages = self.sm.get_paginator("list_cluster_events").paginate(
            ClusterName=name, SortOrder="Ascending", **filters)
        return [e for page in pages for e in page["Events"]]

    def event_lines(self, name, t0, **filters):
        """(minute, ResourceType, EventLevel, Description) of every event, oldest first."""
        return [(self.minute_of(t0, e["EventTime"]), e["ResourceType"], e["EventLevel"],
                 e["Description"]) for e in self.events(name, **filters)]

    def event_detail(self, name, event):
        return self.sm.describe_cluster_event(ClusterName=name,
                                              EventId=event["EventId"])["EventDetails"]

    def assert_error(self, code, message, call, *args, **kwargs):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            call(*args, **kwargs)
        error = caught.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]), (code, message))

    def fault(self, **body):
        body.setdefault("region", harness.REGION)
        status, answer = self.server.admin("POST", "faults", body)
        self.assertEqual(status, 200, answer)
        return answer


def utc(epoch_ms):
    return datetime.datetime.fromtimestamp(epoch_ms / 1000, tz=datetime.timezone.utc)
