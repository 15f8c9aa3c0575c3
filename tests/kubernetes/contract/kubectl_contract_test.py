"""kubectl against the Lease API stand-in: create, get, list, replace, a stale replace (Conflict), delete.

kubectl is the API server's own command-line client: it reads the kubeconfig the stand-in's helper writes (https,
its CA, a bearer token, a namespace), discovers the API (/api, /apis, /apis/coordination.k8s.io/v1), reads the
OpenAPI v3 document to learn that the server validates fields itself, and prints the server's Status messages.

    python3 kubectl_contract_test.py --kubectl /usr/bin/kubectl
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lease_api"))
from lease_api_process import LeaseApiProcess  # noqa: E402

KUBECTL = "kubectl"
# kubectl before 1.28 validates manifests on the client against OpenAPI v2 in protobuf, which the stand-in does not
# serve; from 1.28 it reads the OpenAPI v3 document and leaves validation to the server (fieldValidation=Strict).
# Older clients (Debian's kubernetes-client is 1.20) run with --validate=false.
FIRST_SERVER_VALIDATING_MINOR = 28
LEASE = """apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: {name}
{resource_version}spec:
  holderIdentity: {holder}
  leaseDurationSeconds: 15
  acquireTime: "2026-12-06T19:50:00.000000Z"
  renewTime: "{renew}"
  leaseTransitions: {transitions}
"""
CONFLICT = ('Operation cannot be fulfilled on leases.coordination.k8s.io "rds-exporter-scope-123456789012-us-east-1": '
            'the object has been modified; please apply your changes to the latest version and try again')


class KubectlContract(unittest.TestCase):
    NAME = "rds-exporter-scope-123456789012-us-east-1"

    @classmethod
    def setUpClass(cls):
        cls.api = LeaseApiProcess().__enter__()
        cls.home = tempfile.TemporaryDirectory(prefix="kubectl_contract_")
        version = subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True, text=True,
                                 env={"PATH": "/usr/bin:/bin", "HOME": cls.home.name}, timeout=60, check=True)
        minor = int(json.loads(version.stdout)["clientVersion"]["minor"].rstrip("+"))
        cls.server_validates = minor >= FIRST_SERVER_VALIDATING_MINOR
        cls.validate = [] if cls.server_validates else ["--validate=false"]
        print(f"kubectl 1.{minor}{'' if cls.server_validates else ', with --validate=false'}", file=sys.stderr)

    @classmethod
    def tearDownClass(cls):
        cls.api.__exit__(None, None, None)
        cls.home.cleanup()

    def kubectl(self, *args, check=True):
        # A fresh HOME: no ~/.kube/config and no discovery cache of the developer's.
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home.name, "KUBECONFIG": "/nonexistent"}
        result = subprocess.run([KUBECTL, "--kubeconfig", self.api.kubeconfig, "--request-timeout=10s", *args],
                                capture_output=True, text=True, env=env, timeout=60)
        if check and result.returncode != 0:
            self.fail(f"kubectl {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def send(self, verb, path, check=True):
        """kubectl create or replace -f path."""
        return self.kubectl(verb, *self.validate, "-f", path, check=check)

    def manifest(self, holder, renew, transitions=0, resource_version=None, name=None):
        path = os.path.join(self.home.name, "lease.yaml")
        version = f'  resourceVersion: "{resource_version}"\n' if resource_version else ""
        with open(path, "w", encoding="utf-8") as file:
            file.write(LEASE.format(name=name or self.NAME, holder=holder, renew=renew, transitions=transitions,
                                    resource_version=version))
        return path

    def get(self):
        return json.loads(self.kubectl("get", "lease", self.NAME, "-o", "json").stdout)

    def test_1_create_then_get(self):
        result = self.send("create", self.manifest("replica-1", "2026-12-06T19:50:01.000000Z"))
        self.assertEqual(result.stdout.strip(), f"lease.coordination.k8s.io/{self.NAME} created")
        lease = self.get()
        self.assertEqual(lease["kind"], "Lease")
        self.assertEqual(lease["apiVersion"], "coordination.k8s.io/v1")
        self.assertEqual(lease["metadata"]["namespace"], "monitoring")
        self.assertRegex(lease["metadata"]["resourceVersion"], r"^\d+$")
        self.assertTrue(lease["metadata"]["uid"])
        self.assertEqual(lease["spec"], {"holderIdentity": "replica-1", "leaseDurationSeconds": 15,
                                         "acquireTime": "2026-12-06T19:50:00.000000Z",
                                         "renewTime": "2026-12-06T19:50:01.000000Z", "leaseTransitions": 0})

    def test_2_create_again_is_already_exists(self):
        result = self.send("create", self.manifest("replica-2", "2026-12-06T19:50:02.000000Z"),
                              check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(f'Error from server (AlreadyExists): error when creating', result.stderr)
        self.assertIn(f'leases.coordination.k8s.io "{self.NAME}" already exists', result.stderr)

    def test_3_replace_with_current_resource_version(self):
        before = self.get()
        version = before["metadata"]["resourceVersion"]
        result = self.send("replace", self.manifest("replica-1", "2026-12-06T19:50:05.000000Z",
                                                             resource_version=version))
        self.assertEqual(result.stdout.strip(), f"lease.coordination.k8s.io/{self.NAME} replaced")
        after = self.get()
        self.assertGreater(int(after["metadata"]["resourceVersion"]), int(version))
        self.assertEqual(after["metadata"]["uid"], before["metadata"]["uid"])
        self.assertEqual(after["spec"]["renewTime"], "2026-12-06T19:50:05.000000Z")

    def test_4_replace_with_stale_resource_version_is_conflict(self):
        current = self.get()
        stale = str(int(current["metadata"]["resourceVersion"]) - 1)
        result = self.send("replace", self.manifest("replica-2", "2026-12-06T19:50:09.000000Z",
                                                             transitions=1, resource_version=stale), check=False)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Error from server (Conflict)", result.stderr)
        self.assertIn(CONFLICT, result.stderr)
        self.assertEqual(self.get(), current)

    def test_5_get_leases_lists_them(self):
        self.send("create", self.manifest("replica-3", "2026-12-06T19:50:03.000000Z",
                                                   name="rds-exporter-replica-replica-3"))
        lines = self.kubectl("get", "leases").stdout.splitlines()
        self.assertEqual(lines[0].split(), ["NAME", "HOLDER", "AGE"])
        self.assertEqual([line.split()[:2] for line in lines[1:]],
                         [["rds-exporter-replica-replica-3", "replica-3"], [self.NAME, "replica-1"]])
        listed = json.loads(self.kubectl("get", "leases", "-o", "json").stdout)
        self.assertEqual(len(listed["items"]), 2)
        names = self.kubectl("get", "leases", "--all-namespaces", "-o", "name").stdout.split()
        self.assertEqual(sorted(names), [f"lease.coordination.k8s.io/{n}"
                                         for n in ("rds-exporter-replica-replica-3", self.NAME)])

    def test_6_validation_is_the_servers(self):
        result = self.send("create", self.manifest("replica-1", "2026-12-06T19:50:00Z", name="bad-time"),
                              check=False)
        self.assertIn("Error from server (BadRequest)", result.stderr)
        self.assertIn('cannot be handled as a Lease: parsing time "2026-12-06T19:50:00Z"', result.stderr)
        path = self.manifest("replica-1", "2026-12-06T19:50:00.000000Z", name="Not_A_DNS_Name")
        result = self.send("create", path, check=False)
        self.assertIn("The Lease \"Not_A_DNS_Name\" is invalid: metadata.name: Invalid value", result.stderr)
        if not self.server_validates:
            return
        # kubectl leaves unknown fields to the server (fieldValidation=Strict), which refuses them.
        with open(path, "w", encoding="utf-8") as file:
            file.write(LEASE.format(name="typo", holder="h", renew="2026-12-06T19:50:00.000000Z", transitions=0,
                                    resource_version="").replace("  leaseTransitions", "  leaseTransition"))
        result = self.send("create", path, check=False)
        self.assertIn('strict decoding error: unknown field "spec.leaseTransition"', result.stderr)

    def test_7_delete(self):
        result = self.kubectl("delete", "lease", self.NAME)
        self.assertEqual(result.stdout.strip(), f'lease.coordination.k8s.io "{self.NAME}" deleted')
        result = self.kubectl("get", "lease", self.NAME, check=False)
        self.assertIn(f'Error from server (NotFound): leases.coordination.k8s.io "{self.NAME}" not found',
                      result.stderr)

    def test_8_wrong_token_is_unauthorized(self):
        path = self.api.write_kubeconfig("wrong-token", token="not-the-token")
        env = {"PATH": "/usr/bin:/bin", "HOME": self.home.name}
        result = subprocess.run([KUBECTL, "--kubeconfig", path, "get", "leases"], capture_output=True, text=True,
                                env=env, timeout=60)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("You must be logged in to the server", result.stderr)


def main():
    global KUBECTL
    parser = argparse.ArgumentParser()
    parser.add_argument("--kubectl", default="kubectl")
    args, rest = parser.parse_known_args()
    KUBECTL = args.kubectl
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
