"""What the bad-request corpus is made of: cases as data, and the checks run on each.

A case names an operation, its parameters, and what the real service answers: the HTTP
status, the error code and a key piece of the message. Parameters that depend on the
resources a test class built (a role ARN, a subnet id) are written as `F.<name>`
placeholders and filled in when the case runs, so the tables stay plain data.

Requests go through boto3 with parameter validation off, so the server (not botocore) is
what decides. After each case the account's inventory is compared with the one before: a
refused request must not leave anything behind.
"""

import copy
import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from typing import Optional

import boto3
import botocore.exceptions
from botocore.config import Config

import harness
import stack


# ----- placeholders -----

class Ref:
    """A value the test class fills in: F.subnet_ids[0] is fixtures.subnet_ids[0]."""

    def __init__(self, name, index=None):
        self.name = name
        self.index = index

    def __getitem__(self, index):
        return Ref(self.name, index)

    def resolve(self, fixtures):
        value = getattr(fixtures, self.name)
        return value if self.index is None else value[self.index]

    def __repr__(self):
        return f"F.{self.name}" + ("" if self.index is None else f"[{self.index}]")


class _Fixtures:
    def __getattr__(self, name):
        return Ref(name)


F = _Fixtures()


def resolve(value, fixtures):
    """value with every Ref replaced, recursively through dicts and lists."""
    if isinstance(value, Ref):
        return value.resolve(fixtures)
    if isinstance(value, dict):
        return {k: resolve(v, fixtures) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, fixtures) for v in value]
    return value


def merged(base, **overrides):
    """A deep copy of base with overrides applied; an override of None removes the member."""
    out = copy.deepcopy(base)
    for key, value in overrides.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = value
    return out


# ----- a case -----

@dataclasses.dataclass(frozen=True)
class Case:
    name: str                    # becomes part of the test method's name
    operation: str               # the boto3 method, e.g. "create_cluster"
    params: dict                 # may hold F placeholders
    status: int                  # HTTP status the real service answers
    code: str                    # its error code
    message: Optional[object]    # a key substring of the message (str or Ref), or None
    region: str = harness.REGION


# ----- HyperPod CreateCluster requests built from the fixtures -----

def hp_group(**overrides):
    """One valid instance group on the class's stack; overrides change or drop members."""
    return merged({
        "InstanceGroupName": "workers",
        "InstanceType": "ml.g5.xlarge",
        "InstanceCount": 1,
        "LifeCycleConfig": {"SourceS3Uri": F.s3_uri, "OnCreate": stack.ON_CREATE},
        "ExecutionRole": F.execution_role_arn,
        "ThreadsPerCore": 1,
    }, **overrides)


def hp_cluster(**overrides):
    """A CreateCluster request that would succeed, but for the overrides."""
    return merged({
        "ClusterName": "bad-request",
        "Orchestrator": {"Eks": {"ClusterArn": F.eks_cluster_arn}},
        "InstanceGroups": [hp_group()],
        "VpcConfig": {"SecurityGroupIds": [F.security_group_id], "Subnets": F.subnet_ids},
        "NodeRecovery": "Automatic",
    }, **overrides)


def eks_cluster(**overrides):
    """An EKS CreateCluster request that would succeed, but for the overrides."""
    return merged({
        "name": "bad-request-eks",
        "version": "1.31",
        "roleArn": F.eks_role_arn,
        "resourcesVpcConfig": {"subnetIds": F.subnet_ids,
                               "securityGroupIds": [F.security_group_id]},
        "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"},
    }, **overrides)


# ----- clients -----

NO_VALIDATION = Config(parameter_validation=False, connect_timeout=5, read_timeout=30,
                       retries={"max_attempts": 1, "mode": "standard"})


class Clients:
    """boto3 clients for one server, cached per (service, region, validation)."""

    def __init__(self, server):
        self.server = server
        self._cache = {}
        self._session = boto3.session.Session(aws_access_key_id=harness.DUMMY_KEY_ID,
                                              aws_secret_access_key=harness.DUMMY_SECRET)

    def get(self, service, region=harness.REGION, validate=False):
        key = (service, region, validate)
        if key not in self._cache:
            config = NO_VALIDATION if not validate else Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 1})
            self._cache[key] = self._session.client(service, region_name=region,
                                                    endpoint_url=self.server.endpoint,
                                                    config=config)
        return self._cache[key]


# ----- what a refused request must not change -----

def inventory(clients, watched):
    """Names and ids of everything in the account that a bad request could create or change.

    `watched` names the resources whose insides are compared too: EKS clusters (add-ons and
    updates), IAM roles (attached and inline policies), customer policy ARNs that cases try
    to create, and the S3 bucket whose objects are listed.
    """
    sm, eks, iam = clients.get("sagemaker"), clients.get("eks"), clients.get("iam")
    ec2, s3 = clients.get("ec2"), clients.get("s3")
    out = {
        "sagemaker clusters": sorted(c["ClusterName"] for c in
                                     sm.list_clusters(MaxResults=100)["ClusterSummaries"]),
        "eks clusters": sorted(eks.list_clusters()["clusters"]),
        "iam roles": sorted(r["RoleName"] for r in iam.list_roles(MaxItems=1000)["Roles"]),
        "ec2 vpcs": sorted(v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]),
        "ec2 subnets": sorted(s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]),
        "ec2 security groups": sorted(
            (g["GroupId"], len(g["IpPermissions"]), len(g["IpPermissionsEgress"]))
            for g in ec2.describe_security_groups()["SecurityGroups"]),
        "s3 buckets": sorted(b["Name"] for b in s3.list_buckets()["Buckets"]),
    }
    for name in watched.get("eks", ()):
        if name in out["eks clusters"]:
            out[f"eks {name} addons"] = sorted(eks.list_addons(clusterName=name)["addons"])
            out[f"eks {name} updates"] = sorted(eks.list_updates(name=name)["updateIds"])
    for role in watched.get("roles", ()):
        if role in out["iam roles"]:
            out[f"iam {role} attached"] = sorted(
                p["PolicyArn"] for p in
                iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"])
            out[f"iam {role} inline"] = sorted(
                iam.list_role_policies(RoleName=role)["PolicyNames"])
    for arn in watched.get("policies", ()):
        try:
            iam.get_policy(PolicyArn=arn)
            out[f"iam policy {arn}"] = "exists"
        except iam.exceptions.NoSuchEntityException:
            out[f"iam policy {arn}"] = "absent"
    for bucket in watched.get("buckets", ()):
        listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
        out[f"s3 {bucket} objects"] = sorted(o["Key"] for o in listed)
    return out


def inventory_diff(before, after):
    """Readable lines for what changed between two inventories."""
    lines = []
    for key in sorted(set(before) | set(after)):
        if before.get(key) != after.get(key):
            lines.append(f"  {key}: {before.get(key)!r} -> {after.get(key)!r}")
    return "\n".join(lines)


# ----- running a case -----

def _short(text, limit=600):
    text = str(text)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def call_expecting_error(test, clients, service, case, fixtures):
    """Sends the case and asserts the status, code and message of the error it gets."""
    params = resolve(case.params, fixtures)
    client = clients.get(service, case.region)
    try:
        result = getattr(client, case.operation)(**params)
    except botocore.exceptions.ClientError as e:
        status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        code = e.response["Error"].get("Code")
        message = e.response["Error"].get("Message", "")
    else:
        result.pop("ResponseMetadata", None)
        test.fail(f"{service}.{case.operation} succeeded; AWS answers {case.status} "
                  f"{case.code}.\nresult: {_short(result)}")
    got = f"got {status} {code}: {_short(message)}"
    test.assertEqual((status, code), (case.status, case.code), got)
    if case.message is not None:
        wanted = resolve(case.message, fixtures)
        test.assertIn(wanted, message, got)


# ----- error shapes of raw HTTP answers -----

def _strip_ns(tag):
    return tag.split("}", 1)[-1]


def _xml_code(body, path):
    """The text at path (tag names without namespaces) under the XML document's root."""
    root = ET.fromstring(body)
    node = root
    if _strip_ns(node.tag) != path[0]:
        raise AssertionError(f"root element is <{_strip_ns(root.tag)}>, not <{path[0]}>")
    for tag in path[1:]:
        node = next((c for c in node if _strip_ns(c.tag) == tag), None)
        if node is None:
            raise AssertionError(f"no <{tag}> in {'/'.join(path)}")
    return node.text


def _json_type(value):
    # Coral may send "com.amazon.coral.service#SerializationException" or add ":http://..."
    # to the header; the SDKs keep what is between "#" and ":".
    return value.split("#")[-1].split(":")[0] if value else value


def error_code(shape, headers, body):
    """The error code of a raw answer, read the way the protocol's SDK reads it.

    shape: "json" (awsJson1_1), "rest-json" (restJson1), "query" (awsQuery),
    "ec2" (ec2Query) or "s3" (restXml).
    """
    if shape == "json":
        return _json_type(json.loads(body).get("__type"))
    if shape == "rest-json":
        header = {k.lower(): v for k, v in headers}.get("x-amzn-errortype")
        if header:
            return _json_type(header)
        return _json_type(json.loads(body).get("__type") or json.loads(body).get("code"))
    if shape == "query":
        return _xml_code(body, ["ErrorResponse", "Error", "Code"])
    if shape == "ec2":
        return _xml_code(body, ["Response", "Errors", "Error", "Code"])
    if shape == "s3":
        return _xml_code(body, ["Error", "Code"])
    raise ValueError(f"unknown error shape {shape}")


def fake_authorization(service, region=harness.REGION):
    """A SigV4 header the emulator routes by (it does not check signatures)."""
    return (f"AWS4-HMAC-SHA256 Credential=AKID/20261203/{region}/{service}/aws4_request, "
            "SignedHeaders=host, Signature=0")


# ----- generated test methods -----

def method_name(prefix, name):
    return "test_" + re.sub(r"[^0-9a-zA-Z]+", "_", f"{prefix}_{name}").strip("_").lower()


def add_case_methods(cls, tables):
    """Adds one test method per case, named test_<service>_<case name>.

    tables: {service: [Case, ...]}. The methods call cls.run_case(service, case).
    """
    for service, cases in tables.items():
        for case in cases:
            name = method_name(service, case.name)
            if hasattr(cls, name):
                raise ValueError(f"two cases named {name}")

            def test(self, service=service, case=case):
                self.run_case(service, case)

            test.__name__ = name
            test.__doc__ = f"{service}.{case.operation}: {case.name} -> {case.status} {case.code}"
            setattr(cls, name, test)
