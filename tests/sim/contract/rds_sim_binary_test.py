"""The rds_sim binary as scripts and people run it: its ready line, clean shutdown on SIGTERM and SIGINT even
with a client's keep-alive connection open, and exit codes 2 (bad fleet or command line) and 1 (port in use)."""

import http.client
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest

import rds_sim_process

ARGS = None


def run(*args, timeout=30):
    return subprocess.run([ARGS.rds_sim, *args], capture_output=True, text=True, timeout=timeout,
                          env={"PATH": "/usr/bin:/bin"})


class Binary(unittest.TestCase):

    def test_prints_where_it_listens_first_and_stops_cleanly_on_sigterm_and_sigint(self):
        for stop in (signal.SIGTERM, signal.SIGINT):
            # The with block kills the simulator even when an assertion fails first.
            with rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "50") as sim:
                self.assertRegex(sim.url, r"^http://127\.0\.0\.1:\d+$")
                host, port = sim.url.removeprefix("http://").split(":")
                # An idle keep-alive connection, as SDK clients leave between calls, must not hold shutdown up.
                connection = http.client.HTTPConnection(host, int(port), timeout=5)
                connection.request("GET", "/_sim/stats")
                self.assertEqual(connection.getresponse().read(),
                                 b'{"requests":{},"total":0,"cloudwatch_metrics_requested":0,"aps_samples_received":0}\n')
                started = time.monotonic()
                self.assertEqual(sim.stop(stop), 0)
                self.assertLess(time.monotonic() - started, 2.0)
                connection.close()

    def test_fleet_file_problems_name_file_line_and_key_and_exit_2_without_secrets(self):
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as fleet:
            fleet.write("principals:\n"
                        "  - name: someone\n"
                        "    access_key_id: AKIAEXAMPLEEXAMPLE01\n"
                        "    secret_access_key: do-not-print-this-secret\n"
                        "    allow: [rds:DescribeDBInstances]\n"
                        "instances:\n"
                        "  - id: orders\n"
                        "    engine: postgress\n"
                        "    class: db.r6g.large\n")
        try:
            result = run("--fleet", fleet.name)
        finally:
            os.unlink(fleet.name)
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr, f"error: {fleet.name}:8: instances[0].engine: unknown engine 'postgress'; "
                                        "did you mean 'postgres'?\n")
        self.assertNotIn("do-not-print-this-secret", result.stderr)

    def test_the_demo_fleet_loads(self):
        sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml"))
        with sim:
            self.assertEqual(len(sim.fleet()["instances"]), 20)

    def test_usage_errors_exit_2(self):
        for args in ([], ["--generate", "5", "--fleet", os.path.join(ARGS.fleets, "demo.yaml")],
                     ["--generate", "0"], ["--generate", "5", "--region", "nowhere"], ["--bogus"]):
            result = run(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertEqual(result.stdout, "", args)
            self.assertNotEqual(result.stderr, "", args)
        self.assertEqual(run("--help").returncode, 0)

    def test_a_port_in_use_exits_1(self):
        with rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "5") as sim:
            port = sim.url.rsplit(":", 1)[1]
            result = run("--generate", "5", "--port", port)
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, f"error: address 127.0.0.1:{port} is already in use\n")


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--fleets")
