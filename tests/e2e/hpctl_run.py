"""What the hpctl end-to-end tests share: running the hpctl binary, stack files written to a
scratch folder, and a recording proxy that shows which credentials and region hpctl signed
its requests with (the emulator accepts any key, so only the wire can tell).
"""

import http.client
import http.server
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import urllib.parse

import harness

EXAMPLES = os.path.join(harness.REPO_ROOT, "examples")
# The stack files of examples/ (the folder also holds other tools' files).
SPEC_EXAMPLE = "hyperpod-eks.yaml"
ADVANCED_EXAMPLES = ("spot.yaml", "mig.yaml", "karpenter-autoscaling.yaml",
                     "restricted-instance-groups.yaml", "s3-mountpoint.yaml")
STACK_EXAMPLES = (SPEC_EXAMPLE, *ADVANCED_EXAMPLES)

COMMAND_TIMEOUT_S = 120

# Exit codes hpctl documents (hpctl --help).
EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INVALID_STACK = 3
EXIT_CHANGES_PENDING = 5
EXIT_INTERRUPTED = 130


def binary_path():
    """hpctl under test: HPCTL_BINARY, else next to the emulator binary."""
    path = os.environ.get("HPCTL_BINARY") or os.path.join(
        os.path.dirname(harness.binary_path()), "hpctl")
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"hpctl binary not found or not executable: {path} "
                                "(build it or set HPCTL_BINARY)")
    return path


class Result:
    def __init__(self, args, code, stdout, stderr):
        self.args, self.code, self.stdout, self.stderr = args, code, stdout, stderr

    def json(self):
        return json.loads(self.stdout)

    def __str__(self):
        return (f"hpctl {' '.join(self.args)} exited {self.code}\n--- stdout\n{self.stdout}"
                f"\n--- stderr\n{self.stderr}")


def run(args, env, timeout=COMMAND_TIMEOUT_S):
    """Runs hpctl to completion; returns a Result."""
    done = subprocess.run([binary_path(), *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)
    return Result(args, done.returncode, done.stdout, done.stderr)


def start(args, env, stdout, stderr):
    """Starts hpctl in the background (for interrupting it); returns the Popen."""
    return subprocess.Popen([binary_path(), *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=stdout, stderr=stderr, text=True)


class Scratch:
    """A temporary folder holding copies of the examples (with their lifecycle scripts), so a
    test can write variants next to the originals' relative `source:` folder."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="hpctl-")
        shutil.copytree(os.path.join(EXAMPLES, "lifecycle-scripts"),
                        os.path.join(self.dir, "lifecycle-scripts"))

    def example_text(self, name):
        with open(os.path.join(EXAMPLES, name)) as f:
            return f.read()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def variant(self, example, name, old, new):
        """The example with `old` replaced once by `new`; returns (path, text)."""
        text = self.example_text(example)
        if text.count(old) != 1:
            raise AssertionError(f"{old!r} is not written exactly once in {example}")
        text = text.replace(old, new)
        return self.write(name, text), text

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def position(text, needle, target=None):
    """1-based (line, column) of `target` (default: needle itself) at or after the first
    `needle` in text; a needle with context tells the value from a mention in a comment."""
    index = text.index(needle)
    if target is not None:
        index = text.index(target, index)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


SIGNATURE = re.compile(r"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request")


class RecordingProxy:
    """Forwards every request to `target` unchanged and records the key id, region and
    service of each request's SigV4 Authorization header."""

    def __init__(self, target):
        self.target = urllib.parse.urlparse(target)
        self.seen = []  # (access key id, region, signing service)
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                match = SIGNATURE.search(self.headers.get("Authorization", ""))
                if match:
                    proxy.seen.append(match.groups())
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection", "expect")}
                conn = http.client.HTTPConnection(proxy.target.hostname, proxy.target.port,
                                                  timeout=30)
                try:
                    conn.request(self.command, self.path, body=body, headers=headers)
                    resp = conn.getresponse()
                    data = resp.read()
                finally:
                    conn.close()
                self.send_response(resp.status)
                for k, v in resp.getheaders():
                    if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def take(self):
        """What was recorded since the last call."""
        seen, self.seen = self.seen, []
        return seen

    def close(self):
        self.server.shutdown()
        self.server.server_close()
