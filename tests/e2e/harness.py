"""Starts and stops a real hyperpod-local process for the end-to-end tests.

Nothing here is shared between test classes: each class owns one Server, with
its own port, data directory and log file. The tests talk to it only through
real clients (boto3, the aws CLI, the JavaScript SDK), so they could be pointed
at a real AWS account with the endpoint removed.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request

import boto3
from botocore.config import Config

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
REGION = "us-west-2"
# Any key pair works against the emulator; these are the ones the SDK docs use.
DUMMY_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
DUMMY_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

STARTUP_TIMEOUT_S = 20
STOP_GRACE_S = 10


def binary_path():
    """The emulator under test: HPL_BINARY, else the default build output."""
    path = os.environ.get("HPL_BINARY") or os.path.join(REPO_ROOT, "build", "hyperpod-local")
    if not os.access(path, os.X_OK):
        # Fail rather than skip: a suite that silently skips proves nothing.
        raise FileNotFoundError(f"emulator binary not found or not executable: {path} "
                                "(build it with scripts/build.sh or set HPL_BINARY)")
    return path


def log_dir():
    """Where server logs are kept after the run, so a failure can be read later."""
    path = os.environ.get("HPL_LOG_DIR") or os.path.join(tempfile.gettempdir(), "hpl-e2e-logs")
    os.makedirs(path, exist_ok=True)
    return path


def wait_until(predicate, timeout_s, interval_s=0.2, what="condition"):
    """Polls predicate() until it returns a truthy value, which is returned.

    Every wait in the suite goes through here so that none is unbounded.
    """
    deadline = time.monotonic() + timeout_s
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what} (last={last!r})")


def isolated_aws_env(endpoint):
    """Environment for a child AWS client: our endpoint and keys, no user config.

    The user's ~/.aws files could carry a profile, region or endpoint that
    would send the child somewhere else; point those at nothing.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") or k in ("AWS_CA_BUNDLE",)}
    env.update({
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": DUMMY_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": DUMMY_SECRET,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
    })
    return env


class Server:
    """One hyperpod-local process on a free loopback port.

    The data directory outlives stop() so that restart() finds the same state;
    cleanup() removes it. The log file is kept.
    """

    def __init__(self, clock="fast", extra_args=(), name="server"):
        self.clock_mode = clock
        self.extra_args = list(extra_args)
        self.binary = binary_path()
        self.work_dir = tempfile.mkdtemp(prefix=f"hpl-{name}-")
        self.data_dir = os.path.join(self.work_dir, "data")
        self.port_file = os.path.join(self.work_dir, "port")
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.log_path = os.path.join(log_dir(), f"{name}-{stamp}-{os.getpid()}.log")
        self.proc = None
        self.port = None
        self.exit_codes = []
        self.preexec = None  # run in the child before exec (resource limits)

    # ----- lifecycle -----

    def start(self):
        """Starts the process and returns once /_hyperpod/health answers."""
        if os.path.exists(self.port_file):
            os.remove(self.port_file)
        args = [self.binary, "serve", "--port", "0", "--port-file", self.port_file,
                "--data-dir", self.data_dir, "--clock", self.clock_mode, *self.extra_args]
        # Append: after a restart the log holds both runs, in order.
        with open(self.log_path, "ab") as log:
            log.write(f"### start: {' '.join(args)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, preexec_fn=self.preexec)
        try:
            wait_until(self._ready, STARTUP_TIMEOUT_S, what="the port file and /_hyperpod/health")
        except (RuntimeError, AssertionError) as e:
            self.stop()
            raise RuntimeError(f"hyperpod-local did not start: {e}\n{self.log_tail()}") from None
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, sig=signal.SIGTERM):
        """Stops the process with sig; SIGKILL if it is still alive after 10 s."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=STOP_GRACE_S)
        code = self.proc.returncode
        self.exit_codes.append(code)
        self.proc = None
        self.port = None
        return code

    def kill(self):
        """Simulates a crash: no chance to flush or shut down cleanly."""
        return self.stop(signal.SIGKILL)

    def restart(self, sig=signal.SIGTERM):
        """Stops and starts again on the same data dir (the port may change)."""
        self.stop(sig)
        return self.start()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.work_dir, ignore_errors=True)

    def _ready(self):
        # The port file is re-read on every try: a half-written file must not stick.
        if self.proc.poll() is not None:
            raise RuntimeError(f"hyperpod-local exited with {self.proc.returncode}")
        try:
            with open(self.port_file) as f:
                text = f.read().strip()
        except FileNotFoundError:
            return False
        if not text.isdigit() or int(text) == 0:
            return False
        self.port = int(text)
        try:
            status, _ = self.admin("GET", "health", timeout=2)
            return status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
            return False

    # ----- clients -----

    @property
    def endpoint(self):
        if self.port is None:
            raise RuntimeError("server is not running")
        return f"http://127.0.0.1:{self.port}"

    def client(self, service):
        """A boto3 client for service, aimed at this server.

        Few retries and short timeouts: a hung or failing emulator should fail
        the test quickly instead of being retried for minutes.
        """
        session = boto3.session.Session(aws_access_key_id=DUMMY_KEY_ID,
                                        aws_secret_access_key=DUMMY_SECRET,
                                        region_name=REGION)
        config = Config(connect_timeout=5, read_timeout=30,
                        retries={"max_attempts": 2, "mode": "standard"})
        return session.client(service, endpoint_url=self.endpoint, config=config)

    def env(self):
        """Environment for a child process that should use this server."""
        return isolated_aws_env(self.endpoint)

    # ----- admin API -----

    def admin(self, method, path, body=None, timeout=10):
        """Calls /_hyperpod/<path>; returns (status, parsed JSON body)."""
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"{self.endpoint}/_hyperpod/{path}", data=data,
                                     method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b"{}")

    def clock(self):
        status, body = self.admin("GET", "clock")
        assert status == 200, (status, body)
        return body

    def advance(self, seconds):
        """Moves the virtual clock forward and returns the new clock state."""
        status, body = self.admin("POST", "clock/advance", {"seconds": seconds})
        assert status == 200, (status, body)
        return body

    # ----- diagnostics -----

    def log_tail(self, max_bytes=20000):
        try:
            with open(self.log_path, "rb") as f:
                f.seek(0, os.SEEK_END)
                f.seek(max(0, f.tell() - max_bytes))
                text = f.read().decode(errors="replace")
        except FileNotFoundError:
            return f"(no server log at {self.log_path})"
        return f"----- server log {self.log_path} (last {max_bytes} bytes) -----\n{text}"


class ServerTestCase(unittest.TestCase):
    """Base class: one server per test class, its log printed when a test fails.

    Subclasses set CLOCK (and optionally SERVER_ARGS), put class-wide set-up
    in prepare() and use self.server.
    """

    CLOCK = "instant"
    SERVER_ARGS = ()
    server = None

    @classmethod
    def prepare(cls):
        """Class-wide set-up against the running server; override as needed."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(clock=cls.CLOCK, extra_args=cls.SERVER_ARGS, name=cls.__name__)
        try:
            cls.server.start()  # its error already carries the log
        except BaseException:
            cls.server.cleanup()
            raise
        try:
            cls.prepare()
        except BaseException:
            # tearDownClass does not run after a failed setUpClass.
            sys.stderr.write(f"\n{cls.server.log_tail()}\n")
            cls.server.cleanup()
            raise

    @classmethod
    def tearDownClass(cls):
        if cls.server is None:
            return
        if cls.__dict__.get("_any_failed"):
            sys.stderr.write(f"\n{cls.server.log_tail()}\n")
        cls.server.cleanup()

    def run(self, result=None):
        # unittest has no "on failure" hook; compare the counts around the run.
        result = result if result is not None else self.defaultTestResult()
        before = len(result.failures) + len(result.errors)
        outcome = super().run(result)
        if len(result.failures) + len(result.errors) > before:
            type(self)._any_failed = True  # the log is printed once, at tearDownClass
        return outcome
