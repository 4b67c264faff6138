#!/usr/bin/env python3
"""A commit that cannot be written (the disk is full) is never acknowledged.

The emulator runs under a file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored, so a write past
it fails as on a full disk). S3 PutObject requests of 64 KiB go in until the store can take no
more: that request gets 503 ServiceUnavailable in S3's XML format, nothing of it can be read
back, every acknowledged object still can, and the server keeps answering. After a restart
without the limit the store holds exactly the acknowledged objects.
"""

import os
import resource
import signal
import unittest

import boto3
import botocore.config
import botocore.exceptions

import harness

OBJECT = b"x" * 65536
HEADROOM = 2 * 1024 * 1024  # what the store may grow by before writes fail


def store_bytes(data_dir):
    return max((os.path.getsize(os.path.join(data_dir, f)) for f in os.listdir(data_dir)),
               default=0)


class DiskFullTest(harness.ServerTestCase):
    CLOCK = "instant"

    def client(self):
        """An S3 client that does not retry, so the test sees the refused request itself."""
        config = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
        return boto3.client("s3", endpoint_url=self.server.endpoint, region_name="us-west-2",
                            aws_access_key_id=harness.DUMMY_KEY_ID,
                            aws_secret_access_key=harness.DUMMY_SECRET, config=config)

    def limit_files_to(self, size):
        def preexec():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        return preexec

    def test_a_failed_commit_is_not_acknowledged(self):
        s3 = self.client()
        s3.create_bucket(Bucket="full-bucket",
                         CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        self.assertEqual(self.server.stop(), 0)
        self.server.preexec = self.limit_files_to(store_bytes(self.server.data_dir) + HEADROOM)
        self.server.start()
        s3 = self.client()
        stored, refused = [], None
        for i in range(200):
            key = f"object-{i:03d}"
            try:
                s3.put_object(Bucket="full-bucket", Key=key, Body=OBJECT)
                stored.append(key)
            except botocore.exceptions.ClientError as e:
                refused = (key, e.response["Error"]["Code"],
                           e.response["ResponseMetadata"]["HTTPStatusCode"])
                break
        self.assertIsNotNone(refused, "the store never filled up")
        self.assertEqual(refused[1:], ("ServiceUnavailable", 503))
        self.assertGreater(len(stored), 3)
        self.assert_holds_exactly(s3, stored, refused[0])

        self.assertEqual(self.server.stop(), 0)
        self.server.preexec = None
        self.server.start()
        self.assert_holds_exactly(self.client(), stored, refused[0])

    def assert_holds_exactly(self, s3, stored, refused_key):
        keys = []
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket="full-bucket"):
            keys += [o["Key"] for o in page.get("Contents", [])]
        self.assertEqual(keys, stored)
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            s3.head_object(Bucket="full-bucket", Key=refused_key)
        self.assertEqual(caught.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)
        self.assertEqual(s3.get_object(Bucket="full-bucket", Key=stored[-1])["Body"].read(),
                         OBJECT)


if __name__ == "__main__":
    unittest.main()
