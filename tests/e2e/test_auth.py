#!/usr/bin/env python3
"""Authentication and authorisation (--auth sigv4 | iam), and where the server listens.

Everything is signed by botocore's own SigV4 signer (boto3, the aws CLI,
presigned URLs fetched with urllib); the server must accept exactly the good
signatures and answer the rest with each service's own error.
"""

import datetime
import json
import os
import subprocess
import time
import unittest
import urllib.error
import urllib.request
from unittest import mock

import boto3
import botocore.auth
from botocore import UNSIGNED
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

import harness

REGION = harness.REGION
ROOT = (harness.DUMMY_KEY_ID, harness.DUMMY_SECRET)


def client(server, service, key_id, secret, token=None, config=None):
    session = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret,
                                    aws_session_token=token, region_name=REGION)
    base = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 1})
    return session.client(service, endpoint_url=server.endpoint,
                          config=base.merge(config) if config else base)


def make_bucket(s3, name):
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})


def mountpoint_policy(bucket):
    """The spec's S3 Mountpoint policy, for one bucket."""
    return json.dumps({
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "MountpointFullBucketAccess", "Effect": "Allow",
             "Action": ["s3:ListBucket"], "Resource": [f"arn:aws:s3:::{bucket}"]},
            {"Sid": "MountpointFullObjectAccess", "Effect": "Allow",
             "Action": ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload",
                        "s3:DeleteObject"],
             "Resource": [f"arn:aws:s3:::{bucket}/*"]},
        ]})


class AuthCase(harness.ServerTestCase):
    def assertError(self, call, code, status, message=None):
        with self.assertRaises(ClientError) as ctx:
            call()
        err = ctx.exception.response
        self.assertEqual(err["Error"]["Code"], code, err)
        self.assertEqual(err["ResponseMetadata"]["HTTPStatusCode"], status, err)
        if message is not None:
            self.assertIn(message, err["Error"].get("Message", ""), err)
        return err

    def signed_request(self, service, method, path, body=b"", headers=None, when=None,
                       key=ROOT, send_body=None):
        """A request signed by botocore at `when` (default now), sent with urllib."""
        req = AWSRequest(method=method, url=self.server.endpoint + path, data=body,
                         headers=headers or {})
        signer = botocore.auth.SigV4Auth(Credentials(*key), service, REGION)
        if service == "s3":
            signer = botocore.auth.S3SigV4Auth(Credentials(*key), service, REGION)
        if when is None:
            signer.add_auth(req)
        else:
            with mock.patch("botocore.auth.get_current_datetime", return_value=when):
                signer.add_auth(req)
        prepared = req.prepare()
        data = prepared.body if send_body is None else send_body
        raw = urllib.request.Request(prepared.url, data=data or None, method=method,
                                     headers=dict(prepared.headers))
        try:
            with urllib.request.urlopen(raw, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


class SigV4Test(AuthCase):
    SERVER_ARGS = ("--auth", "sigv4")

    def test_root_keys_reach_every_service(self):
        ident = client(self.server, "sts", *ROOT).get_caller_identity()
        self.assertEqual(ident["Arn"], "arn:aws:iam::123456789012:root")
        client(self.server, "sagemaker", *ROOT).list_clusters()
        client(self.server, "eks", *ROOT).list_clusters()
        client(self.server, "ec2", *ROOT).describe_vpcs()
        client(self.server, "iam", *ROOT).list_roles()
        client(self.server, "s3", *ROOT).list_buckets()

    def test_wrong_secret_is_a_signature_mismatch(self):
        bad = (harness.DUMMY_KEY_ID, "not-the-secret")
        self.assertError(client(self.server, "sts", *bad).get_caller_identity,
                         "SignatureDoesNotMatch", 403, "does not match")
        self.assertError(client(self.server, "iam", *bad).list_roles,
                         "SignatureDoesNotMatch", 403)
        self.assertError(client(self.server, "sagemaker", *bad).list_clusters,
                         "InvalidSignatureException", 400)
        self.assertError(client(self.server, "eks", *bad).list_clusters,
                         "InvalidSignatureException", 403)
        self.assertError(client(self.server, "ec2", *bad).describe_vpcs, "AuthFailure", 401)
        self.assertError(client(self.server, "s3", *bad).list_buckets,
                         "SignatureDoesNotMatch", 403)

    def test_unknown_key(self):
        unknown = ("AKIAUNKNOWNUNKNOWN00", "secret")
        self.assertError(client(self.server, "sts", *unknown).get_caller_identity,
                         "InvalidClientTokenId", 403,
                         "The security token included in the request is invalid.")
        self.assertError(client(self.server, "sagemaker", *unknown).list_clusters,
                         "UnrecognizedClientException", 400)
        self.assertError(client(self.server, "eks", *unknown).list_clusters,
                         "UnrecognizedClientException", 403)
        self.assertError(client(self.server, "ec2", *unknown).describe_vpcs, "AuthFailure", 401)
        self.assertError(client(self.server, "s3", *unknown).list_buckets,
                         "InvalidAccessKeyId", 403)

    def test_unsigned_requests_are_refused(self):
        unsigned = Config(signature_version=UNSIGNED)
        self.assertError(client(self.server, "sts", *ROOT, config=unsigned).get_caller_identity,
                         "MissingAuthenticationToken", 403)
        self.assertError(client(self.server, "s3", *ROOT, config=unsigned).list_buckets,
                         "AccessDenied", 403)
        self.assertError(
            client(self.server, "sagemaker", *ROOT, config=unsigned).list_clusters,
            "MissingAuthenticationTokenException", 400)
        self.assertError(client(self.server, "eks", *ROOT, config=unsigned).list_clusters,
                         "MissingAuthenticationTokenException", 403)
        # The admin API needs no signature.
        self.assertEqual(self.server.admin("GET", "health")[0], 200)

    def test_malformed_authorization(self):
        req = urllib.request.Request(
            self.server.endpoint + "/", method="POST",
            data=b"Action=GetCallerIdentity&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded",
                     "X-Amz-Date": "20261204T000000Z",
                     "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/"
                                      "20261204/us-west-2/sts/aws4_request, Signature=00"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req, timeout=10)
        self.assertEqual(ctx.exception.code, 400)
        body = ctx.exception.read()
        self.assertIn(b"IncompleteSignature", body)
        self.assertIn(b"SignedHeaders", body)

    def test_s3_payload_hash_must_match_the_body(self):
        make_bucket(client(self.server, "s3", *ROOT), "hash-bucket")
        status, body = self.signed_request("s3", "PUT", "/hash-bucket/obj", body=b"aaaa",
                                           send_body=b"bbbb")
        self.assertEqual(status, 400, body)
        self.assertIn("XAmzContentSHA256Mismatch", body)
        status, body = self.signed_request("s3", "PUT", "/hash-bucket/obj", body=b"aaaa")
        self.assertEqual(status, 200, body)

    def test_clock_skew(self):
        past = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - \
            datetime.timedelta(minutes=20)
        status, body = self.signed_request(
            "sts", "POST", "/", body=b"Action=GetCallerIdentity&Version=2011-06-15",
            headers={"Content-Type": "application/x-www-form-urlencoded"}, when=past)
        self.assertEqual(status, 403, body)
        self.assertIn("SignatureDoesNotMatch", body)
        self.assertIn("Signature expired", body)
        status, body = self.signed_request("s3", "GET", "/", when=past)
        self.assertEqual(status, 403, body)
        self.assertIn("RequestTimeTooSkewed", body)
        # Within 15 minutes is fine.
        recent = past + datetime.timedelta(minutes=10)
        status, body = self.signed_request("s3", "GET", "/", when=recent)
        self.assertEqual(status, 200, body)

    def test_users_and_access_keys(self):
        iam = client(self.server, "iam", *ROOT)
        user = iam.create_user(UserName="alice")["User"]
        self.assertEqual(user["Arn"], "arn:aws:iam::123456789012:user/alice")
        self.assertTrue(user["UserId"].startswith("AIDA"))
        self.assertError(lambda: iam.create_user(UserName="alice"), "EntityAlreadyExists", 409)
        self.assertIn("alice", [u["UserName"] for u in iam.list_users()["Users"]])
        self.assertEqual(iam.get_user(UserName="alice")["User"]["UserId"], user["UserId"])
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        self.assertTrue(key["AccessKeyId"].startswith("AKIA"))
        self.assertEqual(key["Status"], "Active")
        listed = iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]
        self.assertEqual([k["AccessKeyId"] for k in listed], [key["AccessKeyId"]])
        self.assertNotIn("SecretAccessKey", listed[0])

        alice = (key["AccessKeyId"], key["SecretAccessKey"])
        ident = client(self.server, "sts", *alice).get_caller_identity()
        self.assertEqual(ident["Arn"], user["Arn"])
        self.assertEqual(ident["UserId"], user["UserId"])
        self.assertEqual(client(self.server, "iam", *alice).get_user()["User"]["UserName"],
                         "alice")
        self.assertError(client(self.server, "sts", alice[0], "wrong").get_caller_identity,
                         "SignatureDoesNotMatch", 403)

        iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
        self.assertError(client(self.server, "sts", *alice).get_caller_identity,
                         "InvalidClientTokenId", 403)
        iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
        client(self.server, "sts", *alice).get_caller_identity()

        iam.create_access_key(UserName="alice")
        self.assertError(lambda: iam.create_access_key(UserName="alice"), "LimitExceeded", 409)
        self.assertError(lambda: iam.delete_user(UserName="alice"), "DeleteConflict", 409)
        for k in iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]:
            iam.delete_access_key(UserName="alice", AccessKeyId=k["AccessKeyId"])
        self.assertError(client(self.server, "sts", *alice).get_caller_identity,
                         "InvalidClientTokenId", 403)
        self.assertError(lambda: iam.delete_access_key(UserName="alice",
                                                       AccessKeyId=key["AccessKeyId"]),
                         "NoSuchEntity", 404)
        iam.delete_user(UserName="alice")
        self.assertError(lambda: iam.get_user(UserName="alice"), "NoSuchEntity", 404)

    def test_keys_survive_a_restart(self):
        iam = client(self.server, "iam", *ROOT)
        iam.create_user(UserName="durable")
        key = iam.create_access_key(UserName="durable")["AccessKey"]
        self.server.restart()
        ident = client(self.server, "sts", key["AccessKeyId"],
                       key["SecretAccessKey"]).get_caller_identity()
        self.assertTrue(ident["Arn"].endswith(":user/durable"))

    def test_presigned_urls(self):
        s3 = client(self.server, "s3", *ROOT)
        make_bucket(s3, "presign-bucket")
        s3.put_object(Bucket="presign-bucket", Key="dir/file.txt", Body=b"hello presigned")
        # boto3 and the aws CLI presign S3 with SigV2 for a custom endpoint unless told
        # otherwise; both forms are checked.
        legacy_url = s3.generate_presigned_url(
            "get_object", Params={"Bucket": "presign-bucket", "Key": "dir/file.txt"})
        self.assertIn("AWSAccessKeyId=", legacy_url)
        with urllib.request.urlopen(legacy_url, timeout=10) as resp:
            self.assertEqual(resp.read(), b"hello presigned")
        forged = client(self.server, "s3", harness.DUMMY_KEY_ID, "wrong").generate_presigned_url(
            "get_object", Params={"Bucket": "presign-bucket", "Key": "dir/file.txt"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(forged, timeout=10)
        self.assertEqual(ctx.exception.code, 403)
        self.assertIn(b"SignatureDoesNotMatch", ctx.exception.read())
        s3 = client(self.server, "s3", *ROOT, config=Config(signature_version="s3v4"))
        url = s3.generate_presigned_url("get_object",
                                        Params={"Bucket": "presign-bucket", "Key": "dir/file.txt"},
                                        ExpiresIn=300)
        with urllib.request.urlopen(url, timeout=10) as resp:
            self.assertEqual(resp.read(), b"hello presigned")
        # A changed signature, or a URL signed with another secret, is refused.
        tampered = url[:-4] + ("0000" if not url.endswith("0000") else "1111")
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(tampered, timeout=10)
        self.assertEqual(ctx.exception.code, 403)
        self.assertIn(b"SignatureDoesNotMatch", ctx.exception.read())
        too_long = s3.generate_presigned_url("get_object",
                                             Params={"Bucket": "presign-bucket",
                                                     "Key": "dir/file.txt"}, ExpiresIn=700000)
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(too_long, timeout=10)
        self.assertEqual(ctx.exception.code, 400)
        body = ctx.exception.read()
        self.assertIn(b"AuthorizationQueryParametersError", body)
        self.assertIn(b"less than a week", body)
        short = s3.generate_presigned_url("get_object",
                                          Params={"Bucket": "presign-bucket",
                                                  "Key": "dir/file.txt"}, ExpiresIn=1)
        time.sleep(2.5)
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(short, timeout=10)
        self.assertEqual(ctx.exception.code, 403)
        body = ctx.exception.read()
        self.assertIn(b"<Code>AccessDenied</Code>", body)
        self.assertIn(b"Request has expired", body)

    def test_assume_role_issues_session_credentials(self):
        iam = client(self.server, "iam", *ROOT)
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole"}]})
        role = iam.create_role(RoleName="session-role", AssumeRolePolicyDocument=trust)["Role"]
        creds = client(self.server, "sts", *ROOT).assume_role(
            RoleArn=role["Arn"], RoleSessionName="s1")["Credentials"]
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"))
        ident = client(self.server, "sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                       creds["SessionToken"]).get_caller_identity()
        self.assertEqual(ident["Arn"], "arn:aws:sts::123456789012:assumed-role/session-role/s1")
        self.assertError(client(self.server, "sts", creds["AccessKeyId"],
                                creds["SecretAccessKey"], "not-the-token").get_caller_identity,
                         "InvalidClientTokenId", 403)
        self.assertError(client(self.server, "s3", creds["AccessKeyId"],
                                creds["SecretAccessKey"]).list_buckets, "InvalidToken", 400)
        # A role that trusts only a service cannot be assumed by the account.
        service_trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"},
            "Action": "sts:AssumeRole"}]})
        eks_role = iam.create_role(RoleName="service-only",
                                   AssumeRolePolicyDocument=service_trust)["Role"]
        self.assertError(lambda: client(self.server, "sts", *ROOT).assume_role(
            RoleArn=eks_role["Arn"], RoleSessionName="s2"), "AccessDenied", 403)

    def test_session_token_credentials(self):
        creds = client(self.server, "sts", *ROOT).get_session_token()["Credentials"]
        ident = client(self.server, "sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                       creds["SessionToken"]).get_caller_identity()
        self.assertEqual(ident["Account"], "123456789012")

    def test_aws_cli(self):
        env = self.server.env()
        good = subprocess.run(["aws", "sts", "get-caller-identity", "--output", "json"],
                              env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(good.returncode, 0, good.stderr)
        self.assertIn(":root", good.stdout)
        env["AWS_SECRET_ACCESS_KEY"] = "wrong"
        bad = subprocess.run(["aws", "sts", "get-caller-identity"], env=env,
                             capture_output=True, text=True, timeout=60)
        self.assertNotEqual(bad.returncode, 0)
        self.assertIn("SignatureDoesNotMatch", bad.stderr)

    def test_javascript_sdk(self):
        """The AWS SDK for JavaScript v3 signs differently from botocore (S3 checksums, ...)."""
        modules = os.path.join(harness.REPO_ROOT, "tests", "js", "node_modules", "@aws-sdk")
        script = f"""
import {{ S3Client, CreateBucketCommand, PutObjectCommand, GetObjectCommand }}
  from "{modules}/client-s3/dist-cjs/index.js";
import {{ SageMakerClient, ListClustersCommand }}
  from "{modules}/client-sagemaker/dist-cjs/index.js";
const cfg = (secret) => ({{ endpoint: "{self.server.endpoint}", region: "{REGION}",
  forcePathStyle: true, credentials: {{ accessKeyId: "{ROOT[0]}", secretAccessKey: secret }} }});
const s3 = new S3Client(cfg("{ROOT[1]}"));
await s3.send(new CreateBucketCommand({{ Bucket: "js-bucket",
  CreateBucketConfiguration: {{ LocationConstraint: "{REGION}" }} }}));
await s3.send(new PutObjectCommand({{ Bucket: "js-bucket", Key: "a key", Body: "from js" }}));
const got = await s3.send(new GetObjectCommand({{ Bucket: "js-bucket", Key: "a key" }}));
console.log("body=" + await got.Body.transformToString());
await new SageMakerClient(cfg("{ROOT[1]}")).send(new ListClustersCommand({{}}));
try {{
  await new SageMakerClient(cfg("wrong")).send(new ListClustersCommand({{}}));
  console.log("bad=accepted");
}} catch (e) {{ console.log("bad=" + e.name); }}
"""
        out = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True,
                             text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("body=from js", out.stdout)
        self.assertIn("bad=InvalidSignatureException", out.stdout)

    def test_object_keys_never_become_paths(self):
        s3 = client(self.server, "s3", *ROOT)
        make_bucket(s3, "traversal")
        work = self.server.work_dir
        before = {os.path.join(d, f) for d, _, fs in os.walk(work) for f in fs}
        keys = ["../../etc/x", "../../../tmp/hpl-escape", "/etc/passwd", "a/../../b",
                "..%2F..%2Fescape"]
        for key in keys:
            s3.put_object(Bucket="traversal", Key=key, Body=b"payload " + key.encode())
        for key in keys:
            self.assertEqual(s3.get_object(Bucket="traversal", Key=key)["Body"].read(),
                             b"payload " + key.encode())
        after = {os.path.join(d, f) for d, _, fs in os.walk(work) for f in fs}
        data_dir = os.path.realpath(self.server.data_dir)
        for path in after - before:
            self.assertTrue(os.path.realpath(path).startswith(data_dir + os.sep), path)
        self.assertFalse(os.path.exists(os.path.join(data_dir, "..", "..", "etc", "x")))
        self.assertFalse(os.path.exists("/tmp/hpl-escape"))


class IamTest(AuthCase):
    SERVER_ARGS = ("--auth", "iam")

    @classmethod
    def prepare(cls):
        iam = client(cls.server, "iam", *ROOT)
        s3 = client(cls.server, "s3", *ROOT)
        for bucket in ("mount-bucket", "other-bucket"):
            make_bucket(s3, bucket)
            s3.put_object(Bucket=bucket, Key="seed.txt", Body=b"seed")
        iam.create_user(UserName="bob")
        iam.put_user_policy(UserName="bob", PolicyName="mountpoint",
                            PolicyDocument=mountpoint_policy("mount-bucket"))
        key = iam.create_access_key(UserName="bob")["AccessKey"]
        cls.bob = (key["AccessKeyId"], key["SecretAccessKey"])

    def new_user(self, name, *policies):
        iam = client(self.server, "iam", *ROOT)
        iam.create_user(UserName=name)
        for i, doc in enumerate(policies):
            iam.put_user_policy(UserName=name, PolicyName=f"p{i}", PolicyDocument=json.dumps(doc))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def test_mountpoint_policy_allows_exactly_its_actions_on_its_bucket(self):
        s3 = client(self.server, "s3", *self.bob)
        keys = [o["Key"] for o in s3.list_objects_v2(Bucket="mount-bucket")["Contents"]]
        self.assertIn("seed.txt", keys)
        s3.put_object(Bucket="mount-bucket", Key="new.bin", Body=b"data")
        self.assertEqual(s3.get_object(Bucket="mount-bucket", Key="new.bin")["Body"].read(),
                         b"data")
        s3.head_object(Bucket="mount-bucket", Key="new.bin")
        s3.delete_object(Bucket="mount-bucket", Key="new.bin")
        # Not on another bucket, and no other action.
        err = self.assertError(lambda: s3.get_object(Bucket="other-bucket", Key="seed.txt"),
                               "AccessDenied", 403)
        self.assertIn("User: arn:aws:iam::123456789012:user/bob is not authorized to perform: "
                      "s3:GetObject on resource: arn:aws:s3:::other-bucket/seed.txt because no "
                      "identity-based policy allows the s3:GetObject action",
                      err["Error"]["Message"])
        self.assertError(lambda: s3.list_objects_v2(Bucket="other-bucket"), "AccessDenied", 403)
        self.assertError(lambda: s3.put_object(Bucket="other-bucket", Key="k", Body=b"x"),
                         "AccessDenied", 403)
        self.assertError(s3.list_buckets, "AccessDenied", 403)
        self.assertError(lambda: make_bucket(s3, "bob-bucket"), "AccessDenied", 403)
        self.assertError(lambda: s3.delete_bucket(Bucket="mount-bucket"), "AccessDenied", 403)

    def test_anyone_signed_in_may_ask_who_they_are(self):
        # Bob's only policy is the Mountpoint one; a Deny of everything does not stop it either.
        ident = client(self.server, "sts", *self.bob).get_caller_identity()
        self.assertEqual(ident["Arn"], "arn:aws:iam::123456789012:user/bob")
        denied = self.new_user("dora", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "Action": "*", "Resource": "*"}]})
        ident = client(self.server, "sts", *denied).get_caller_identity()
        self.assertEqual(ident["Arn"], "arn:aws:iam::123456789012:user/dora")

    def test_denials_in_each_service_format(self):
        err = self.assertError(client(self.server, "sagemaker", *self.bob).list_clusters,
                               "AccessDeniedException", 400)
        self.assertIn("is not authorized to perform: sagemaker:ListClusters",
                      err["Error"]["Message"])
        self.assertError(client(self.server, "eks", *self.bob).list_clusters,
                         "AccessDeniedException", 403)
        self.assertError(client(self.server, "iam", *self.bob).list_roles, "AccessDenied", 403)
        self.assertError(client(self.server, "ec2", *self.bob).describe_vpcs,
                         "UnauthorizedOperation", 403)
        # The root may do anything.
        client(self.server, "sagemaker", *ROOT).list_clusters()

    def test_explicit_deny_wins(self):
        key = self.new_user("carol", {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "sagemaker:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "sagemaker:DescribeCluster",
                 "Resource": "arn:aws:sagemaker:*:*:cluster/secret-*"},
            ]})
        sm = client(self.server, "sagemaker", *key)
        sm.list_clusters()
        # Allowed: the handler runs and finds no such cluster.
        self.assertError(lambda: sm.describe_cluster(ClusterName="public-one"),
                         "ResourceNotFound", 400)
        err = self.assertError(lambda: sm.describe_cluster(ClusterName="secret-one"),
                               "AccessDeniedException", 400)
        self.assertIn("with an explicit deny in an identity-based policy",
                      err["Error"]["Message"])

    def test_not_action_and_not_resource(self):
        key = self.new_user("dave", {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
                {"Effect": "Deny", "Action": "s3:*", "NotResource": [
                    "arn:aws:s3:::mount-bucket", "arn:aws:s3:::mount-bucket/*"]},
            ]})
        client(self.server, "eks", *key).list_clusters()
        client(self.server, "sts", *key).get_caller_identity()
        self.assertError(client(self.server, "iam", *key).list_users, "AccessDenied", 403)
        s3 = client(self.server, "s3", *key)
        s3.get_object(Bucket="mount-bucket", Key="seed.txt")
        self.assertError(lambda: s3.get_object(Bucket="other-bucket", Key="seed.txt"),
                         "AccessDenied", 403, "explicit deny")

    def test_managed_policy_attached_to_user(self):
        key = self.new_user("erin")
        client(self.server, "iam", *ROOT).attach_user_policy(
            UserName="erin", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
        s3 = client(self.server, "s3", *key)
        s3.list_buckets()
        s3.get_object(Bucket="other-bucket", Key="seed.txt")
        self.assertError(lambda: s3.put_object(Bucket="other-bucket", Key="k", Body=b"x"),
                         "AccessDenied", 403)
        attached = client(self.server, "iam", *ROOT).list_attached_user_policies(UserName="erin")
        self.assertEqual([p["PolicyName"] for p in attached["AttachedPolicies"]],
                         ["AmazonS3ReadOnlyAccess"])

    def test_assumed_role_acts_with_the_roles_policies(self):
        iam = client(self.server, "iam", *ROOT)
        trust = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/frank"},
            "Action": "sts:AssumeRole"}]})
        role = iam.create_role(RoleName="eks-reader", AssumeRolePolicyDocument=trust)["Role"]
        iam.put_role_policy(RoleName="eks-reader", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["eks:List*", "eks:Describe*"],
                           "Resource": "*"}]}))
        frank = self.new_user("frank", {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                           "Resource": role["Arn"]}]})
        self.assertError(client(self.server, "eks", *frank).list_clusters,
                         "AccessDeniedException", 403)
        creds = client(self.server, "sts", *frank).assume_role(
            RoleArn=role["Arn"], RoleSessionName="reader")["Credentials"]
        session = (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        client(self.server, "eks", *session).list_clusters()
        err = self.assertError(client(self.server, "sagemaker", *session).list_clusters,
                               "AccessDeniedException", 400)
        self.assertIn("assumed-role/eks-reader/reader", err["Error"]["Message"])
        # bob is not named by the trust policy.
        self.assertError(lambda: client(self.server, "sts", *self.bob).assume_role(
            RoleArn=role["Arn"], RoleSessionName="xx"), "AccessDenied", 403)

    def test_bucket_policies(self):
        root = client(self.server, "s3", *ROOT)
        make_bucket(root, "public-bucket")
        root.put_object(Bucket="public-bucket", Key="read-me.txt", Body=b"public")
        root.put_object(Bucket="public-bucket", Key="secret.txt", Body=b"hidden")
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::public-bucket/*"},
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/bob"},
             "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::public-bucket"},
            {"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
             "Resource": "arn:aws:s3:::public-bucket/secret*"}]})
        root.put_bucket_policy(Bucket="public-bucket", Policy=policy)
        self.assertEqual(json.loads(root.get_bucket_policy(Bucket="public-bucket")["Policy"]),
                         json.loads(policy))
        anon = client(self.server, "s3", *ROOT, config=Config(signature_version=UNSIGNED))
        self.assertEqual(anon.get_object(Bucket="public-bucket", Key="read-me.txt")["Body"].read(),
                         b"public")
        self.assertError(lambda: anon.list_objects_v2(Bucket="public-bucket"), "AccessDenied", 403)
        bob = client(self.server, "s3", *self.bob)
        self.assertEqual(len(bob.list_objects_v2(Bucket="public-bucket")["Contents"]), 2)
        self.assertError(lambda: bob.get_object(Bucket="public-bucket", Key="secret.txt"),
                         "AccessDenied", 403, "explicit deny in a resource-based policy")
        self.assertError(lambda: anon.get_object(Bucket="public-bucket", Key="secret.txt"),
                         "AccessDenied", 403)
        self.assertError(lambda: root.put_bucket_policy(Bucket="public-bucket", Policy="nope"),
                         "MalformedPolicy", 400)
        root.delete_bucket_policy(Bucket="public-bucket")
        self.assertError(lambda: root.get_bucket_policy(Bucket="public-bucket"),
                         "NoSuchBucketPolicy", 404)
        self.assertError(lambda: anon.get_object(Bucket="public-bucket", Key="read-me.txt"),
                         "AccessDenied", 403)

    def test_anonymous_s3_is_denied(self):
        anon = client(self.server, "s3", *ROOT, config=Config(signature_version=UNSIGNED))
        self.assertError(lambda: anon.get_object(Bucket="mount-bucket", Key="seed.txt"),
                         "AccessDenied", 403)


class BindingTest(unittest.TestCase):
    """Loopback by default; another address needs --allow-remote and gets a warning."""

    def run_server(self, *args, timeout=5):
        proc = subprocess.Popen([harness.binary_path(), "serve", "--port", "0", "--ephemeral",
                                 *args], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
        try:
            out, _ = proc.communicate(timeout=timeout)
            return proc.returncode, out
        except subprocess.TimeoutExpired:
            proc.terminate()
            out, _ = proc.communicate(timeout=10)
            return None, out

    def test_default_is_loopback(self):
        code, out = self.run_server(timeout=2)
        self.assertIsNone(code, out)  # still running: it started
        self.assertIn("listening=http://127.0.0.1:", out)

    def test_remote_address_needs_the_flag(self):
        code, out = self.run_server("--host", "0.0.0.0")
        self.assertEqual(code, 2, out)
        self.assertIn("--allow-remote", out)
        code, out = self.run_server("--host", "0.0.0.0", "--allow-remote", timeout=2)
        self.assertIsNone(code, out)
        self.assertIn("listening on 0.0.0.0", out)
        self.assertIn("listening=http://0.0.0.0:", out)


if __name__ == "__main__":
    unittest.main()
