#!/usr/bin/env python3
"""hyperpod-local benchmarks (issue 6): throughput against moto, the deployment flow, scale,
restart and cold start.

Every server is started here, on free loopback ports, and stopped in a finally block (also on
Ctrl-C and SIGTERM). The figures are measurements of one run on this machine; the ratios compare
two servers measured in the same run with the same request bytes and the same load generator
(wrk). They are not tests: a MISS is reported, never raised.

Usage: bench/run.sh [--duration S] [--only throughput,flow,scale,coldstart] [--quick]
                    [--no-pin] [--quiet-wait S] [--keep]
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import traceback

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(BENCH_DIR)
sys.path.insert(0, os.path.join(REPO_ROOT, "tests", "e2e"))

import boto3  # noqa: E402
from botocore.config import Config  # noqa: E402

import stack  # noqa: E402  (tests/e2e/stack.py: the prerequisite stack through boto3)

REGION = "us-west-2"
KEY_ID = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SIGNING_DATE = "20261203"
WRK_SCRIPT = os.path.join(BENCH_DIR, "wrk", "replay.lua")
SEQ_TOKEN = "SEQ000000000000"  # replay.lua puts a fresh 15-character value here per cycle

# Deterministic names, so the request bytes sent to both servers are the same.
EKS_ROLE = "bench-eks-role"
EXEC_ROLE = "bench-exec-role"
BUCKET = "sagemaker-bench-lifecycle"
EKS_CLUSTER = "bench-eks"
DESCRIBE_CLUSTER = "bench-describe"
NODES_CLUSTER = "bench-nodes"
INSTANCE_TYPE = "ml.c5.large"  # in both hyperpod-local's catalog and moto's list
# The 1,000 small clusters use another type: the default quota is 10,000 instances per type
# ("ml.c5.large for cluster usage"), and the 10,000-node cluster already holds that many.
MANY_INSTANCE_TYPE = "ml.m5.large"

SERVER_CPU, WRK_CPU = "0", "1"  # with --pin (the default) on a machine of 2 or more cores
STOP_GRACE_S = 10
READY_TIMEOUT_S = 30
POLL_LIMIT = 100_000  # describe calls per wait; a wait that needs more is reported as failed
POLL_DEADLINE_S = 120


class BenchError(RuntimeError):
    pass


# ----- processes --------------------------------------------------------------------------

class Processes:
    """Every child the bench starts, each in its own session so that one killpg ends it and
    its children. stop_all() runs from a finally block."""

    def __init__(self):
        self.procs = []

    def spawn(self, args, log_path, env=None):
        log = open(log_path, "ab")
        try:
            proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        finally:
            log.close()
        self.procs.append(proc)
        return proc

    def stop(self, proc, sig=signal.SIGTERM):
        """Signals the process group; SIGKILL after the grace period. Returns the exit code."""
        if proc.poll() is None:
            _signal_group(proc, sig)
            try:
                proc.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=STOP_GRACE_S)
        if proc in self.procs:
            self.procs.remove(proc)
        return proc.returncode

    def stop_all(self):
        for proc in list(self.procs):
            try:
                self.stop(proc)
            except Exception as e:  # keep stopping the others
                print(f"warning: could not stop pid {proc.pid}: {e}", file=sys.stderr)


def _signal_group(proc, sig):
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_cpu_seconds(pgid):
    """User plus system CPU time of every live process in the process group."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields[2] is pgrp; utime, stime follow at 11, 12
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds():
    """CPU time all cores spent outside idle and steal since boot (from /proc/stat)."""
    with open("/proc/stat") as f:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, f.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds():
    """CPU time of this driver and of its children that have been waited for (wrk)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class ForeignLoad:
    """CPU that processes other than the bench used during a measurement, in cores: the
    machine's busy time less the servers', wrk's and this driver's. Above NOISY_CORES the
    figure is marked, because the server and wrk did not have the cores to themselves."""

    def __init__(self, pgids):
        self.pgids = pgids
        self.start = self._sample()

    def _sample(self):
        ours = own_cpu_seconds() + sum(group_cpu_seconds(g) for g in self.pgids)
        return time.perf_counter(), machine_busy_seconds(), ours

    def cores(self, started_since=()):
        """started_since: process groups the bench started during the window; all of their
        CPU time is the bench's."""
        t0, busy0, ours0 = self.start
        t1, busy1, ours1 = self._sample()
        ours1 += sum(group_cpu_seconds(g) for g in started_since)
        return max(0.0, ((busy1 - busy0) - (ours1 - ours0)) / max(t1 - t0, 1e-9))


NOISY_CORES = 0.10


def wait_quiet(pgids, max_wait_s):
    """Waits, up to max_wait_s, for a 0.5 s window in which other processes use less than
    NOISY_CORES; returns whether one came."""
    deadline = time.perf_counter() + max_wait_s
    while True:
        load = ForeignLoad(pgids)
        time.sleep(0.5)
        if load.cores() < NOISY_CORES:
            return True
        if time.perf_counter() >= deadline:
            return False


def proc_status(pid, field):
    """A field of /proc/PID/status in bytes (VmHWM, VmRSS)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise BenchError(f"no {field} in /proc/{pid}/status")


# ----- raw HTTP ---------------------------------------------------------------------------

def raw_request(method, path, service, body=b"", headers=(), region=REGION):
    """The exact bytes of one request with a pre-signed-looking SigV4 header."""
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1",
             f"X-Amz-Date: {SIGNING_DATE}T000000Z",
             f"Authorization: AWS4-HMAC-SHA256 Credential={KEY_ID}/{SIGNING_DATE}/{region}/"
             f"{service}/aws4_request, SignedHeaders=host, Signature=0"]
    lines += [f"{k}: {v}" for k, v in headers]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _read_response(fp):
    status_line = fp.readline()
    if not status_line:
        raise BenchError("connection closed before a response")
    status = int(status_line.split()[1])
    headers = {}
    while True:
        line = fp.readline().decode("latin-1").rstrip("\r\n")
        if not line:
            break
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int(fp.readline().split(b";")[0], 16)
            if size == 0:
                fp.readline()
                break
            body += fp.read(size)
            fp.readline()
    else:
        body = fp.read(int(headers.get("content-length", "0")))
    return status, headers, body


def send_raw(port, data, responses=1, timeout=600):
    """Sends the bytes on a new connection; returns [(status, headers, body)] for each
    pipelined request."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        with s.makefile("rb") as fp:
            return [_read_response(fp) for _ in range(responses)]


def health_ok(port, timeout=2):
    try:
        status, _, _ = send_raw(port, b"GET /_hyperpod/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      b"Connection: close\r\n\r\n", timeout=timeout)[0]
        return status == 200
    except (OSError, BenchError, ValueError, IndexError):
        return False


# ----- servers ----------------------------------------------------------------------------

class Target:
    """One server under test and the boto3 clients aimed at it."""

    def __init__(self, name, port, proc):
        self.name, self.port, self.proc = name, port, proc
        self.clock_mode = "instant"
        self._clients = {}
        self.requests_sent = 0  # by the boto3 clients

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def client(self, service):
        if service not in self._clients:
            session = boto3.session.Session(aws_access_key_id=KEY_ID,
                                            aws_secret_access_key=SECRET, region_name=REGION)
            # No retries: a failed call must show, not be hidden by a second attempt.
            config = Config(connect_timeout=5, read_timeout=600,
                            retries={"total_max_attempts": 1})
            client = session.client(service, endpoint_url=self.endpoint, config=config)
            client.meta.events.register("before-send", self._count_request)
            self._clients[service] = client
        return self._clients[service]

    def _count_request(self, **_):
        self.requests_sent += 1


_binary_copy = None


def snapshot_binary(work):
    """Copies the emulator into the work directory, so that a rebuild during the run cannot
    swap it between sections; returns (source path, size in bytes)."""
    global _binary_copy
    path = os.environ.get("HPL_BINARY") or os.path.join(REPO_ROOT, "build", "hyperpod-local")
    if not os.access(path, os.X_OK):
        raise BenchError(f"emulator binary not found: {path} (build it or set HPL_BINARY)")
    _binary_copy = os.path.join(work, "hyperpod-local")
    shutil.copy2(path, _binary_copy)
    return path, os.path.getsize(path)


def hpl_binary():
    if _binary_copy is None:
        raise BenchError("snapshot_binary() was not called")
    return _binary_copy


# Servers and wrk run at this nice value when the bench may raise priority (as root), so that
# other users' builds on a shared machine do not take the CPU from them in the middle of a
# measurement (a scheduler time slice is several milliseconds: a p99 of its own). Both servers
# get the same; the CPU other processes still used is measured and reported either way.
BENCH_NICE = -10


def prioritized():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def pinned(args, cpus):
    """args run on the given CPUs ("0", "1", ...) when cpus is set, at BENCH_NICE when
    allowed."""
    args = ["taskset", "-c", cpus, *args] if cpus else list(args)
    return ["nice", "-n", str(BENCH_NICE), *args] if prioritized() else args


def start_hpl(procs, work, data_dir, log_name="hyperpod-local.log", clock="instant", cpus=None):
    """Starts hyperpod-local; returns (Target, seconds from spawn to first answered request)."""
    port_file = os.path.join(work, f"port-{time.monotonic_ns()}")
    args = pinned([hpl_binary(), "serve", "--port", "0", "--port-file", port_file,
                   "--data-dir", data_dir, "--clock", clock, "--log-level", "warn"], cpus)
    started = time.perf_counter()
    proc = procs.spawn(args, os.path.join(work, log_name))
    port = wait_ready(proc, port_file)
    return Target("hyperpod-local", port, proc), time.perf_counter() - started


def wait_ready(proc, port_file):
    """Polls the port file, then /_hyperpod/health, every 0.2 ms; returns the port."""
    deadline = time.perf_counter() + READY_TIMEOUT_S
    port = None
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"hyperpod-local exited with {proc.returncode} during start-up")
        if port is None:
            try:
                with open(port_file) as f:
                    text = f.read().strip()
                port = int(text) if text.isdigit() and int(text) > 0 else None
            except FileNotFoundError:
                pass
        if port is not None and health_ok(port):
            return port
        time.sleep(0.0002)
    raise BenchError("hyperpod-local did not answer /_hyperpod/health in time")


def start_moto(procs, work, cpus=None):
    port = free_port()
    # moto knows AWS managed policies (AttachRolePolicy needs them) only when asked to.
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
    proc = procs.spawn(pinned(["moto_server", "-H", "127.0.0.1", "-p", str(port)], cpus),
                       os.path.join(work, "moto_server.log"), env=env)
    deadline = time.perf_counter() + READY_TIMEOUT_S
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"moto_server exited with {proc.returncode}")
        try:
            status, _, _ = send_raw(port, b"GET /moto-api/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          b"Connection: close\r\n\r\n", timeout=2)[0]
            if status < 500:
                return Target("moto", port, proc)
        except (OSError, BenchError, ValueError, IndexError):
            pass
        time.sleep(0.05)
    raise BenchError("moto_server did not start in time")


# ----- the stack both servers share -------------------------------------------------------

def poll_status(read_status, want, failed=()):
    """Calls read_status() back to back (no sleep) until it returns want; returns the number
    of calls. Bounded by POLL_LIMIT calls and POLL_DEADLINE_S seconds."""
    deadline = time.perf_counter() + POLL_DEADLINE_S
    for calls in range(1, POLL_LIMIT + 1):
        status = read_status()
        if status == want:
            return calls
        if status in failed or time.perf_counter() > deadline:
            raise BenchError(f"status {status!r} while waiting for {want!r}")
    raise BenchError(f"still not {want!r} after {POLL_LIMIT} polls")


def create_fixed_roles(iam):
    arns = []
    for name, service, policy in ((EKS_ROLE, "eks.amazonaws.com", stack.EKS_CLUSTER_POLICY),
                                  (EXEC_ROLE, "sagemaker.amazonaws.com",
                                   stack.HYPERPOD_INSTANCE_POLICY)):
        arns.append(stack.create_role(iam, name, service, policy))
    return arns


def create_fixed_bucket(s3):
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_object(Bucket=BUCKET, Key=stack.LIFECYCLE_PREFIX + stack.ON_CREATE,
                  Body=stack.ON_CREATE_SH.encode())
    return f"s3://{BUCKET}/{stack.LIFECYCLE_PREFIX}"


def build_shared_stack(target, network=None):
    """Roles, bucket, network and an ACTIVE EKS cluster with fixed names; returns a Stack."""
    eks_role, exec_role = create_fixed_roles(target.client("iam"))
    s3_uri = create_fixed_bucket(target.client("s3"))
    network = network or stack.create_network(target.client("ec2"))
    eks = target.client("eks")
    arn = stack.create_eks_cluster(eks, EKS_CLUSTER, eks_role, network, version="1.33")["arn"]
    poll_status(stack.eks_status(eks, EKS_CLUSTER), "ACTIVE", failed=("FAILED",))
    return stack.Stack(network=network, bucket=BUCKET, s3_uri=s3_uri, eks_role_arn=eks_role,
                       execution_role_arn=exec_role, eks_cluster_name=EKS_CLUSTER,
                       eks_cluster_arn=arn)


def cluster_body(name, st, groups, instance_type=INSTANCE_TYPE):
    """CreateCluster JSON; groups is [(group name, instance count)]."""
    request = stack.hyperpod_request(name, st, instance_type=instance_type)
    template = request["InstanceGroups"][0]
    request["InstanceGroups"] = [dict(template, InstanceGroupName=g, InstanceCount=n)
                                 for g, n in groups]
    return json.dumps(request, separators=(",", ":"))


def sagemaker_request(operation, body):
    return raw_request("POST", "/", "sagemaker", body,
                       [("X-Amz-Target", f"SageMaker.{operation}"),
                        ("Content-Type", "application/x-amz-json-1.1")])


# ----- 1. throughput ----------------------------------------------------------------------

def _json_check(predicate):
    return lambda body: predicate(json.loads(body))


# What a right answer to each scenario's first request looks like, beyond a 2xx status.
ANSWER_CHECKS = {
    "sm_describe_cluster": _json_check(lambda d: d["ClusterStatus"] == "InService"),
    "sm_list_cluster_nodes": _json_check(lambda d: len(d["ClusterNodeSummaries"]) == 100),
    "sm_create_delete_pair": _json_check(lambda d: d["ClusterArn"].startswith("arn:aws:")),
    "eks_describe_cluster": _json_check(lambda d: d["cluster"]["status"] == "ACTIVE"),
    "s3_put_object_1k": lambda body: True,
    "iam_get_role": lambda body: f"<RoleName>{EXEC_ROLE}</RoleName>".encode() in body,
}


def throughput_scenarios(st):
    """(key, title, [request bytes sent in turn], ratio target)."""
    describe = sagemaker_request("DescribeCluster", json.dumps({"ClusterName": DESCRIBE_CLUSTER}))
    nodes = sagemaker_request("ListClusterNodes",
                              json.dumps({"ClusterName": NODES_CLUSTER, "MaxResults": 100}))
    pair_name = "bench-pair-" + SEQ_TOKEN
    pair = [sagemaker_request("CreateCluster", cluster_body(pair_name, st, [("workers", 2)])),
            sagemaker_request("DeleteCluster", json.dumps({"ClusterName": pair_name}))]
    eks = raw_request("GET", f"/clusters/{EKS_CLUSTER}", "eks")
    put = raw_request("PUT", f"/{BUCKET}/bench/object-1k", "s3", b"x" * 1024,
                      [("Content-Type", "application/octet-stream"),
                       ("x-amz-content-sha256", "UNSIGNED-PAYLOAD")])
    get_role = raw_request("POST", "/", "iam",
                           f"Action=GetRole&RoleName={EXEC_ROLE}&Version=2010-05-08",
                           [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                           region="us-east-1")
    return [
        ("sm_describe_cluster", "SageMaker DescribeCluster", [describe], 100),
        ("sm_list_cluster_nodes", "SageMaker ListClusterNodes (100 nodes)", [nodes], 30),
        ("sm_create_delete_pair", "SageMaker CreateCluster+DeleteCluster", pair, 30),
        ("eks_describe_cluster", "EKS DescribeCluster", [eks], 30),
        ("s3_put_object_1k", "S3 PutObject 1 KiB", [put], 30),
        ("iam_get_role", "IAM GetRole", [get_role], 30),
    ]


def check_alive(target):
    code = target.proc.poll()
    if code is not None:
        how = f"signal {-code}" if code < 0 else f"exit code {code}"
        raise BenchError(f"{target.name} (pid {target.proc.pid}) ended during the run with {how}"
                         + (" (a clean shutdown: did another process signal it?)"
                            if code == 0 else ""))


def run_wrk(port, requests, connections, threads, duration_s, work, cpus=None):
    """Runs wrk with replay.lua over the given request bytes (sent in turn when several)."""
    paths = []
    for data in requests:
        paths.append(os.path.join(work, f"request-{time.monotonic_ns()}.http"))
        with open(paths[-1], "wb") as f:
            f.write(data)
    args = pinned(["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration_s}s",
                   "--timeout", "10s", "--latency", "-s", WRK_SCRIPT,
                   f"http://127.0.0.1:{port}/"], cpus)
    env = dict(os.environ, BENCH_REQUEST_FILES=":".join(paths))
    out = subprocess.run(args, env=env, capture_output=True, text=True,
                         timeout=duration_s + 60, start_new_session=True)
    for line in reversed(out.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise BenchError(f"wrk printed no summary (port {port}): {out.stdout}\n{out.stderr}")


def probe(target, requests, anomalies, scenario):
    """Sends each request once (a probe-only name in place of the token) and records every
    answer that is not 2xx, with its body."""
    check_alive(target)
    answers = []
    for data in requests:
        answers += send_raw(target.port, data.replace(SEQ_TOKEN.encode(), b"PROBE" + b"0" * 10))
    probe_bodies = [len(body) for _, _, body in answers]
    for i, (status, _, body) in enumerate(answers):
        try:
            right = 200 <= status < 300 and (i > 0 or ANSWER_CHECKS[scenario](body))
        except (ValueError, KeyError, TypeError):
            right = False
        if not right:
            anomalies.append({"target": target.name, "scenario": scenario, "where": "probe",
                              "status": status, "body": body[:300].decode(errors="replace")})
    return {"statuses": [status for status, _, _ in answers],
            "mean_body_bytes": statistics.mean(probe_bodies)}


def check_wrk_answers(result, probe_answer, target, key, anomalies):
    """wrk's answers must be about the size of the probe's (body plus up to 2 KB of headers):
    anything else means wrk sent other bytes than the probe did."""
    per_answer = result["bytes"] / max(result["requests"], 1)
    body = probe_answer["mean_body_bytes"]
    if not body <= per_answer <= body + 2048:
        anomalies.append({"target": target.name, "scenario": key, "where": "wrk",
                          "bytes_per_answer": per_answer, "probe_body_bytes": body})


def setup_throughput(hpl, moto):
    """The same stack on both; the HyperPod clusters are created from the same bytes."""
    st = build_shared_stack(hpl)
    build_shared_stack(moto)
    for name, count in ((DESCRIBE_CLUSTER, 2), (NODES_CLUSTER, 100)):
        data = sagemaker_request("CreateCluster", cluster_body(name, st, [("workers", count)]))
        for target in (hpl, moto):
            status, _, body = send_raw(target.port, data)[0]
            if status != 200:
                raise BenchError(f"{target.name} CreateCluster {name}: {status} {body[:300]}")
            poll_status(stack.hyperpod_status(target.client("sagemaker"), name), "InService")
    return st


def wrk_placement(connections, cycle, pin):
    """(wrk threads, wrk CPUs) for a run. A cycle of requests needs one connection per wrk
    thread to stay in order. Pinned, the servers run on SERVER_CPU; one connection is a strict
    ping-pong, so wrk shares that core (a wake-up across cores costs ~0.1 ms on this VM,
    several times the request); with 16, wrk gets the other core to itself."""
    threads = connections if cycle else 1
    if not pin:
        return (connections if cycle else min(connections, os.cpu_count() or 1)), None
    return threads, SERVER_CPU if connections == 1 else WRK_CPU


def bench_throughput(hpl, moto, work, settings, anomalies):
    st = setup_throughput(hpl, moto)
    rows = []
    pgids = [hpl.proc.pid, moto.proc.pid]
    for key, title, requests, ratio_target in throughput_scenarios(st):
        for connections in (1, 16):
            threads, cpus = wrk_placement(connections, len(requests) > 1, settings["pin"])
            row = {"key": key, "title": title, "connections": connections,
                   "ratio_target": ratio_target, "wrk_threads": threads, "wrk_cpus": cpus}
            for target in (hpl, moto):
                probe_answer = probe(target, requests, anomalies, key)
                row[f"{target.name}_probe"] = probe_answer
                quiet = wait_quiet(pgids, settings["quiet_wait_s"])
                load = ForeignLoad(pgids)
                cpu_before = group_cpu_seconds(target.proc.pid)
                try:
                    result = run_wrk(target.port, requests, connections, threads,
                                     settings["duration_s"], work, cpus)
                finally:
                    check_alive(target)  # a server that died explains a failed wrk best
                cpu = group_cpu_seconds(target.proc.pid) - cpu_before
                result["foreign_cpu_cores"] = load.cores()
                result["quiet_before"] = quiet
                result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
                # Server CPU per request and its share of one core: is the figure bound by
                # the server or by the client and the network stack?
                result["server_cpu_us_per_request"] = cpu / max(result["requests"], 1) * 1e6
                result["server_cpu_share"] = cpu / (result["duration_us"] / 1e6)
                row[target.name] = result
                _wrk_anomalies(result, target, key, connections, anomalies)
                check_wrk_answers(result, probe_answer, target, key, anomalies)
            row["ratio"] = row["hyperpod-local"]["rps"] / max(row["moto"]["rps"], 1e-9)
            print_throughput_row(row)
            rows.append(row)
    return rows


def _wrk_anomalies(result, target, key, connections, anomalies):
    errors = {k: v for k, v in result["errors"].items() if v}
    if errors:
        anomalies.append({"target": target.name, "scenario": key, "where": f"wrk c={connections}",
                          "errors": errors, "requests": result["requests"]})


def print_throughput_row(row):
    h, m = row["hyperpod-local"], row["moto"]
    print(f"  {row['title']:<40} c={row['connections']:<2} hpl {h['rps']:>9.0f}/s "
          f"p50 {h['latency_us']['p50'] / 1000:6.2f} p99 {h['latency_us']['p99'] / 1000:6.2f} ms"
          f" | moto {m['rps']:>7.0f}/s p50 {m['latency_us']['p50'] / 1000:7.2f} "
          f"p99 {m['latency_us']['p99'] / 1000:7.2f} ms | {row['ratio']:6.1f}x | server CPU/req "
          f"{h['server_cpu_us_per_request']:.0f} vs {m['server_cpu_us_per_request']:.0f} us",
          flush=True)


# ----- 2. the deployment flow -------------------------------------------------------------

def deployment_flow(target):
    """The spec's flow through boto3; returns a dict of wall time, CPU time spent in this
    process (boto3: building, signing and parsing requests), requests sent, describe polls and
    nodes listed. Wall time less boto3's CPU is the server, the network stack and wake-ups."""
    iam, ec2, s3 = target.client("iam"), target.client("ec2"), target.client("s3")
    eks, sm = target.client("eks"), target.client("sagemaker")
    requests_before = target.requests_sent
    client_cpu = time.process_time()
    started = time.perf_counter()
    eks_role, exec_role = stack.create_roles(iam)
    network = stack.create_network(ec2)
    bucket, s3_uri = stack.create_lifecycle_bucket(s3)
    eks_name = stack.unique("bench-flow-eks")
    arn = stack.create_eks_cluster(eks, eks_name, eks_role, network, version="1.33")["arn"]
    polls = poll_status(stack.eks_status(eks, eks_name), "ACTIVE", failed=("FAILED",))
    st = stack.Stack(network=network, bucket=bucket, s3_uri=s3_uri, eks_role_arn=eks_role,
                     execution_role_arn=exec_role, eks_cluster_name=eks_name, eks_cluster_arn=arn)
    hp_name = stack.unique("bench-flow-hp")
    sm.create_cluster(**stack.hyperpod_request(hp_name, st))
    polls += poll_status(stack.hyperpod_status(sm, hp_name), "InService",
                         failed=("Failed", "RollingBack"))
    nodes = stack.list_all_nodes(sm, hp_name)
    return {"seconds": time.perf_counter() - started,
            "client_cpu_s": time.process_time() - client_cpu,
            "requests": target.requests_sent - requests_before, "polls": polls,
            "nodes": len(nodes)}


def bench_flow(hpl, moto, runs, settings):
    # One untimed run each: botocore loads each operation's shapes on first use.
    for target in (hpl, moto):
        deployment_flow(target)
    details = {"hyperpod-local": [], "moto": []}
    pgids = [hpl.proc.pid, moto.proc.pid]
    for _ in range(runs):
        for target in (hpl, moto):
            quiet = wait_quiet(pgids, settings["quiet_wait_s"])
            load = ForeignLoad(pgids)
            details[target.name].append(deployment_flow(target))
            details[target.name][-1].update(foreign_cpu_cores=load.cores(), quiet_before=quiet)
    result = {name: {"median_s": statistics.median(r["seconds"] for r in runs_),
                     "median_client_cpu_s": statistics.median(r["client_cpu_s"] for r in runs_),
                     "runs": runs_}
              for name, runs_ in details.items()}
    result["speedup"] = result["moto"]["median_s"] / result["hyperpod-local"]["median_s"]
    for name in details:
        r = result[name]
        print(f"  flow {name}: {r['median_s'] * 1000:.1f} ms wall, of which boto3 CPU "
              f"{r['median_client_cpu_s'] * 1000:.1f} ms; {r['runs'][0]['requests']} requests",
              flush=True)
    print(f"  flow speed-up: {result['speedup']:.1f}x", flush=True)
    return result


# ----- 3. scale ---------------------------------------------------------------------------

def build_large_stack(target):
    """Like the shared stack, but a /16 VPC with two /17 subnets: room for 20,000 nodes."""
    ec2 = target.client("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc_id, CidrBlock=cidr,
                                 AvailabilityZone=az)["Subnet"]["SubnetId"]
               for cidr, az in (("10.0.0.0/17", stack.AZS[0]), ("10.0.128.0/17", stack.AZS[1]))]
    sg = ec2.create_security_group(GroupName="bench-scale", Description="bench",
                                   VpcId=vpc_id)["GroupId"]
    network = stack.Network(vpc_id=vpc_id, subnet_ids=subnets, security_group_id=sg)
    return build_shared_stack(target, network)


def create_and_wait(target, body, name):
    """Sends CreateCluster and polls DescribeCluster; returns (seconds, create seconds)."""
    started = time.perf_counter()
    status, _, answer = send_raw(target.port, sagemaker_request("CreateCluster", body))[0]
    created = time.perf_counter() - started
    if status != 200:
        raise BenchError(f"CreateCluster {name}: {status} {answer[:300]}")
    poll_status(stack.hyperpod_status(target.client("sagemaker"), name), "InService",
                failed=("Failed", "RollingBack"))
    return time.perf_counter() - started, created


def running_nodes(target, name):
    groups = target.client("sagemaker").describe_cluster(ClusterName=name)["InstanceGroups"]
    return sum(g["CurrentCount"] for g in groups)


def count_events(target, name):
    """Cluster events the simulation recorded for the cluster (ListClusterEvents, every page)."""
    events, token = 0, None
    for _ in range(POLL_LIMIT):
        request = {"ClusterName": name, "MaxResults": 100}
        if token:
            request["NextToken"] = token
        status, _, body = send_raw(target.port,
                                   sagemaker_request("ListClusterEvents", json.dumps(request)))[0]
        if status != 200:
            raise BenchError(f"ListClusterEvents {name}: {status} {body[:300]}")
        page = json.loads(body)
        events += len(page["Events"])
        token = page.get("NextToken")
        if not token:
            return events
    raise BenchError(f"ListClusterEvents {name}: more than {POLL_LIMIT} pages")


def count_clusters(target, status="InService"):
    pages = target.client("sagemaker").get_paginator("list_clusters").paginate(
        PaginationConfig={"PageSize": 100})
    return sum(1 for page in pages for c in page["ClusterSummaries"]
               if c["ClusterStatus"] == status)


def bench_scale(procs, work, n_many, settings):
    data_dir = os.path.join(work, "scale-data")
    hpl, _ = start_hpl(procs, work, data_dir, "hyperpod-local-scale.log")
    out = {}
    try:
        st = build_large_stack(hpl)
        out["rss_before_bytes"] = proc_status(hpl.proc.pid, "VmRSS")

        big = "bench-10k"
        body = cluster_body(big, st, [("workers-a", 5000), ("workers-b", 5000)])
        quiet = wait_quiet([hpl.proc.pid], settings["quiet_wait_s"])
        load = ForeignLoad([hpl.proc.pid])
        seconds, create_s = create_and_wait(hpl, body, big)
        out["cluster_10k"] = {"to_in_service_s": seconds, "create_request_s": create_s,
                              "running_nodes": running_nodes(hpl, big),
                              "foreign_cpu_cores": load.cores(), "quiet_before": quiet}
        out["hwm_after_10k_bytes"] = proc_status(hpl.proc.pid, "VmHWM")
        out["bytes_per_node"] = (out["hwm_after_10k_bytes"] - out["rss_before_bytes"]) / 10_000
        # Every transition of the cluster, its groups and its nodes is a cluster event, so
        # events over the wall time to InService is the rate the simulation runs at.
        counted = time.perf_counter()
        events = count_events(hpl, big)
        out["cluster_10k"].update(events=events, events_per_s=events / seconds,
                                  count_events_s=time.perf_counter() - counted)
        print(f"  10,000 nodes: {seconds:.3f} s to InService, {events:,} events "
              f"({events / seconds:,.0f}/s), VmHWM {out['hwm_after_10k_bytes'] / 2**20:.1f} MiB",
              flush=True)

        started = time.perf_counter()
        for i in range(n_many):
            name = f"bench-many-{i:04d}"
            status, _, answer = send_raw(hpl.port, sagemaker_request(
                "CreateCluster", cluster_body(name, st, [("workers", 10)], MANY_INSTANCE_TYPE)))[0]
            if status != 200:
                raise BenchError(f"CreateCluster {name}: {status} {answer[:300]}")
        in_service = count_clusters(hpl)
        out["many"] = {"clusters": n_many, "seconds": time.perf_counter() - started,
                       "in_service": in_service}
        out["hwm_after_many_bytes"] = proc_status(hpl.proc.pid, "VmHWM")
        print(f"  {n_many} x 10 nodes: {out['many']['seconds']:.2f} s, {in_service} InService, "
              f"VmHWM {out['hwm_after_many_bytes'] / 2**20:.1f} MiB", flush=True)

        quiet = wait_quiet([hpl.proc.pid], settings["quiet_wait_s"])
        load = ForeignLoad([hpl.proc.pid])
        out["restart"] = restart(procs, work, hpl, data_dir, big)
        out["restart"].update(foreign_cpu_cores=load.cores(), quiet_before=quiet)
        print(f"  restart: stop {out['restart']['stop_s'] * 1000:.0f} ms, start to first answer "
              f"{out['restart']['start_to_first_answer_s'] * 1000:.0f} ms", flush=True)
    finally:
        out["data_dir_bytes"] = dir_size(data_dir)
    return out


def restart(procs, work, hpl, data_dir, big):
    started = time.perf_counter()
    code = procs.stop(hpl.proc)
    stopped = time.perf_counter()
    again, first_answer = start_hpl(procs, work, data_dir, "hyperpod-local-scale.log")
    after_start = time.perf_counter()
    describe = again.client("sagemaker").describe_cluster(ClusterName=big)
    first_describe = time.perf_counter() - stopped
    result = {"exit_code": code, "stop_s": stopped - started,
              "start_to_first_answer_s": first_answer,
              "sigterm_to_first_answer_s": after_start - started,
              "start_to_first_describe_s": first_describe,
              "status_after": describe["ClusterStatus"],
              "clusters_after": count_clusters(again),
              "nodes_after": sum(g["CurrentCount"] for g in describe["InstanceGroups"]),
              "hwm_after_restart_bytes": proc_status(again.proc.pid, "VmHWM")}
    procs.stop(again.proc)
    return result


def dir_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


# ----- 4. cold start ----------------------------------------------------------------------

def bench_cold_start(procs, work, runs, settings):
    samples, foreign = [], []
    for i in range(runs):
        data_dir = os.path.join(work, f"cold-{i}")
        wait_quiet([], settings["quiet_wait_s"])
        load = ForeignLoad([])
        target, seconds = start_hpl(procs, work, data_dir, "hyperpod-local-cold.log")
        foreign.append(load.cores(started_since=[target.proc.pid]))
        samples.append(seconds)
        procs.stop(target.proc)
        shutil.rmtree(data_dir, ignore_errors=True)
    median = statistics.median(samples)
    print(f"  cold start: median {median * 1000:.1f} ms of {runs}", flush=True)
    # CPU time comes in 10 ms ticks, coarse against a start of tens of ms: the median
    # other-process load over the runs is what marks the figure.
    return {"median_s": median, "samples_s": samples,
            "foreign_cpu_cores": statistics.median(foreign), "foreign_cpu_cores_runs": foreign}


# ----- report -----------------------------------------------------------------------------

def server_log_problems(work, limit=20):
    """Warning and error lines hyperpod-local logged (it runs at --log-level warn)."""
    found = []
    for name in sorted(os.listdir(work)):
        if not (name.startswith("hyperpod-local") and name.endswith(".log")):
            continue
        with open(os.path.join(work, name), errors="replace") as f:
            for line in f:
                if re.search(r" (warning|error|critical) ", line) and len(found) < limit:
                    found.append({"target": "hyperpod-local", "where": name,
                                  "log": line.strip()[:300]})
    return found


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    commit = subprocess.run(["git", "-C", REPO_ROOT, "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    # The binary may hold work not committed yet; say so next to the commit.
    changed = subprocess.run(["git", "-C", REPO_ROOT, "status", "--porcelain", "--", "src"],
                             capture_output=True, text=True).stdout.splitlines()
    if changed:
        files = "file" if len(changed) == 1 else "files"
        commit += f" with uncommitted changes in {len(changed)} {files} under src/"
    import moto
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gib": round(mem_kib / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "moto": moto.__version__, "boto3": boto3.__version__,
            "wrk": (wrk.stdout + wrk.stderr).split("\n")[0].strip(), "commit": commit}


def verdict(ok, *measurements):
    """PASS or MISS; marked with * when other processes used the CPUs during a measurement."""
    noisy = any(m.get("foreign_cpu_cores", 0) > NOISY_CORES for m in measurements)
    return ("PASS" if ok else "MISS") + (" *" if noisy else "")


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def summary_rows(results):
    """[(benchmark, hyperpod-local, moto, ratio, target, result)]."""
    rows = []
    for r in results.get("throughput", []):
        h, m = r["hyperpod-local"], r["moto"]
        rps = lambda x: f"{x['rps']:,.0f} req/s, p50 {x['latency_us']['p50'] / 1000:.2f} / " \
                        f"p99 {x['latency_us']['p99'] / 1000:.2f} ms"
        target = f">= {r['ratio_target']}x"
        ok = r["ratio"] >= r["ratio_target"]
        if r["key"] == "sm_describe_cluster" and r["connections"] == 16:
            target += ", p99 <= 2 ms"
            ok = ok and h["latency_us"]["p99"] <= 2000
        title = f"{r['title']} ({r['connections']} conn)"
        rows.append((title, rps(h), rps(m), f"{r['ratio']:.1f}x", target, verdict(ok, h, m)))
    if "flow" in results:
        f = results["flow"]
        rows.append(("Deployment flow via boto3 (median)", ms(f["hyperpod-local"]["median_s"]),
                     ms(f["moto"]["median_s"]), f"{f['speedup']:.1f}x faster", ">= 10x faster",
                     verdict(f["speedup"] >= 10, *f["hyperpod-local"]["runs"],
                             *f["moto"]["runs"])))
    if "scale" in results:
        rows += scale_rows(results["scale"])
    if "cold_start" in results:
        c = results["cold_start"]
        rows.append(("Cold start to first answer (median)", ms(c["median_s"]), "", "",
                     "<= 50 ms", verdict(c["median_s"] <= 0.05, c)))
    return rows


def scale_rows(s):
    rows = []
    if "cluster_10k" in s:
        t = s["cluster_10k"]["to_in_service_s"]
        rows.append(("10,000-node cluster: CreateCluster to InService", f"{t:.3f} s", "", "",
                     "<= 2 s", verdict(t <= 2, s["cluster_10k"])))
        if "events" in s["cluster_10k"]:
            c = s["cluster_10k"]
            rows.append(("Simulated events per second (10,000-node cluster)",
                         f"{c['events_per_s']:,.0f}/s ({c['events']:,} cluster events)", "", "",
                         "", ""))
    if "hwm_after_10k_bytes" in s:
        hwm = s["hwm_after_10k_bytes"]
        rows.append(("10,000-node cluster: peak resident (VmHWM)",
                     f"{hwm / 2**20:.1f} MiB ({s['bytes_per_node']:,.0f} B/node)", "", "",
                     "<= 300 MB", verdict(hwm <= 300e6)))
    if "many" in s:
        m = s["many"]
        rows.append((f"{m['clusters']:,} clusters x 10 nodes: create all",
                     f"{m['seconds']:.2f} s ({m['in_service']} InService)", "", "", "", ""))
        rows.append(("After both: peak resident (VmHWM)",
                     f"{s['hwm_after_many_bytes'] / 2**20:.1f} MiB", "", "", "", ""))
    if "restart" in s:
        r = s["restart"]
        total = r["sigterm_to_first_answer_s"]
        split = f"stop {ms(r['stop_s'])}, start {ms(r['start_to_first_answer_s'])}"
        rows.append(("Restart with that state: SIGTERM to first answer",
                     f"{ms(total)} ({split})", "", "", "<= 1 s", verdict(total <= 1, r)))
    return rows


def format_table(rows, markdown,
                 header=("Benchmark", "hyperpod-local", "moto", "ratio", "target", "result")):
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    fmt = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()
    return "\n".join([fmt(header), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def placement_note(settings):
    note = _placement(settings)
    if settings.get("nice") is not None:
        note += (f" Servers and wrk ran at nice {settings['nice']} (both servers alike), so "
                 "that other users' processes on this shared machine preempt them less.")
    return note


def _placement(settings):
    if not settings["pin"]:
        return ("wrk and the servers were not pinned: 1 connection on 1 wrk thread, 16 on one "
                "thread per core; the load generator and the server share the cores.")
    return (f"each server pinned to CPU {SERVER_CPU}; with 1 connection wrk runs on the same "
            "CPU (a strict ping-pong, where a wake-up across CPUs would cost more than the "
            f"request), with 16 connections on CPU {WRK_CPU} with one thread.")


def detail_rows(results):
    """Server CPU per request and its share of a core, to tell a server-bound figure from a
    client-bound one."""
    rows = []
    for r in results.get("throughput", []):
        h, m = r["hyperpod-local"], r["moto"]
        rows.append((f"{r['title']} ({r['connections']} conn)",
                     f"{h['server_cpu_us_per_request']:.0f} us ({h['server_cpu_share']:.0%})",
                     f"{m['server_cpu_us_per_request']:.0f} us ({m['server_cpu_share']:.0%})",
                     f"{max(h['foreign_cpu_cores'], m['foreign_cpu_cores']):.2f}"))
    return rows


def flow_note(results):
    if "flow" not in results:
        return []
    f = results["flow"]
    parts = []
    for name in ("hyperpod-local", "moto"):
        r = f[name]
        parts.append(f"{name} {ms(r['median_s'])} wall, of which {ms(r['median_client_cpu_s'])} "
                     "is boto3's own CPU time (the rest is the server, the network stack and "
                     "wake-ups)")
    requests = f["hyperpod-local"]["runs"][0]["requests"]
    return [f"Deployment flow ({requests} requests through boto3, median of "
            f"{len(f['hyperpod-local']['runs'])} runs): " + "; ".join(parts) + ".", ""]


def limits_note(results):
    """For each missed target, what the measurement says limits it."""
    lines = []
    for r in results.get("throughput", []):
        h, m = r["hyperpod-local"], r["moto"]
        title = f"{r['title']} ({r['connections']} conn)"
        if r["ratio"] < r["ratio_target"]:
            needed = r["ratio_target"] * m["rps"]
            budget, cpu = 1e6 / needed, h["server_cpu_us_per_request"]
            head = (f"- {title}: {r['ratio_target']}x moto needs {needed:,.0f} req/s, "
                    f"{budget:.0f} us per request all-in; hyperpod-local's own CPU was "
                    f"{cpu:.0f} us per request ({h['server_cpu_share']:.0%} of its core)")
            if cpu >= budget:
                lines.append(head + ", so the server's own work per request is the limit.")
            elif cpu >= 0.8 * budget and h["server_cpu_share"] >= 0.8:
                lines.append(head + ", close to the budget: the server's own work is most of "
                             "the limit.")
            else:
                lines.append(head + ": its work fits the budget, and the rest of the time it "
                             "waited for wrk, the network stack and the CPU, with other "
                             f"processes using {h['foreign_cpu_cores']:.2f} cores during the run.")
        if r["key"] == "sm_describe_cluster" and r["connections"] == 16 \
                and h["latency_us"]["p99"] > 2000:
            lines.append(
                f"- {title}: p99 {h['latency_us']['p99'] / 1000:.2f} ms against a p50 of "
                f"{h['latency_us']['p50'] / 1000:.2f} ms at {h['server_cpu_us_per_request']:.0f} "
                "us of CPU per request: the tail is time the server was not running, with "
                f"other processes using {h['foreign_cpu_cores']:.2f} cores during the run.")
    f = results.get("flow")
    if f and f["speedup"] < 10:
        hpl, moto = f["hyperpod-local"], f["moto"]
        cap = moto["median_s"] / max(hpl["median_client_cpu_s"], 1e-9)
        lines.append(
            f"- Deployment flow: boto3 itself spends {ms(hpl['median_client_cpu_s'])} of CPU on "
            f"the flow (building, signing and parsing {hpl['runs'][0]['requests']} requests), "
            f"which caps the speed-up at {ms(moto['median_s'])} / "
            f"{ms(hpl['median_client_cpu_s'])} = {cap:.1f}x even for a server that took no "
            f"time; the rest of hyperpod-local's {ms(hpl['median_s'])} is "
            f"{ms(hpl['median_s'] - hpl['median_client_cpu_s'])}.")
    restart = results.get("scale", {}).get("restart")
    if restart and restart["sigterm_to_first_answer_s"] > 1:
        lines.append(
            f"- Restart: stop {ms(restart['stop_s'])} (the last commit and the WAL folded back "
            f"into the database file) and start {ms(restart['start_to_first_answer_s'])} "
            f"(loading {restart['clusters_after']:,} clusters and their nodes and events), with "
            f"other processes using {restart['foreign_cpu_cores']:.2f} cores meanwhile.")
    return (["What limits each missed target (from the figures above):", "", *lines, ""]
            if lines else [])


def write_results(results, rows, markdown):
    """Writes results/latest.json and, for a full run, the committed RESULTS.md."""
    os.makedirs(os.path.join(BENCH_DIR, "results"), exist_ok=True)
    with open(os.path.join(BENCH_DIR, "results", "latest.json"), "w") as f:
        json.dump(results, f, indent=2)
    if not markdown:
        return
    m = results["machine"]
    settings = results["settings"]
    anomalies = results.get("anomalies", [])
    misses = sum(1 for r in rows if r[5].startswith("MISS"))
    judged = sum(1 for r in rows if r[5])
    lines = [
        "# Benchmark results",
        "",
        "Written by `bench/run.sh`; the raw figures of the last run are in",
        "`bench/results/latest.json` (not committed). Ratios compare hyperpod-local and",
        "moto_server measured in the same run, with the same request bytes and the same load",
        "generator (wrk). They are measurements on one machine, not tests.",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {m['nproc']} cores (`nproc`), {m['cpu']}, {m['memory_gib']} GiB memory, "
        f"Linux {m['kernel']}",
        f"- hyperpod-local commit {m['commit']}; moto {m['moto']}, boto3 {m['boto3']}, "
        f"Python {m['python']}, {m['wrk']}",
        f"- wrk: {settings['duration_s']} s per run; " + placement_note(settings),
        "  CreateCluster+DeleteCluster runs one wrk thread per connection, so that each",
        "  DeleteCluster follows its CreateCluster on the same connection; its throughput",
        "  counts single requests.",
        "",
        format_table(rows, markdown=True),
        "",
        f"Targets missed: {misses} of {judged}. Wrong answers seen: {len(anomalies)}"
        + (" (see latest.json, `anomalies`)." if anomalies else "."),
        f"`*`: other processes used more than {NOISY_CORES} of a core during that measurement.",
        "",
        *flow_note(results),
        *limits_note(results),
        "Server CPU per request (and the share of one core the server used):",
        "",
        format_table(detail_rows(results), markdown=True,
                     header=("Request", "hyperpod-local", "moto", "other processes (cores)")),
        "",
    ]
    with open(os.path.join(BENCH_DIR, "RESULTS.md"), "w") as f:
        f.write("\n".join(lines))


README_BEGIN = "<!-- bench results: written by bench/run.sh -->"
README_END = "<!-- end of bench results -->"


def update_readme(results, rows):
    """Replaces the results table between the markers in the README's Benchmarks section."""
    path = os.path.join(REPO_ROOT, "README.md")
    with open(path) as f:
        text = f.read()
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        print(f"warning: no bench markers in {path}; README not updated", file=sys.stderr)
        return
    m = results["machine"]
    block = "\n".join([
        README_BEGIN,
        f"Last run {results['date']} on {m['nproc']} cores of an {m['cpu']} "
        f"({m['memory_gib']} GiB, Linux {m['kernel']}), commit {m['commit']}, against "
        f"moto {m['moto']}; shared machine, `*` marks a figure taken while other processes "
        "used the CPUs. Details and server CPU per request: [bench/RESULTS.md](bench/RESULTS.md).",
        "",
        format_table(rows, markdown=True),
        "",
        *limits_note(results),
        README_END])
    with open(path, "w") as f:
        f.write(text[:begin] + block + text[end + len(README_END):])


# ----- main -------------------------------------------------------------------------------

SECTIONS = ("throughput", "flow", "scale", "coldstart")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help="comma-separated sections to run")
    p.add_argument("--quick", action="store_true",
                   help="1 s wrk runs, fewer repetitions, 100 small clusters (for trying it out)")
    p.add_argument("--keep", action="store_true", help="keep the work directory and logs")
    p.add_argument("--no-pin", dest="pin", action="store_false",
                   help="do not pin the servers and wrk to CPUs (see wrk_placement)")
    p.add_argument("--quiet-wait", type=float, default=5,
                   help="seconds to wait, before each measurement, for other processes to "
                        "leave the CPUs alone (the measurement is marked when they did not)")
    args = p.parse_args()
    if (os.cpu_count() or 1) < 2:
        args.pin = False
    return args


def on_signal(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run(args, procs, work, results):
    sections = set(args.only.split(","))
    settings = results["settings"]
    anomalies = results["anomalies"]
    if sections & {"throughput", "flow"}:
        cpus = SERVER_CPU if settings["pin"] else None
        hpl, _ = start_hpl(procs, work, os.path.join(work, "throughput-data"), cpus=cpus)
        moto = start_moto(procs, work, cpus=cpus)
        if "throughput" in sections:
            print("1. throughput (hyperpod-local vs moto_server, wrk)", flush=True)
            results["throughput"] = bench_throughput(hpl, moto, work, settings, anomalies)
        if "flow" in sections:
            print("2. deployment flow through boto3", flush=True)
            results["flow"] = bench_flow(hpl, moto, 1 if args.quick else 3, settings)
        procs.stop(hpl.proc)
        procs.stop(moto.proc)
    if "scale" in sections:
        print("3. scale (hyperpod-local, instant clock)", flush=True)
        results["scale"] = bench_scale(procs, work, 100 if args.quick else 1000, settings)
    if "coldstart" in sections:
        print("4. cold start", flush=True)
        results["cold_start"] = bench_cold_start(procs, work, 3 if args.quick else 9, settings)


def main():
    args = parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    work = tempfile.mkdtemp(prefix="hpl-bench-")
    procs = Processes()
    results = {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(), "anomalies": [],
               "settings": {"duration_s": 1 if args.quick else args.duration,
                            "quick": args.quick, "only": args.only, "pin": args.pin,
                            "quiet_wait_s": args.quiet_wait,
                            "nice": BENCH_NICE if prioritized() else None}}
    started = time.perf_counter()
    try:
        source, size = snapshot_binary(work)
        results["binary"] = {"path": source, "bytes": size,
                             "mtime": datetime.datetime.fromtimestamp(
                                 os.path.getmtime(source)).isoformat(timespec="seconds")}
        run(args, procs, work, results)
    except KeyboardInterrupt:
        print("\ninterrupted; stopping servers", file=sys.stderr)
        return 130
    except BenchError as e:
        print(f"bench failed: {e}\n(logs in {work})", file=sys.stderr)
        args.keep = True
        return 1
    except Exception:
        traceback.print_exc()
        print(f"bench failed (logs in {work})", file=sys.stderr)
        args.keep = True
        return 1
    finally:
        # A second Ctrl-C must not cut the clean-up short.
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.SIG_IGN)
        procs.stop_all()
        results["anomalies"] += server_log_problems(work)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    results["elapsed_s"] = time.perf_counter() - started
    rows = summary_rows(results)
    print()
    print(format_table(rows, markdown=False))
    print(f"* other processes used more than {NOISY_CORES} of a core during that measurement")
    for a in results["anomalies"]:
        print(f"wrong answer: {json.dumps(a)}")
    full = not args.quick and set(args.only.split(",")) >= set(SECTIONS)
    write_results(results, rows, markdown=full)
    if full:
        update_readme(results, rows)
    print(f"\n{results['elapsed_s']:.0f} s; wrote "
          + ("README.md, bench/RESULTS.md and " if full
             else "(a partial run: not README.md or bench/RESULTS.md) ")
          + "bench/results/latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
