#!/usr/bin/env python3
"""`serve --fleet-config`: instance-type rows and capacity pools from a file.

The server runs with examples/fleet-config.yaml, so the documented example is what is tested:
its catalog rows show in GET /_hyperpod/catalog, its pools decide which launches find capacity
(on a manual clock, through boto3), and a capacity fault at run time overrides a pool.
A file with a mistake stops the server before it listens, naming file, line and column.
"""

import os
import pathlib
import subprocess
import tempfile
import unittest

import fleet
import harness
from fleet import LAUNCH, SCRIPT

EXAMPLE = pathlib.Path(__file__).resolve().parents[2] / "examples" / "fleet-config.yaml"
SMALL = "ml.g5.2xlarge"  # one on-demand instance in us-west-2a, unlimited elsewhere


class FleetConfigTest(fleet.FleetTestCase):
    EKS_CLUSTERS = 3
    SERVER_ARGS = ("--fleet-config", str(EXAMPLE))

    def catalog(self):
        status, body = self.server.admin("GET", "catalog")
        self.assertEqual(status, 200, body)
        return body

    def test_catalog_rows_replace_the_compiled_in_ones(self):
        types = {t["name"]: t for t in self.catalog()["instanceTypes"]}
        self.assertEqual(types["ml.g5.xlarge"]["usdPerHour"], 1.5)
        p5 = types["ml.p5.48xlarge"]
        self.assertEqual((p5["usdPerHour"], p5["efaInterfaces"]), (60.0, 32))
        # Fields the file does not name keep the compiled-in values.
        self.assertEqual((p5["accelerator"], p5["accelerators"], p5["acceleratorMemoryGiB"],
                          p5["mig"]), ("H100", 8, 80, True))
        self.assertEqual(self.catalog()["capacity"], {
            "onDemandDefault": -1, "spotDefault": 8,
            "pools": {f"us-west-2a/{SMALL}/OnDemand": 1, "us-west-2b/ml.p5.48xlarge/Spot": 0}})

    def test_a_pool_of_one_rolls_back_a_creation_of_two(self):
        zone_a = [self.network.subnet_ids[0]]
        name, _ = self.create([self.group(instance_type=SMALL, count=2)], subnets=zone_a)
        self.minutes(LAUNCH)
        self.assertEqual(self.status(name), "RollingBack")
        failed = [n for n in self.sm.list_cluster_nodes(ClusterName=name)["ClusterNodeSummaries"]
                  if self.node(name, n["InstanceId"])["InstanceStatus"].get("Message")]
        self.assertEqual([self.node(name, n["InstanceId"])["InstanceStatus"]["Message"]
                          for n in failed], [fleet.capacity_message(SMALL)])

    def test_unlisted_pools_are_unlimited_and_a_fault_overrides_the_file(self):
        zone_b = [self.network.subnet_ids[1]]
        name_b, _ = self.create([self.group(instance_type=SMALL, count=3)], subnets=zone_b)
        self.fault(type="capacity", availabilityZone="us-west-2a", instanceType=SMALL,
                   capacityType="OnDemand", available=2)
        zone_a = [self.network.subnet_ids[0]]
        name_a, _ = self.create([self.group(instance_type=SMALL, count=2)], subnets=zone_a)
        self.minutes(LAUNCH + SCRIPT)
        self.assertEqual((self.status(name_b), self.status(name_a)), ("InService", "InService"))
        self.assertEqual(len(self.nodes(name_b)), 3)


class AdminInputTest(harness.ServerTestCase):
    """The admin API refuses nonsense with 400 and a plain message, and changes nothing."""

    CLOCK = "manual"

    def post(self, path, body):
        return self.server.admin("POST", path, body)

    def test_clock_advances_out_of_range(self):
        before = self.server.clock()["nowEpochMs"]
        for body, message in [
            ({"minutes": 1e12}, "cannot move the clock more than ten years at a time"),
            ({"minutes": "5"}, "minutes must be a number"),
            ({"seconds": -1}, "cannot move the clock backwards"),
        ]:
            with self.subTest(body=body):
                self.assertEqual(self.post("clock/advance", body),
                                 (400, {"error": "BadRequest", "message": message}))
        self.assertEqual(self.server.clock()["nowEpochMs"], before)
        status, _ = self.post("clock/advance", {"hours": 24 * 365})
        self.assertEqual(status, 200)

    def test_capacity_faults_are_checked(self):
        pool = {"type": "capacity", "availabilityZone": "us-west-2a",
                "instanceType": "ml.g5.xlarge", "available": 3}
        for change, message in [
            ({"instanceType": "ml.bogus"}, "ml.bogus is not a HyperPod instance type"),
            ({"available": -5}, 'the capacity fault needs "available", 0 or more'),
            ({"available": None}, 'the capacity fault needs "available", 0 or more'),
            ({"availabilityZone": "mars"}, "availabilityZone must be a zone name such as "
                                           "us-west-2a"),
            ({"capacityType": "Reserved"}, "capacityType must be OnDemand or Spot"),
        ]:
            with self.subTest(change=change):
                body = {k: v for k, v in {**pool, **change}.items() if v is not None}
                self.assertEqual(self.post("faults", body),
                                 (400, {"error": "BadRequest", "message": message}))
        # The zone names the region, whatever the server's default region is.
        self.assertEqual(self.post("faults", pool), (200, {
            "type": "capacity", "pool": "us-west-2/us-west-2a/ml.g5.xlarge/OnDemand",
            "available": 3}))


class BadFleetConfigTest(unittest.TestCase):
    """Mistakes in the file: exit code 2 and the place of the mistake, before listening."""

    def serve(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            f.write(text)
        self.addCleanup(os.unlink, f.name)
        run = subprocess.run([harness.binary_path(), "serve", "--ephemeral", "--port", "0",
                              "--fleet-config", f.name], capture_output=True, text=True,
                             timeout=20)
        return run.returncode, run.stderr.strip(), f.name

    def test_mistakes_name_file_line_and_column(self):
        cases = [
            ("instance_types:\n  ml.g5.xlarge: {vcpu: 3}\n",
             ":2:18: unknown key 'vcpu' in ml.g5.xlarge"),
            ("instance_types:\n  ml.g9.huge: {vcpus: 3}\n",
             ":2:3: ml.g9.huge is not a HyperPod instance type"),
            ("instance_types:\n  ml.t3.medium: {accelerators: 2}\n",
             ": ml.t3.medium: accelerators must be 0 exactly when accelerator_kind is None"),
            ("capacity:\n  spot_default: -3\n",
             ":2:17: capacity.spot_default must be 0 or more, or 'unlimited'"),
            ("capacity:\n  pools:\n    - {zone: us-west-2a, instance_type: ml.g5.xlarge}\n",
             ":3:7: a capacity pool needs 'available'"),
            ("capacity:\n  pools:\n    - {zone: z, instance_type: ml.g5.xlarge, "
             "capacity_type: Reserved, available: 1}\n",
             "capacity_type must be OnDemand or Spot"),
            ("capacity: [1, 2\n", ""),  # not YAML at all
        ]
        for text, expected in cases:
            with self.subTest(text=text):
                code, stderr, path = self.serve(text)
                self.assertEqual(code, 2, stderr)
                self.assertTrue(stderr.startswith(f"--fleet-config: {path}:"), stderr)
                self.assertIn(expected, stderr)

    def test_a_missing_file(self):
        run = subprocess.run([harness.binary_path(), "serve", "--ephemeral", "--fleet-config",
                              "/nonexistent/fleet.yaml"], capture_output=True, text=True,
                             timeout=20)
        self.assertEqual((run.returncode, run.stderr.strip()),
                         (2, "--fleet-config: /nonexistent/fleet.yaml: cannot read the file"))


if __name__ == "__main__":
    unittest.main()
