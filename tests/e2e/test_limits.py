#!/usr/bin/env python3
"""What one client may do: body and header limits, idle and slow-client timeouts, a cap on
connections, and a flood of requests answered with throttling errors.

Raw sockets where an SDK would not misbehave on purpose (a header that never ends, a
connection that says nothing); each answer is read the way the service's SDK reads it.
"""

import http.client
import select
import socket
import threading
import time
import unittest

import botocore.retries.standard
from botocore.config import Config

import corpus
import harness

THROTTLING_CODES = botocore.retries.standard.ThrottledRetryableChecker._THROTTLED_ERROR_CODES


def connect(port, timeout=10):
    return socket.create_connection(("127.0.0.1", port), timeout=timeout)


def read_answer(sock):
    """(status, headers, body) of the next answer on sock."""
    response = http.client.HTTPResponse(sock)
    response.begin()
    return response.status, response.getheaders(), response.read()


def exchange(port, data):
    with connect(port) as sock:
        sock.sendall(data)
        return read_answer(sock)


def closed_by_server(sock, timeout):
    """Seconds until the server closes sock (reads return b'' or reset), None if it did not."""
    started = time.monotonic()
    sock.settimeout(timeout)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return time.monotonic() - started
    except ConnectionResetError:
        return time.monotonic() - started
    except socket.timeout:
        return None


def request(port, service, method="POST", path="/", headers=(), body=b"",
            content_length=None):
    """A request signed (in form only) for service, as the SDKs send it."""
    length = len(body) if content_length is None else content_length
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}",
             f"Authorization: {corpus.fake_authorization(service)}",
             f"Content-Length: {length}", *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# One request per service, and the error shape its SDK reads.
LIST_REQUESTS = [
    ("json", dict(service="sagemaker", headers=["X-Amz-Target: SageMaker.ListClusters",
                                                "Content-Type: application/x-amz-json-1.1"],
                  body=b"{}")),
    ("rest-json", dict(service="eks", method="GET", path="/clusters")),
    ("query", dict(service="iam", headers=["Content-Type: application/x-www-form-urlencoded"],
                   body=b"Action=ListRoles&Version=2010-05-08")),
    ("ec2", dict(service="ec2", headers=["Content-Type: application/x-www-form-urlencoded"],
                 body=b"Action=DescribeVpcs&Version=2016-11-15")),
    ("s3", dict(service="s3", method="GET", path="/")),
]


def list_requests(port):
    return [(shape, request(port, **kwargs)) for shape, kwargs in LIST_REQUESTS]


class BodyAndHeaderLimitsTest(harness.ServerTestCase):
    CLOCK = "instant"

    def assert_error(self, answer, status, shape, code):
        got_status, headers, body = answer
        text = body.decode(errors="replace")[:400]
        self.assertEqual(got_status, status, text)
        self.assertEqual(corpus.error_code(shape, headers, body), code, text)

    def test_s3_object_too_large_is_refused_before_its_body(self):
        s3 = self.server.client("s3")
        s3.create_bucket(Bucket="limits", CreateBucketConfiguration={
            "LocationConstraint": "us-west-2"})
        head = request(self.server.port, "s3", method="PUT", path="/limits/big",
                       content_length=5 * 2**30)
        started = time.monotonic()
        self.assert_error(exchange(self.server.port, head), 400, "s3", "EntityTooLarge")
        self.assertLess(time.monotonic() - started, 5, "the answer waited for the body")
        self.assertNotIn("Contents", s3.list_objects_v2(Bucket="limits"))

    def test_api_bodies_have_a_smaller_limit_in_each_services_shape(self):
        for shape, kwargs in LIST_REQUESTS:
            if shape == "s3":
                continue
            with self.subTest(shape=shape):
                kwargs = dict(kwargs, method="POST", body=b"", content_length=5 * 2**20)
                data = request(self.server.port, **kwargs)
                self.assert_error(exchange(self.server.port, data), 413, shape,
                                  "RequestEntityTooLarge")

    def test_chunked_body_over_the_limit(self):
        """No Content-Length to refuse early: the limit stops the body as it arrives."""
        port = self.server.port
        head = (f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                f"Authorization: {corpus.fake_authorization('sagemaker')}\r\n"
                "X-Amz-Target: SageMaker.ListClusters\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        chunk = b"%x\r\n" % (1 << 20) + b" " * (1 << 20) + b"\r\n"
        with connect(port) as sock:
            sock.sendall(head)
            try:
                for _ in range(8):
                    sock.sendall(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server stopped reading: its answer is already there
            self.assert_error(read_answer(sock), 413, "json", "RequestEntityTooLarge")

    def test_header_section_too_large(self):
        data = request(self.server.port, "s3", method="GET", path="/",
                       headers=[f"X-Filler: {'a' * 70000}"])
        self.assert_error(exchange(self.server.port, data), 400, "s3",
                          "RequestHeaderSectionTooLarge")
        # The server is still there for everyone else.
        self.server.client("s3").list_buckets()


class TimeoutsTest(harness.ServerTestCase):
    CLOCK = "instant"
    SERVER_ARGS = ("--idle-timeout", "2", "--request-timeout", "2")

    def test_idle_connection_is_closed(self):
        with connect(self.server.port) as sock:
            waited = closed_by_server(sock, timeout=10)
        self.assertIsNotNone(waited, "an idle connection was kept open")
        self.assertGreater(waited, 1.0)

    def test_kept_alive_connection_is_closed_when_idle(self):
        with connect(self.server.port) as sock:
            sock.sendall(list_requests(self.server.port)[-1][1])
            self.assertEqual(read_answer(sock)[0], 200)
            self.assertIsNotNone(closed_by_server(sock, timeout=10))

    def test_slow_client_is_cut_off_and_others_are_served(self):
        """A header trickled a byte at a time (slowloris) gets RequestTimeout within the
        request timeout, however long the client keeps trickling."""
        outcome = {}

        def trickle():
            with connect(self.server.port, timeout=20) as sock:
                started = time.monotonic()
                sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                try:
                    for _ in range(40):
                        # Stop trickling once the server has answered.
                        if select.select([sock], [], [], 0.25)[0]:
                            break
                        sock.sendall(b"X")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                try:
                    outcome["answer"] = read_answer(sock)
                except (ConnectionResetError, OSError) as e:
                    outcome["answer"] = e
                outcome["seconds"] = time.monotonic() - started

        thread = threading.Thread(target=trickle)
        thread.start()
        time.sleep(0.5)
        # Meanwhile the server answers a real client at once.
        started = time.monotonic()
        self.server.client("iam").list_roles()
        self.assertLess(time.monotonic() - started, 1.5)
        thread.join(timeout=30)
        answer = outcome["answer"]
        self.assertIsInstance(answer, tuple, f"no answer to the slow client: {answer!r}")
        self.assertEqual(answer[0], 400)
        self.assertEqual(corpus.error_code("s3", answer[1], answer[2]), "RequestTimeout")
        self.assertLess(outcome["seconds"], 9, "the slow client was not cut off in time")


class ConnectionCapTest(harness.ServerTestCase):
    CLOCK = "instant"
    SERVER_ARGS = ("--max-connections", "8", "--idle-timeout", "30")

    def test_connections_beyond_the_cap_wait_for_a_free_one(self):
        port = self.server.port
        held = [connect(port) for _ in range(8)]
        try:
            time.sleep(0.3)
            extra = connect(port, timeout=1.5)
            extra.sendall(list_requests(port)[-1][1])
            with self.assertRaises(socket.timeout, msg="a 9th connection was served"):
                read_answer(extra)
            held.pop().close()
            extra.settimeout(10)
            # The answer comes once a slot is free (HTTPResponse starts from the beginning).
            status, _, _ = read_answer(extra)
            self.assertEqual(status, 200)
            extra.close()
        finally:
            for sock in held:
                sock.close()
        self.server.client("s3").list_buckets()


class FloodTest(harness.ServerTestCase):
    CLOCK = "instant"
    SERVER_ARGS = ("--max-pending-requests", "4")
    CONNECTIONS = 200

    def rss_kib(self):
        with open(f"/proc/{self.server.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def test_flood_is_throttled_in_each_services_error(self):
        port = self.server.port
        requests = list_requests(port)
        rss_before = self.rss_kib()
        counts = {"ok": 0, "throttled": 0}
        started = time.monotonic()
        for _ in range(3):
            socks = [connect(port) for _ in range(self.CONNECTIONS)]
            try:
                # Every request is on the wire before any answer is read.
                for i, sock in enumerate(socks):
                    sock.sendall(requests[i % len(requests)][1])
                for i, sock in enumerate(socks):
                    shape = requests[i % len(requests)][0]
                    status, headers, body = read_answer(sock)
                    if status == 200:
                        counts["ok"] += 1
                        continue
                    code = corpus.error_code(shape, headers, body)
                    self.assertIn(code, THROTTLING_CODES, (shape, status, body[:300]))
                    counts["throttled"] += 1
            finally:
                for sock in socks:
                    sock.close()
        seconds = time.monotonic() - started
        self.assertGreater(counts["throttled"], 0, counts)
        self.assertGreater(counts["ok"], 0, counts)
        growth = self.rss_kib() - rss_before
        self.assertLess(growth, 200 * 1024, f"RSS grew by {growth} KiB")
        print(f"\nflood: {3 * self.CONNECTIONS} requests on {self.CONNECTIONS} connections in "
              f"{seconds:.2f}s, {counts['ok']} answered, {counts['throttled']} throttled, "
              f"RSS +{growth} KiB")
        # And afterwards everyone is served again.
        self.server.client("sagemaker").list_clusters()

    def test_sdk_retries_through_throttling(self):
        """boto3's standard retry mode knows these codes: 16 clients all get through."""
        config = Config(retries={"max_attempts": 20, "mode": "standard"})
        session = harness.boto3.session.Session(
            aws_access_key_id=harness.DUMMY_KEY_ID, aws_secret_access_key=harness.DUMMY_SECRET,
            region_name=harness.REGION)
        failures = []
        # Clients are made here: a boto3 session is not safe to share between threads.
        clients = [session.client("sagemaker", endpoint_url=self.server.endpoint, config=config)
                   for _ in range(16)]

        def work(sm):
            try:
                for _ in range(20):
                    sm.list_clusters()
            except Exception as e:  # noqa: BLE001 - reported below
                failures.append(e)

        threads = [threading.Thread(target=work, args=(sm,)) for sm in clients]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertEqual(failures, [])


if __name__ == "__main__":
    unittest.main()
