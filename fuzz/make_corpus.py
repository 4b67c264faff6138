#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets: real requests as boto3 signs them.

Each request is captured just before it would be sent (nothing is sent) and written
under fuzz/corpus/<target>/. The protocol and sigv4 targets read "METHOD /target", header
lines, a blank line and the body; http_router reads the bytes a socket would carry. Run it again
after adding a request below; the files are committed.
"""

import json
import os
import re

import boto3
from botocore.config import Config

HERE = os.path.dirname(os.path.abspath(__file__))
ENDPOINT = "http://127.0.0.1:4596"
ROLE = "arn:aws:iam::123456789012:role/hp-exec"
SUBNET = "subnet-0123456789abcdef0"
SG = "sg-0123456789abcdef0"
# The sigv4 target verifies signatures with this secret, so the seeds carry valid ones.
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "hyperpod-local-fuzz-secret"

HYPERPOD_GROUP = {
    "InstanceGroupName": "workers", "InstanceType": "ml.g5.8xlarge", "InstanceCount": 2,
    "LifeCycleConfig": {"SourceS3Uri": "s3://bucket/lifecycle/", "OnCreate": "on_create.sh"},
    "ExecutionRole": ROLE, "ThreadsPerCore": 1,
    "OnStartDeepHealthChecks": ["InstanceStress", "InstanceConnectivity"],
}

# (service, operation, parameters)
REQUESTS = [
    ("sagemaker", "create_cluster", {
        "ClusterName": "my-hyperpod-cluster", "InstanceGroups": [HYPERPOD_GROUP],
        "Orchestrator": {"Eks": {"ClusterArn":
                                 "arn:aws:eks:us-west-2:123456789012:cluster/my-eks"}},
        "VpcConfig": {"SecurityGroupIds": [SG], "Subnets": [SUBNET]},
        "NodeRecovery": "Automatic", "Tags": [{"Key": "team", "Value": "ml"}]}),
    ("sagemaker", "describe_cluster", {"ClusterName": "my-hyperpod-cluster"}),
    ("sagemaker", "list_cluster_nodes", {"ClusterName": "c", "MaxResults": 10,
                                         "SortBy": "CREATION_TIME"}),
    ("sagemaker", "update_cluster", {"ClusterName": "c", "InstanceGroups": [HYPERPOD_GROUP]}),
    ("sagemaker", "batch_delete_cluster_nodes", {"ClusterName": "c",
                                                 "NodeIds": ["i-0123456789abcdef0"]}),
    ("eks", "create_cluster", {
        "name": "my-eks", "version": "1.31", "roleArn": ROLE,
        "resourcesVpcConfig": {"subnetIds": [SUBNET], "securityGroupIds": [SG]},
        "accessConfig": {"authenticationMode": "API_AND_CONFIG_MAP"}}),
    ("eks", "describe_cluster", {"name": "my-eks"}),
    ("eks", "list_clusters", {"maxResults": 5, "include": ["all"]}),
    ("eks", "create_addon", {"clusterName": "my-eks", "addonName": "vpc-cni",
                             "addonVersion": "v1.19.0-eksbuild.1"}),
    ("eks", "update_cluster_config", {"name": "my-eks", "logging": {"clusterLogging": [
        {"types": ["api", "audit"], "enabled": True}]}}),
    ("s3", "create_bucket", {"Bucket": "lifecycle-bucket", "CreateBucketConfiguration":
                             {"LocationConstraint": "us-west-2"}}),
    ("s3", "put_object", {"Bucket": "lifecycle-bucket", "Key": "lifecycle/on_create.sh",
                          "Body": b"#!/bin/bash\necho hello\n", "ContentType": "text/x-sh",
                          "Metadata": {"owner": "ml"}}),
    ("s3", "list_objects_v2", {"Bucket": "lifecycle-bucket", "Prefix": "lifecycle/",
                               "MaxKeys": 10}),
    ("s3", "get_object", {"Bucket": "lifecycle-bucket", "Key": "a b/c+d.sh"}),
    ("s3", "delete_objects", {"Bucket": "lifecycle-bucket", "Delete": {
        "Objects": [{"Key": "a"}, {"Key": "b/c"}], "Quiet": True}}),
    ("iam", "create_role", {"RoleName": "hp-exec", "AssumeRolePolicyDocument": json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
            "Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"}]}),
        "Tags": [{"Key": "team", "Value": "ml"}], "MaxSessionDuration": 3600}),
    ("iam", "attach_role_policy", {"RoleName": "hp-exec", "PolicyArn":
                                   "arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy"}),
    ("iam", "put_role_policy", {"RoleName": "hp-exec", "PolicyName": "s3", "PolicyDocument":
                                json.dumps({"Version": "2012-10-17", "Statement": [{
                                    "Effect": "Allow", "Action": ["s3:GetObject"],
                                    "Resource": "arn:aws:s3:::lifecycle-bucket/*"}]})}),
    ("iam", "list_roles", {"PathPrefix": "/", "MaxItems": 5}),
    ("sts", "get_caller_identity", {}),
    ("sts", "assume_role", {"RoleArn": ROLE, "RoleSessionName": "session", "DurationSeconds": 900}),
    ("ec2", "create_vpc", {"CidrBlock": "10.0.0.0/16", "TagSpecifications": [
        {"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "hp"}]}]}),
    ("ec2", "create_security_group", {"GroupName": "hp", "Description": "HyperPod nodes",
                                      "VpcId": "vpc-0123456789abcdef0"}),
    ("ec2", "authorize_security_group_ingress", {"GroupId": SG, "IpPermissions": [
        {"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": SG}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
         "IpRanges": [{"CidrIp": "10.0.0.0/8"}]}]}),
    ("ec2", "describe_subnets", {"Filters": [{"Name": "vpc-id",
                                              "Values": ["vpc-0123456789abcdef0"]}]}),
]

TARGET_OF = {"sagemaker": "json_rpc", "eks": "rest_json", "s3": "rest_xml",
             "iam": "query", "sts": "query", "ec2": "query"}


class Captured(Exception):
    def __init__(self, request):
        super().__init__("captured")
        self.request = request


def capture(service, operation, params):
    session = boto3.session.Session(aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
                                    region_name="us-west-2")
    client = session.client(service, endpoint_url=ENDPOINT,
                            config=Config(retries={"max_attempts": 1}))

    def stop(request, **_):
        raise Captured(request)

    client.meta.events.register("before-send", stop)
    try:
        getattr(client, operation)(**params)
    except Captured as c:
        return c.request
    raise RuntimeError(f"{service}.{operation} was not captured")


def parts(request):
    url = request.url[len(ENDPOINT):] or "/"
    body = request.body or b""
    if hasattr(body, "read"):
        body = body.read()
    if isinstance(body, str):
        body = body.encode()
    headers = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in request.headers.items()}
    headers["Host"] = "127.0.0.1:4596"
    return request.method, url, headers, body


def write(target, name, data):
    folder = os.path.join(HERE, "corpus", target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def main():
    for service, operation, params in REQUESTS:
        method, url, headers, body = parts(capture(service, operation, params))
        lines = [f"{method} {url}"] + [f"{k}: {v}" for k, v in headers.items()]
        name = f"{service}-{operation}"
        text = ("\n".join(lines) + "\n\n").encode() + body
        write(TARGET_OF[service], name, text)
        headers["Content-Length"] = str(len(body))
        raw = [f"{method} {url} HTTP/1.1"] + [f"{k}: {v}" for k, v in headers.items()]
        write("http_router", name, ("\r\n".join(raw) + "\r\n\r\n").encode() + body)
        write("sigv4", name, text)
        # The validator reads a service byte, two operation bytes and the JSON request.
        if service in ("sagemaker", "eks"):
            write_validator(service, operation, params)
    s3 = boto3.session.Session(aws_access_key_id=KEY_ID, aws_secret_access_key=SECRET,
                               region_name="us-west-2").client("s3", endpoint_url=ENDPOINT)
    url = s3.generate_presigned_url("get_object", Params={"Bucket": "lifecycle-bucket",
                                                          "Key": "lifecycle/on_create.sh"})
    write("sigv4", "s3-presigned-get_object",
          f"GET {url[len(ENDPOINT):]}\nHost: 127.0.0.1:4596\n\n".encode())


SERVICES = ["sagemaker", "eks", "iam", "sts", "ec2", "s3"]


def write_validator(service, operation, params):
    client = boto3.client(service, region_name="us-west-2")
    op_name = client.meta.method_to_api_mapping[operation]
    # The target indexes the emulator's own model table (the operations it serves, sorted by
    # name as a std::map keeps them), and reads the members under their model names.
    served = served_operations(service)
    if op_name not in served:
        return
    index = served.index(op_name)
    head = bytes([SERVICES.index(service), index >> 8, index & 0xff])
    write("validator", f"{service}-{operation}", head + json.dumps(params).encode())


def served_operations(service):
    path = os.path.join(HERE, "..", "src", "model", "generated", f"{service}.cpp")
    with open(path) as f:
        text = "".join(re.findall(r'R"~~~\((.*?)\)~~~"', f.read(), re.S))
    return sorted(json.loads(text)["operations"])


if __name__ == "__main__":
    main()
