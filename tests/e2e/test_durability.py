#!/usr/bin/env python3
"""Every acknowledged mutation survives a crash, and nothing is half-applied.

A writer thread sends a stream of mutating requests (IAM roles, S3 objects, EC2 security
groups and their rules, SageMaker HyperPod clusters) with boto3 while the main thread kills
the server with SIGKILL at a random moment. The server is started again on the same data
directory and every resource the test knows about is read back:

- a mutation that was acknowledged must be there (a deleted resource must be gone);
- the one request that was in flight when the process died may have happened or not, but
  only as a whole: its resource is either exactly as before or exactly as after.

The ledger then takes what the server reports for that one resource, and the next round
starts. HPL_DURABILITY_ROUNDS sets the number of rounds (20 by default; raise it for a long
run), HPL_DURABILITY_SEED the first seed.
"""

import hashlib
import os
import random
import threading
import time
import unittest

import botocore.exceptions
from botocore.config import Config

import harness
import stack

ROUNDS = int(os.environ.get("HPL_DURABILITY_ROUNDS", "20"))
FIRST_SEED = int(os.environ.get("HPL_DURABILITY_SEED", "1"))
ROLE_NAMES = [f"durable-role-{i}" for i in range(6)]
OBJECT_KEYS = [f"durable/object-{i}" for i in range(6)]
GROUP_NAMES = [f"durable-sg-{i}" for i in range(4)]
CLUSTER_NAMES = [f"durable-hp-{i}" for i in range(2)]
TRUST = stack.trust_policy("sagemaker.amazonaws.com")
ROLE_POLICY = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
               '"Resource":"arn:aws:s3:::bucket/OBJECT"}]}')


class Uncertain:
    """The request in flight at the kill: either state is acceptable, nothing in between."""

    def __init__(self, before, after):
        self.before, self.after = before, after

    def __repr__(self):
        return f"Uncertain(before={self.before!r}, after={self.after!r})"


class Crashed(Exception):
    """The server went away while a request was in flight."""


def client(server, service):
    # One attempt: a retry after the crash would go to a dead port and say nothing new.
    config = Config(connect_timeout=2, read_timeout=15, retries={"max_attempts": 1})
    return harness.boto3.session.Session(
        aws_access_key_id=harness.DUMMY_KEY_ID, aws_secret_access_key=harness.DUMMY_SECRET,
        region_name=harness.REGION).client(service, endpoint_url=server.endpoint, config=config)


class World:
    """What the server holds, as the test expects it, and how to read it back."""

    def __init__(self, st):
        self.stack = st
        # ("role", name) -> (description, tags) | None; ("object", key) -> md5 | None;
        # ("sg", name) -> (description, ports) | None; ("cluster", name) -> count | None.
        self.ledger = {}
        for name in ROLE_NAMES:
            self.ledger[("role", name)] = None
        for key in OBJECT_KEYS:
            self.ledger[("object", key)] = None
        for name in GROUP_NAMES:
            self.ledger[("sg", name)] = None
        for name in CLUSTER_NAMES:
            self.ledger[("cluster", name)] = None
        self.acknowledged = 0

    # ----- reading the server -----

    def read(self, clients, key):
        kind, name = key
        iam, s3, ec2, sm = clients["iam"], clients["s3"], clients["ec2"], clients["sagemaker"]
        try:
            if kind == "role":
                role = iam.get_role(RoleName=name)["Role"]
                policies = iam.list_role_policies(RoleName=name)["PolicyNames"]
                return (role.get("Description", ""),
                        tuple(sorted((t["Key"], t["Value"]) for t in role.get("Tags", []))),
                        tuple(sorted(policies)))
            if kind == "object":
                body = s3.get_object(Bucket=self.stack.bucket, Key=name)["Body"].read()
                return hashlib.md5(body).hexdigest()
            if kind == "sg":
                groups = ec2.describe_security_groups(Filters=[
                    {"Name": "group-name", "Values": [name]},
                    {"Name": "vpc-id", "Values": [self.stack.network.vpc_id]}])["SecurityGroups"]
                if not groups:
                    return None
                assert len(groups) == 1, f"{len(groups)} security groups named {name}"
                ports = sorted(p["FromPort"] for p in groups[0]["IpPermissions"])
                return (groups[0]["Description"], tuple(ports))
            if kind == "cluster":
                cluster = sm.describe_cluster(ClusterName=name)
                group = cluster["InstanceGroups"][0]
                nodes = stack.list_all_nodes(sm, name)
                # Half-applied would show here: a count the nodes do not match.
                assert cluster["ClusterStatus"] == "InService", cluster["ClusterStatus"]
                assert group["CurrentCount"] == group["TargetCount"] == len(nodes), (
                    group, len(nodes))
                return group["TargetCount"]
        except botocore.exceptions.ClientError as e:
            code = e.response["Error"]["Code"]
            if code in ("NoSuchEntity", "NoSuchKey", "ResourceNotFound"):
                return None
            raise
        raise AssertionError(f"unknown kind {kind}")

    def check(self, clients, testcase):
        """Compares every resource with the ledger; settles the uncertain one."""
        for key, expected in sorted(self.ledger.items()):
            actual = self.read(clients, key)
            if isinstance(expected, Uncertain):
                testcase.assertIn(actual, (expected.before, expected.after),
                                  f"{key} is half-applied after the crash")
                self.ledger[key] = actual
            else:
                testcase.assertEqual(actual, expected, f"{key} lost an acknowledged mutation")

    # ----- one random mutation -----

    def mutate(self, clients, rng):
        kind = rng.choice(["role", "role", "object", "object", "sg", "sg", "cluster"])
        names = {"role": ROLE_NAMES, "object": OBJECT_KEYS, "sg": GROUP_NAMES,
                 "cluster": CLUSTER_NAMES}[kind]
        key = (kind, rng.choice(names))
        before = self.ledger[key]
        try:
            # Some mutations look an id up first; a crash there leaves nothing in flight.
            send, after = getattr(self, f"_{kind}")(clients, key[1], before, rng)
        except (botocore.exceptions.BotoCoreError, ConnectionError) as e:
            raise Crashed(str(e)) from None
        try:
            send()
        except (botocore.exceptions.BotoCoreError, ConnectionError) as e:
            self.ledger[key] = Uncertain(before, after)
            raise Crashed(str(e)) from None
        self.ledger[key] = after
        self.acknowledged += 1

    def _role(self, clients, name, before, rng):
        iam = clients["iam"]
        if before is None:
            desc = f"round {rng.randrange(10**6)}"
            tags = [{"Key": f"k{i}", "Value": f"v{rng.randrange(1000)}"}
                    for i in range(rng.randrange(4))]
            after = (desc, tuple(sorted((t["Key"], t["Value"]) for t in tags)), ())
            return (lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST,
                                            Description=desc, Tags=tags)), after
        desc, tags, policies = before
        if policies and rng.random() < 0.4:
            policy = rng.choice(policies)
            return (lambda: iam.delete_role_policy(RoleName=name, PolicyName=policy)), \
                (desc, tags, tuple(p for p in policies if p != policy))
        if policies or rng.random() < 0.6:
            # A role with inline policies cannot be deleted (DeleteConflict): add another.
            policy = f"inline-{rng.randrange(4)}"
            document = ROLE_POLICY.replace("OBJECT", f"object-{rng.randrange(100)}")
            return (lambda: iam.put_role_policy(RoleName=name, PolicyName=policy,
                                                PolicyDocument=document)), \
                (desc, tags, tuple(sorted(set(policies) | {policy})))
        return (lambda: iam.delete_role(RoleName=name)), None

    def _object(self, clients, name, before, rng):
        s3 = clients["s3"]
        if before is not None and rng.random() < 0.3:
            return (lambda: s3.delete_object(Bucket=self.stack.bucket, Key=name)), None
        body = rng.randbytes(rng.choice([0, 100, 5000, 200_000]))
        return (lambda: s3.put_object(Bucket=self.stack.bucket, Key=name, Body=body)), \
            hashlib.md5(body).hexdigest()

    def _sg(self, clients, name, before, rng):
        ec2 = clients["ec2"]
        vpc = self.stack.network.vpc_id
        if before is None:
            desc = f"durable {rng.randrange(10**6)}"
            return (lambda: ec2.create_security_group(GroupName=name, Description=desc,
                                                      VpcId=vpc)), (desc, ())

        def group_id():
            return ec2.describe_security_groups(Filters=[
                {"Name": "group-name", "Values": [name]},
                {"Name": "vpc-id", "Values": [vpc]}])["SecurityGroups"][0]["GroupId"]

        free = [p for p in range(1000, 1020) if p not in before[1]]
        if free and rng.random() < 0.7:
            port = rng.choice(free)
            rule = [{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                     "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]
            gid = group_id()
            return (lambda: ec2.authorize_security_group_ingress(GroupId=gid,
                                                                 IpPermissions=rule)), \
                (before[0], tuple(sorted(before[1] + (port,))))
        gid = group_id()
        return (lambda: ec2.delete_security_group(GroupId=gid)), None

    def _cluster(self, clients, name, before, rng):
        sm = clients["sagemaker"]
        if before is None:
            count = rng.choice([1, 2])
            request = stack.hyperpod_request(name, self.stack, count=count)
            return (lambda: sm.create_cluster(**request)), count
        if rng.random() < 0.5:
            count = 3 - before
            group = stack.hyperpod_request(name, self.stack, count=count)["InstanceGroups"]
            return (lambda: sm.update_cluster(ClusterName=name, InstanceGroups=group)), count
        return (lambda: sm.delete_cluster(ClusterName=name)), None


class DurabilityTest(unittest.TestCase):

    def setUp(self):
        self.server = harness.Server(clock="instant", name="durability")
        self.server.start()

    def tearDown(self):
        self.server.cleanup()

    def clients(self):
        return {s: client(self.server, s) for s in ("iam", "s3", "ec2", "sagemaker")}

    def test_acknowledged_mutations_survive_sigkill(self):
        try:
            self.rounds()
        except BaseException:
            print(self.server.log_tail())
            raise

    def rounds(self):
        world = World(stack.build_stack(self.server))
        in_flight = 0
        started = time.monotonic()
        for seed in range(FIRST_SEED, FIRST_SEED + ROUNDS):
            rng = random.Random(seed)
            clients = self.clients()
            world.check(clients, self)
            stop = threading.Event()
            outcome = []

            def writer():
                try:
                    while not stop.is_set():
                        world.mutate(clients, rng)
                    outcome.append("stopped")
                except Crashed:
                    outcome.append("crashed")
                except BaseException as e:  # reported by the main thread
                    outcome.append(e)

            thread = threading.Thread(target=writer)
            thread.start()
            time.sleep(rng.uniform(0.05, 1.5))
            self.assertEqual(self.server.kill(), -9)
            stop.set()
            thread.join(timeout=30)
            self.assertFalse(thread.is_alive(), "the writer did not notice the crash")
            if isinstance(outcome[0], BaseException):
                raise outcome[0]
            in_flight += outcome[0] == "crashed"
            self.server.start()
        world.check(self.clients(), self)
        print(f"\ndurability: {ROUNDS} SIGKILL rounds survived (seeds {FIRST_SEED}.."
              f"{FIRST_SEED + ROUNDS - 1}), {world.acknowledged} acknowledged mutations checked "
              f"after each restart, {in_flight} kills with a request in flight, "
              f"{time.monotonic() - started:.1f}s")


if __name__ == "__main__":
    unittest.main()
