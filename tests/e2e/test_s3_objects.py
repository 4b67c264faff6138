#!/usr/bin/env python3
"""S3 objects through boto3 beyond put and get: GetObject with a Range header (206 with
Content-Range for a single satisfiable range, the whole object for a header S3 ignores, 416
InvalidRange past the end), and CopyObject (the bytes and metadata travel; a missing source is
an error, never an empty object)."""

import unittest

import botocore.exceptions

import harness

BODY = b"0123456789"


class RangeTest(harness.ServerTestCase):
    @classmethod
    def prepare(cls):
        cls.s3 = cls.server.client("s3")
        cls.s3.create_bucket(Bucket="range-bucket",
                             CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        cls.s3.put_object(Bucket="range-bucket", Key="digits", Body=BODY)

    def get(self, byte_range):
        o = self.s3.get_object(Bucket="range-bucket", Key="digits", Range=byte_range)
        return (o["ResponseMetadata"]["HTTPStatusCode"], o.get("ContentRange"),
                o["ContentLength"], o["Body"].read())

    def test_satisfiable_ranges(self):
        cases = {
            "bytes=2-4": "bytes 2-4/10",
            "bytes=7-": "bytes 7-9/10",
            "bytes=-3": "bytes 7-9/10",
            "bytes=5-100": "bytes 5-9/10",
            "bytes=0-0": "bytes 0-0/10",
            "bytes=-50": "bytes 0-9/10",
        }
        for header, content_range in cases.items():
            with self.subTest(header):
                first, last = map(int, content_range.split()[1].split("/")[0].split("-"))
                self.assertEqual(self.get(header), (206, content_range, last - first + 1,
                                                    BODY[first:last + 1]))

    def test_ignored_headers_return_the_whole_object(self):
        for header in ["bytes=x-1", "bytes=4-2", "bytes=1-2,4-5", "items=0-1", "bytes=-"]:
            with self.subTest(header):
                self.assertEqual(self.get(header), (200, None, 10, BODY))

    def test_a_range_past_the_end(self):
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            self.get("bytes=10-")
        error = caught.exception.response
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], 416)
        self.assertEqual(error["Error"]["Code"], "InvalidRange")
        self.assertEqual(error["Error"]["Message"], "The requested range is not satisfiable")
        self.assertEqual(error["Error"]["ActualObjectSize"], "10")


class CopyTest(harness.ServerTestCase):
    @classmethod
    def prepare(cls):
        cls.s3 = cls.server.client("s3")
        cls.s3.create_bucket(Bucket="copy-bucket",
                             CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
        cls.s3.put_object(Bucket="copy-bucket", Key="scripts/on_create.sh", Body=BODY,
                          ContentType="text/x-sh", Metadata={"owner": "platform"})

    def test_copy_keeps_bytes_and_metadata(self):
        result = self.s3.copy_object(Bucket="copy-bucket", Key="copy.sh",
                                     CopySource="copy-bucket/scripts/on_create.sh")
        source = self.s3.head_object(Bucket="copy-bucket", Key="scripts/on_create.sh")
        self.assertEqual(result["CopyObjectResult"]["ETag"], source["ETag"])
        copy = self.s3.get_object(Bucket="copy-bucket", Key="copy.sh")
        self.assertEqual((copy["Body"].read(), copy["ContentType"], copy["Metadata"]),
                         (BODY, "text/x-sh", {"owner": "platform"}))

    def test_copy_with_replaced_metadata(self):
        self.s3.copy_object(Bucket="copy-bucket", Key="replaced.sh",
                            CopySource={"Bucket": "copy-bucket", "Key": "scripts/on_create.sh"},
                            MetadataDirective="REPLACE", Metadata={"owner": "ml"},
                            ContentType="text/plain")
        copy = self.s3.head_object(Bucket="copy-bucket", Key="replaced.sh")
        self.assertEqual((copy["ContentType"], copy["Metadata"], copy["ContentLength"]),
                         ("text/plain", {"owner": "ml"}, len(BODY)))

    def test_missing_sources_and_copies_onto_themselves(self):
        cases = [
            ("no-such-bucket/k", "NoSuchBucket", 404),
            ("copy-bucket/no-such-key", "NoSuchKey", 404),
            ("copy-bucket", "InvalidArgument", 400),
        ]
        for source, code, status in cases:
            with self.subTest(source):
                with self.assertRaises(botocore.exceptions.ClientError) as caught:
                    self.s3.copy_object(Bucket="copy-bucket", Key="never", CopySource=source)
                error = caught.exception.response
                self.assertEqual((error["Error"]["Code"],
                                  error["ResponseMetadata"]["HTTPStatusCode"]), (code, status))
        with self.assertRaises(botocore.exceptions.ClientError) as caught:
            self.s3.copy_object(Bucket="copy-bucket", Key="scripts/on_create.sh",
                                CopySource="copy-bucket/scripts/on_create.sh")
        self.assertEqual(caught.exception.response["Error"]["Code"], "InvalidRequest")
        keys = [o["Key"] for o in self.s3.list_objects_v2(Bucket="copy-bucket")["Contents"]]
        self.assertNotIn("never", keys)


if __name__ == "__main__":
    unittest.main()
