#!/usr/bin/env python3
"""64 clients at once: no lost update, no duplicate, lists consistent with describes, no
deadlock.

Each of the 64 threads has its own boto3 clients (so its own connections) and, all at the
same moment (a barrier), it:

- races the others to create the same IAM role, security group, S3 bucket and HyperPod
  cluster names: exactly one creation of each may succeed, the rest get the service's
  "already exists" error;
- writes to shared resources, each thread its own part: an inline policy on one of four
  shared roles, an ingress rule on one of two shared security groups, one value of the same
  S3 key: afterwards every part is there (a read-modify-write inside the server that lost
  one would show), and the shared key holds exactly one writer's body;
- creates, lists and deletes its own roles under its own IAM path and its own S3 prefix,
  and checks after every step that the list shows exactly what it created and not deleted,
  and that each listed item describes.

At the end the whole account is listed and every item described. The throughput and
latency figures are printed (HPL_CONCURRENCY_CLIENTS and HPL_CONCURRENCY_STEPS change the
load).
"""

import hashlib
import os
import statistics
import threading
import time
import unittest

import botocore.exceptions
from botocore.config import Config

import harness
import stack

CLIENTS = int(os.environ.get("HPL_CONCURRENCY_CLIENTS", "64"))
STEPS = int(os.environ.get("HPL_CONCURRENCY_STEPS", "6"))
SHARED_ROLES = [f"conc-shared-{i}" for i in range(4)]
TRUST = stack.trust_policy("sagemaker.amazonaws.com")
POLICY = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
          '"Resource":"arn:aws:s3:::b/%s"}]}')


class Meter:
    """Counts requests and their latencies across threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []

    def call(self, fn, **kwargs):
        started = time.monotonic()
        try:
            return fn(**kwargs)
        finally:
            elapsed = time.monotonic() - started
            with self.lock:
                self.latencies.append(elapsed)


def error_code(e):
    return e.response["Error"]["Code"]


class ConcurrencyTest(harness.ServerTestCase):
    CLOCK = "instant"

    @classmethod
    def prepare(cls):
        cls.stack = stack.build_stack(cls.server)
        iam, ec2 = cls.server.client("iam"), cls.server.client("ec2")
        for name in SHARED_ROLES:
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
        cls.shared_groups = [
            ec2.create_security_group(GroupName=f"conc-shared-{i}", Description="shared",
                                      VpcId=cls.stack.network.vpc_id)["GroupId"]
            for i in range(2)]

    def clients(self):
        # Enough connections for every call of one thread; few retries so nothing is hidden.
        config = Config(connect_timeout=5, read_timeout=60, max_pool_connections=2,
                        retries={"max_attempts": 1})
        session = harness.boto3.session.Session(
            aws_access_key_id=harness.DUMMY_KEY_ID, aws_secret_access_key=harness.DUMMY_SECRET,
            region_name=harness.REGION)
        return {s: session.client(s, endpoint_url=self.server.endpoint, config=config)
                for s in ("iam", "s3", "ec2", "sagemaker")}

    def test_64_clients_at_once(self):
        meter = Meter()
        clients = [self.clients() for _ in range(CLIENTS)]
        barrier = threading.Barrier(CLIENTS)
        results = [None] * CLIENTS
        bodies = {}

        def worker(i):
            try:
                barrier.wait(timeout=60)
                results[i] = self.work(i, clients[i], meter, bodies)
            except BaseException as e:  # reported below, with the thread's number
                results[i] = e

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        wall = time.monotonic() - started
        self.assertFalse([t for t in threads if t.is_alive()], "clients still waiting: deadlock?")
        for i, r in enumerate(results):
            if isinstance(r, BaseException):
                raise AssertionError(f"client {i} failed: {r!r}") from r

        # Exactly one winner of each race.
        for race in ("role", "group", "bucket", "cluster"):
            winners = [i for i, r in enumerate(results) if r[race]]
            self.assertEqual(len(winners), 1, f"{race} created by clients {winners}")
        self.check_shared(bodies)
        self.check_account(results)

        lat = sorted(meter.latencies)
        print(f"\nconcurrency: {CLIENTS} clients, {len(lat)} requests in {wall:.1f}s = "
              f"{len(lat) / wall:.0f} requests/s; latency p50 {statistics.median(lat) * 1000:.0f}"
              f" ms, p99 {lat[int(len(lat) * 0.99)] * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms")

    # ----- one client -----

    def work(self, i, c, meter, bodies):
        iam, s3, ec2, sm = c["iam"], c["s3"], c["ec2"], c["sagemaker"]
        won = {}
        won["role"] = self.race(meter, "EntityAlreadyExists", iam.create_role,
                                RoleName="conc-race", AssumeRolePolicyDocument=TRUST)
        won["group"] = self.race(meter, "InvalidGroup.Duplicate", ec2.create_security_group,
                                 GroupName="conc-race", Description="race",
                                 VpcId=self.stack.network.vpc_id)
        won["bucket"] = self.race(meter, "BucketAlreadyOwnedByYou", s3.create_bucket,
                                  Bucket="conc-race-bucket",
                                  CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        won["cluster"] = False
        if i % 4 == 0:
            request = stack.hyperpod_request("conc-race-hp", self.stack, count=1)
            won["cluster"] = self.race(meter, "ResourceInUse", sm.create_cluster, **request)

        # Each thread's part of a shared resource.
        meter.call(iam.put_role_policy, RoleName=SHARED_ROLES[i % 4], PolicyName=f"client-{i}",
                   PolicyDocument=POLICY % i)
        port = 2000 + i
        meter.call(ec2.authorize_security_group_ingress, GroupId=self.shared_groups[i % 2],
                   IpPermissions=[{"IpProtocol": "tcp", "FromPort": port, "ToPort": port,
                                   "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}])
        body = f"client {i} ".encode() * (100 + i)
        bodies[hashlib.md5(body).hexdigest()] = i
        meter.call(s3.put_object, Bucket=self.stack.bucket, Key="conc/shared", Body=body)

        # Own resources, checked against the lists after every step.
        path = f"/conc/client{i}/"
        roles, objects = set(), {}
        for step in range(STEPS):
            name = f"conc-{i}-{step}"
            meter.call(iam.create_role, RoleName=name, Path=path, AssumeRolePolicyDocument=TRUST)
            roles.add(name)
            key = f"conc/client{i}/{step}"
            data = os.urandom(64 * (step + 1))
            meter.call(s3.put_object, Bucket=self.stack.bucket, Key=key, Body=data)
            objects[key] = hashlib.md5(data).hexdigest()
            if step % 3 == 2:
                gone = f"conc-{i}-{step - 1}"
                meter.call(iam.delete_role, RoleName=gone)
                roles.discard(gone)
                meter.call(s3.delete_object, Bucket=self.stack.bucket, Key=key)
                del objects[key]
            listed = {r["RoleName"]: r for page in iam.get_paginator("list_roles").paginate(
                PathPrefix=path, PaginationConfig={"PageSize": 2}) for r in page["Roles"]}
            assert set(listed) == roles, (sorted(listed), sorted(roles))
            described = meter.call(iam.get_role, RoleName=name)["Role"]
            assert described["Arn"] == listed[name]["Arn"], (described, listed[name])
            contents = meter.call(s3.list_objects_v2, Bucket=self.stack.bucket,
                                  Prefix=f"conc/client{i}/").get("Contents", [])
            assert {o["Key"]: o["ETag"].strip('"') for o in contents} == objects, (
                contents, objects)
        return {**won, "roles": roles, "objects": objects}

    @staticmethod
    def race(meter, loser_code, fn, **kwargs):
        """True when this client's creation won, False when it got the loser's error."""
        try:
            meter.call(fn, **kwargs)
            return True
        except botocore.exceptions.ClientError as e:
            if error_code(e) != loser_code:
                raise
            return False

    # ----- the account afterwards -----

    def check_shared(self, bodies):
        iam, ec2, s3 = (self.server.client(s) for s in ("iam", "ec2", "s3"))
        for r, role in enumerate(SHARED_ROLES):
            names = iam.list_role_policies(RoleName=role)["PolicyNames"]
            want = {f"client-{i}" for i in range(CLIENTS) if i % 4 == r}
            self.assertEqual(set(names), want, f"lost inline policies on {role}")
        groups = ec2.describe_security_groups(GroupIds=self.shared_groups)["SecurityGroups"]
        for group in groups:
            g = self.shared_groups.index(group["GroupId"])
            ports = {p["FromPort"] for p in group["IpPermissions"]}
            want = {2000 + i for i in range(CLIENTS) if i % 2 == g}
            self.assertEqual(ports, want, f"lost ingress rules on {group['GroupId']}")
        body = s3.get_object(Bucket=self.stack.bucket, Key="conc/shared")["Body"].read()
        self.assertIn(hashlib.md5(body).hexdigest(), bodies, "the shared object is torn")

    def check_account(self, results):
        iam, s3, ec2, sm = (self.server.client(s) for s in ("iam", "s3", "ec2", "sagemaker"))
        roles = [r for page in iam.get_paginator("list_roles").paginate(PathPrefix="/conc/")
                 for r in page["Roles"]]
        names = [r["RoleName"] for r in roles]
        self.assertEqual(len(names), len(set(names)), "a role is listed twice")
        self.assertEqual(set(names), set().union(*(r["roles"] for r in results)))
        for role in roles[:: max(1, len(roles) // 40)]:
            self.assertEqual(iam.get_role(RoleName=role["RoleName"])["Role"]["RoleId"],
                             role["RoleId"])
        objects = [o for page in s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.stack.bucket, Prefix="conc/client", PaginationConfig={"PageSize": 50})
            for o in page.get("Contents", [])]
        want = {}
        for r in results:
            want.update(r["objects"])
        self.assertEqual({o["Key"]: o["ETag"].strip('"') for o in objects}, want)
        groups = ec2.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": ["conc-race"]}])["SecurityGroups"]
        self.assertEqual(len(groups), 1)
        clusters = sm.list_clusters(NameContains="conc-race-hp")["ClusterSummaries"]
        self.assertEqual([c["ClusterName"] for c in clusters], ["conc-race-hp"])
        self.assertEqual(sm.describe_cluster(ClusterName="conc-race-hp")["ClusterStatus"],
                         "InService")


if __name__ == "__main__":
    unittest.main()
