"""Runs rds_sim for a contract test: on a free loopback port, with nothing from the developer's environment.

Official AWS clients read a lot from the environment and from ~/.aws (profiles, endpoint overrides, proxies,
credentials); isolated_environment() gives them only what a test sets, with a temporary HOME.
"""

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import unittest
import urllib.request

REGION = "ap-northeast-2"

# The standard principals of every generated fleet and of sim/fleets/demo.yaml (test values, not secrets).
EXPORTER = {"key": "AKIARDSSIMEXPORTER01", "secret": "rdssimExporterSecretKey0000000000000001"}
EXPORTER_STS = {"key": "ASIARDSSIMEXPORTER01", "secret": "rdssimExporterSessionSecretKey000000001",
                "token": "rdssim-session-token-valid"}
READ_ONLY = {"key": "AKIARDSSIMREADONLY01", "secret": "rdssimReadOnlySecretKey0000000000000001"}
NO_RIGHTS = {"key": "AKIARDSSIMNORIGHTS01", "secret": "rdssimNoRightsSecretKey0000000000000001"}
EXPIRED = {"key": "ASIARDSSIMEXPIRED001", "secret": "rdssimExpiredSessionSecretKey0000000001",
           "token": "rdssim-session-token-expired"}


def isolated_environment(home, principal=None):
    """An environment with a fresh HOME, no AWS configuration files, no instance metadata, no proxies."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "AWS_CONFIG_FILE": os.path.join(home, "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": os.path.join(home, "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_PAGER": "",
    }
    if principal:
        env["AWS_ACCESS_KEY_ID"] = principal["key"]
        env["AWS_SECRET_ACCESS_KEY"] = principal["secret"]
        if "token" in principal:
            env["AWS_SESSION_TOKEN"] = principal["token"]
    return env


def isolate_this_process(home, principal=None):
    """Makes os.environ the isolated environment: botocore reads it (profiles, endpoints, proxies, credentials)
    when a session starts, so an in-process client sees nothing of the developer's setup."""
    os.environ.clear()
    os.environ.update(isolated_environment(home, principal))


class RdsSim:
    """rds_sim as a context manager: started on port 0, stopped with SIGTERM, which must end it cleanly."""

    def __init__(self, binary, *args):
        self.command = [binary, "--port", "0", *args]
        self.process = None
        self.url = None

    def __enter__(self):
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env={"PATH": "/usr/bin:/bin"}, text=True)
        ready, _, _ = select.select([self.process.stdout], [], [], 30)
        line = self.process.stdout.readline() if ready else ""
        prefix = "rds_sim listening on "
        if not line.startswith(prefix):
            self.process.kill()
            raise RuntimeError(f"rds_sim did not start: {line!r} {self.process.stderr.read()}")
        self.url = line[len(prefix):].strip()
        return self

    def __exit__(self, *exc):
        code = self.stop()
        if code != 0 and exc[0] is None:
            raise RuntimeError(f"rds_sim exited with {code} after SIGTERM")
        return False

    def stop(self, signum=signal.SIGTERM):
        """Sends `signum` and returns the exit code; kills the simulator if it has not ended within 10 s."""
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise RuntimeError(f"rds_sim did not stop within 10 s of signal {signum}")
        finally:
            self.process.stdout.close()
            self.process.stderr.close()
        return code

    def admin(self, path, method="GET", body=None):
        """The simulator's own API under /_sim/, straight to loopback whatever proxy settings say; `body` is sent
        as JSON."""
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        data = json.dumps(body).encode() if body is not None else b"" if method in ("POST", "PUT") else None
        request = urllib.request.Request(self.url + path, method=method, data=data)
        with opener.open(request, timeout=10) as response:
            return json.loads(response.read())

    def fleet(self):
        return self.admin("/_sim/fleet")

    def reset_stats(self):
        self.admin("/_sim/reset", method="POST")

    def count(self, operation, outcome="200", service="rds"):
        return self.admin("/_sim/stats")["requests"].get(service, {}).get(operation, {}).get(outcome, 0)


def temporary_home():
    return tempfile.TemporaryDirectory(prefix="rds_sim_contract_")


class ModuleHome:
    """A temporary HOME for a whole test script, with the process isolated in it as `principal`: assign set_up
    and tear_down to the script's setUpModule and tearDownModule. `name` is the directory."""

    def __init__(self, principal=EXPORTER):
        self.principal = principal
        self.home = None

    def set_up(self):
        self.home = temporary_home()
        isolate_this_process(self.home.name, self.principal)

    def tear_down(self):
        self.home.cleanup()

    @property
    def name(self):
        return self.home.name


def main(module, *options):
    """Runs a test script: reads --rds-sim and the script's own `options` (all required) into module.ARGS, and
    hands the rest of the command line to unittest."""
    parser = argparse.ArgumentParser()
    for option in ("--rds-sim", *options):
        parser.add_argument(option, required=True)
    module.ARGS, rest = parser.parse_known_args()
    unittest.main(module=module, argv=[sys.argv[0], *rest], verbosity=2)
