#!/usr/bin/env python3
"""Runs tests/js/sdk_flow.test.mjs (AWS SDK for JavaScript v3) against an instant-clock server."""

import os
import shutil
import subprocess
import unittest

import harness

JS_DIR = os.path.join(harness.REPO_ROOT, "tests", "js")
NODE_TIMEOUT_S = 150


class JsSdkTest(harness.ServerTestCase):
    CLOCK = "instant"

    def test_sdk_flow(self):
        node = shutil.which("node")
        self.assertIsNotNone(node, "node is not installed")
        self.assertTrue(os.path.isdir(os.path.join(JS_DIR, "node_modules", "@aws-sdk")),
                        "run `npm ci` in tests/js (scripts/setup.sh does)")
        env = self.server.env()
        env["HPL_ENDPOINT"] = self.server.endpoint
        done = subprocess.run([node, "--test", "sdk_flow.test.mjs"], cwd=JS_DIR, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=NODE_TIMEOUT_S)
        report = f"node --test exited {done.returncode}\n{done.stdout}\n{done.stderr}"
        self.assertEqual(done.returncode, 0, report)
        # A run that found no test would also exit 0; insist the flow really ran.
        self.assertRegex(done.stdout, r"(?m)^# pass [1-9]", report)
        self.assertRegex(done.stdout, r"(?m)^# fail 0$", report)


if __name__ == "__main__":
    unittest.main()
