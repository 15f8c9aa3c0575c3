"""The Lease API stand-in's own semantics, request by request: what the API server answers and how.

The official clients (kubectl_contract_test.py, js/) judge the stand-in from outside; this checks the details they
do not show, such as the Status bodies of 401 and the resourceVersion counter, and the test hooks.

    python3 lease_api_semantics_test.py
"""

import http.client
import json
import os
import ssl
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lease_api"))
from lease_api_process import DEFAULT_TOKEN, LeaseApiProcess  # noqa: E402

BASE = "/apis/coordination.k8s.io/v1"
NS = f"{BASE}/namespaces/monitoring/leases"
OPTIMISTIC_LOCK = ("the object has been modified; please apply your changes to the latest version and try again")


def lease(name, holder="replica-1", **spec):
    body = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": name},
            "spec": {"holderIdentity": holder, "leaseDurationSeconds": 15,
                     "renewTime": "2026-12-06T19:50:00.123456Z", **spec}}
    return body


class LeaseApiSemantics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.token_dir = tempfile.TemporaryDirectory(prefix="lease_api_tokens_")
        cls.token_file = os.path.join(cls.token_dir.name, "token")
        with open(cls.token_file, "w", encoding="utf-8") as file:
            file.write("rotated-token-1\n")
        cls.api = LeaseApiProcess(tokens=[DEFAULT_TOKEN], token_files=[cls.token_file]).__enter__()
        cls.context = ssl.create_default_context(cafile=cls.api.ca)

    @classmethod
    def tearDownClass(cls):
        cls.api.__exit__(None, None, None)
        cls.token_dir.cleanup()

    def setUp(self):
        self.api.clear_faults()

    def call(self, method, path, body=None, token=DEFAULT_TOKEN, headers=None):
        """(status, decoded JSON or text, headers) of one request over https, verified with the CA."""
        port = int(self.api.url.rsplit(":", 1)[1])
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=self.context, timeout=10)
        all_headers = {"Accept": "application/json", **(headers or {})}
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        data = None
        if body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=data, headers=all_headers)
            response = connection.getresponse()
            raw = response.read()
            kind = response.getheader("Content-Type", "")
            return response.status, json.loads(raw) if "json" in kind else raw.decode(), response.headers
        finally:
            connection.close()

    def create(self, body, expect=201):
        status, answer, _ = self.call("POST", NS, body)
        self.assertEqual(status, expect, answer)
        return answer

    def assertStatus(self, answer, code, reason, message=None):
        self.assertEqual(answer["kind"], "Status")
        self.assertEqual(answer["apiVersion"], "v1")
        self.assertEqual(answer["status"], "Failure")
        self.assertEqual(answer["code"], code)
        self.assertEqual(answer["reason"], reason)
        if message is not None:
            self.assertEqual(answer["message"], message)

    def test_create_get_and_the_global_resource_version(self):
        first = self.create(lease("sem-a"))
        second = self.create(lease("sem-b"))
        self.assertEqual(first["kind"], "Lease")
        self.assertEqual(first["metadata"]["namespace"], "monitoring")
        self.assertRegex(first["metadata"]["creationTimestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertRegex(first["metadata"]["uid"], r"^[0-9a-f-]{36}$")
        self.assertGreater(int(second["metadata"]["resourceVersion"]), int(first["metadata"]["resourceVersion"]))
        status, got, _ = self.call("GET", f"{NS}/sem-a")
        self.assertEqual((status, got), (200, first))
        status, listed, _ = self.call("GET", NS)
        self.assertEqual(listed["kind"], "LeaseList")
        self.assertGreaterEqual(int(listed["metadata"]["resourceVersion"]), int(second["metadata"]["resourceVersion"]))
        names = [item["metadata"]["name"] for item in listed["items"]]
        self.assertEqual(names, sorted(names))
        self.assertIn("sem-a", names)
        # Items of a list carry no kind and apiVersion, as the API server writes them.
        self.assertNotIn("kind", listed["items"][0])

    def test_already_exists_and_not_found(self):
        self.create(lease("sem-exists"))
        status, answer, _ = self.call("POST", NS, lease("sem-exists", "replica-2"))
        self.assertEqual(status, 409)
        self.assertStatus(answer, 409, "AlreadyExists", 'leases.coordination.k8s.io "sem-exists" already exists')
        self.assertEqual(answer["details"], {"name": "sem-exists", "group": "coordination.k8s.io", "kind": "leases"})
        for method in ("GET", "DELETE"):
            status, answer, _ = self.call(method, f"{NS}/sem-missing")
            self.assertEqual(status, 404)
            self.assertStatus(answer, 404, "NotFound", 'leases.coordination.k8s.io "sem-missing" not found')

    def test_replace_checks_the_resource_version(self):
        created = self.create(lease("sem-rv"))
        body = json.loads(json.dumps(created))
        body["spec"]["renewTime"] = "2026-12-06T19:50:01.000000Z"
        status, renewed, _ = self.call("PUT", f"{NS}/sem-rv", body)
        self.assertEqual(status, 200, renewed)
        self.assertEqual(renewed["metadata"]["uid"], created["metadata"]["uid"])
        self.assertEqual(renewed["metadata"]["creationTimestamp"], created["metadata"]["creationTimestamp"])
        body["spec"]["holderIdentity"] = "replica-2"
        status, answer, _ = self.call("PUT", f"{NS}/sem-rv", body)
        self.assertEqual(status, 409)
        self.assertStatus(answer, 409, "Conflict",
                          f'Operation cannot be fulfilled on leases.coordination.k8s.io "sem-rv": {OPTIMISTIC_LOCK}')
        # Without a resourceVersion a Lease update is unconditional.
        del body["metadata"]["resourceVersion"]
        status, forced, _ = self.call("PUT", f"{NS}/sem-rv", body)
        self.assertEqual(status, 200, forced)
        self.assertEqual(forced["spec"]["holderIdentity"], "replica-2")
        # And a PUT to a name that does not exist creates it (the lease strategy allows create on update).
        status, made, _ = self.call("PUT", f"{NS}/sem-put-new", lease("sem-put-new"))
        self.assertEqual(status, 201, made)

    def test_the_body_must_name_the_urls_object(self):
        self.create(lease("sem-name"))
        status, answer, _ = self.call("PUT", f"{NS}/sem-name", lease("sem-other"))
        self.assertEqual(status, 400)
        self.assertStatus(answer, 400, "BadRequest",
                          "the name of the object (sem-other) does not match the name on the URL (sem-name)")
        body = lease("sem-name")
        body["metadata"]["namespace"] = "elsewhere"
        status, answer, _ = self.call("PUT", f"{NS}/sem-name", body)
        self.assertEqual(status, 400)
        self.assertIn("does not match the namespace sent on the request", answer["message"])
        body = lease("sem-with-rv")
        body["metadata"]["resourceVersion"] = "5"
        status, answer, _ = self.call("POST", NS, body)
        self.assertEqual(status, 400)
        self.assertEqual(answer["message"], "resourceVersion should not be set on objects to be created")

    def test_validation(self):
        status, answer, _ = self.call("POST", NS, lease("Bad_Name"))
        self.assertEqual(status, 422)
        self.assertStatus(answer, 422, "Invalid")
        self.assertTrue(answer["message"].startswith('Lease.coordination.k8s.io "Bad_Name" is invalid: metadata.name'))
        self.assertEqual(answer["details"]["causes"][0]["field"], "metadata.name")
        status, answer, _ = self.call("POST", NS, lease("sem-zero", leaseDurationSeconds=0))
        self.assertEqual(status, 422)
        self.assertEqual(answer["message"], 'Lease.coordination.k8s.io "sem-zero" is invalid: '
                                            'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0')
        status, answer, _ = self.call("POST", NS, lease("sem-neg", leaseTransitions=-1))
        self.assertEqual(status, 422)
        # MicroTime: RFC 3339 with exactly six fractional digits; the decoder refuses anything else (400).
        for bad in ("2026-12-06T19:50:00Z", "2026-12-06T19:50:00.123Z", "2026-12-06 19:50:00.123456Z", "yesterday"):
            status, answer, _ = self.call("POST", NS, lease("sem-time", renewTime=bad))
            self.assertEqual(status, 400, bad)
            self.assertStatus(answer, 400, "BadRequest")
            self.assertIn("cannot be handled as a Lease: parsing time", answer["message"])
        made = self.create(lease("sem-offset", renewTime="2026-12-06T20:50:00.000001+01:00"))
        self.assertEqual(made["spec"]["renewTime"], "2026-12-06T19:50:00.000001Z")
        status, answer, _ = self.call("POST", NS, lease("sem-type", leaseDurationSeconds="15"))
        self.assertEqual(status, 400)
        status, answer, _ = self.call("POST", NS, b"{not json")
        self.assertEqual(status, 400)

    def test_unknown_fields_follow_field_validation(self):
        body = lease("sem-unknown", extra=1)
        status, answer, _ = self.call("POST", NS + "?fieldValidation=Strict", body)
        self.assertEqual(status, 400)
        self.assertEqual(answer["message"], 'strict decoding error: unknown field "spec.extra"')
        status, answer, headers = self.call("POST", NS, body)
        self.assertEqual(status, 201)
        self.assertNotIn("extra", answer["spec"])
        self.assertIn('unknown field \\"spec.extra\\"', headers["Warning"])

    def test_tokens(self):
        for token in (None, "wrong", ""):
            status, answer, _ = self.call("GET", NS, token=token)
            self.assertEqual(status, 401, token)
            self.assertStatus(answer, 401, "Unauthorized", "Unauthorized")
        status, _, _ = self.call("GET", "/version", token=None)
        self.assertEqual(status, 200)
        status, _, _ = self.call("GET", "/version", token="wrong")
        self.assertEqual(status, 401)
        # The token file is read at every request: after a rotation the new token works and the old one does not.
        self.assertEqual(self.call("GET", NS, token="rotated-token-1")[0], 200)
        with open(self.token_file, "w", encoding="utf-8") as file:
            file.write("rotated-token-2")
        self.assertEqual(self.call("GET", NS, token="rotated-token-1")[0], 401)
        self.assertEqual(self.call("GET", NS, token="rotated-token-2")[0], 200)

    def test_delete_and_preconditions(self):
        made = self.create(lease("sem-delete"))
        status, answer, _ = self.call("DELETE", f"{NS}/sem-delete",
                                      {"kind": "DeleteOptions", "apiVersion": "v1",
                                       "preconditions": {"resourceVersion": "1"}})
        self.assertEqual(status, 409)
        self.assertIn("Precondition failed: ResourceVersion in precondition: 1", answer["message"])
        status, answer, _ = self.call("DELETE", f"{NS}/sem-delete")
        self.assertEqual(status, 200)
        self.assertEqual(answer["status"], "Success")
        self.assertEqual(answer["details"]["uid"], made["metadata"]["uid"])
        status, listed, _ = self.call("GET", NS)
        self.assertGreater(int(listed["metadata"]["resourceVersion"]), int(made["metadata"]["resourceVersion"]))

    def test_list_pages_and_all_namespaces(self):
        for name in ("sem-page-1", "sem-page-2", "sem-page-3"):
            self.create(lease(name))
        other = lease("sem-elsewhere")
        status, _, _ = self.call("POST", f"{BASE}/namespaces/kube-system/leases", other)
        self.assertEqual(status, 201)
        seen, token = [], ""
        while True:
            status, page, _ = self.call("GET", f"{NS}?limit=2" + (f"&continue={token}" if token else ""))
            seen += [item["metadata"]["name"] for item in page["items"]]
            self.assertLessEqual(len(page["items"]), 2)
            token = page["metadata"].get("continue")
            if not token:
                break
        self.assertTrue({"sem-page-1", "sem-page-2", "sem-page-3"} <= set(seen))
        self.assertNotIn("sem-elsewhere", seen)
        status, everything, _ = self.call("GET", f"{BASE}/leases")
        self.assertIn(("kube-system", "sem-elsewhere"),
                      [(i["metadata"]["namespace"], i["metadata"]["name"]) for i in everything["items"]])
        status, only, _ = self.call("GET", f"{NS}?fieldSelector=metadata.name%3Dsem-page-2")
        self.assertEqual([item["metadata"]["name"] for item in only["items"]], ["sem-page-2"])

    def test_protobuf_accept_is_answered_in_json(self):
        self.create(lease("sem-proto"))
        status, answer, headers = self.call(
            "GET", f"{NS}/sem-proto", headers={"Accept": "application/vnd.kubernetes.protobuf,application/json"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(answer["metadata"]["name"], "sem-proto")

    def test_discovery(self):
        status, resources, _ = self.call("GET", BASE)
        self.assertEqual(status, 200)
        self.assertEqual(resources["kind"], "APIResourceList")
        (leases,) = resources["resources"]
        self.assertEqual((leases["name"], leases["kind"], leases["namespaced"]), ("leases", "Lease", True))
        self.assertTrue({"create", "get", "list", "update", "delete"} <= set(leases["verbs"]))
        status, groups, _ = self.call("GET", "/apis")
        self.assertEqual(groups["groups"][0]["preferredVersion"]["groupVersion"], "coordination.k8s.io/v1")
        status, text, _ = self.call("GET", "/no/such/path")
        self.assertEqual((status, text), (404, "404 page not found\n"))

    def test_faults_and_the_request_log(self):
        self.api.reset_requests()
        self.api.add_fault(holderIdentity="sick-replica", status=503)
        status, answer, _ = self.call("POST", NS, lease("sem-fault", "sick-replica"))
        self.assertEqual(status, 503)
        self.assertStatus(answer, 503, "InternalError")
        self.create(lease("sem-fault", "healthy-replica"))
        self.api.clear_faults()
        self.api.add_fault(holderIdentity="slow-replica", delayMs=400)
        body = self.call("GET", f"{NS}/sem-fault")[1]
        body["spec"]["holderIdentity"] = "slow-replica"
        started = time.monotonic()
        status, _, _ = self.call("PUT", f"{NS}/sem-fault", body)
        self.assertEqual(status, 200)
        self.assertGreaterEqual(time.monotonic() - started, 0.4)
        report = self.api.requests()
        self.assertEqual(report["counts"]["create"]["sem-fault"], 2)
        self.assertEqual(report["counts"]["get"]["sem-fault"], 1)
        writes = [(w["verb"], w["lease"], w["holderIdentity"], w["status"]) for w in report["writes"]]
        self.assertEqual(writes, [("create", "sem-fault", "sick-replica", 503),
                                  ("create", "sem-fault", "healthy-replica", 201),
                                  ("update", "sem-fault", "slow-replica", 200)])
        self.assertGreaterEqual(report["writes"][2]["seconds"], 0.4)
        self.assertEqual(report["faults"][0]["hits"], 1)
        self.assertEqual(self.api.clear_faults()["faults"], [])

    def test_concurrent_replaces_let_exactly_one_win(self):
        made = self.create(lease("sem-race"))
        results = []

        def take(holder):
            body = json.loads(json.dumps(made))
            body["spec"]["holderIdentity"] = holder
            results.append(self.call("PUT", f"{NS}/sem-race", body)[0])

        threads = [threading.Thread(target=take, args=(f"replica-{i}",)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(sorted(results), [200] + [409] * 7)


if __name__ == "__main__":
    unittest.main(verbosity=2)
