"""boto3 against rds_sim's fault injection and runtime fleet changes (issue #4 items 7 and 8): botocore must see
the throttling and server errors AWS sends and retry them, and a fleet changed through /_sim/ must show in the
next DescribeDBInstances."""

import json
import os
import sys
import time
import unittest
import urllib.error
import urllib.request

# rds_sim_process lives with the other contract tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "contract"))
import rds_sim_process  # noqa: E402

ARGS = None
HOME = None


def setUpModule():
    global HOME
    HOME = rds_sim_process.temporary_home()
    rds_sim_process.isolate_this_process(HOME.name, rds_sim_process.EXPORTER)


def tearDownModule():
    HOME.cleanup()


def send(sim, method, path, body=None):
    """(status, JSON answer) of an admin request with a JSON body, error statuses included."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = json.dumps(body).encode() if body is not None else (b"" if method in ("POST", "PUT") else None)
    request = urllib.request.Request(sim.url + path, method=method, data=data,
                                     headers={"Content-Type": "application/json"})
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


class FaultsAndFleetChanges(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import boto3
        import botocore.config
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml")).__enter__()
        # Standard retries with three attempts, the SDK default the exporter's own retries are measured against.
        config = botocore.config.Config(retries={"mode": "standard", "total_max_attempts": 3})
        cls.rds = boto3.session.Session().client("rds", endpoint_url=cls.sim.url,
                                                 region_name=rds_sim_process.REGION, config=config)

    @classmethod
    def tearDownClass(cls):
        cls.rds.close()
        cls.sim.__exit__(None, None, None)

    def setUp(self):
        self.assertEqual(send(self.sim, "DELETE", "/_sim/faults")[0], 200)
        self.sim.reset_stats()

    def set_faults(self, *rules):
        status, answer = send(self.sim, "PUT", "/_sim/faults", {"seed": 1, "rules": list(rules)})
        self.assertEqual(status, 200, answer)

    def test_throttling_is_seen_and_retried(self):
        import botocore.exceptions
        self.set_faults({"service": "rds", "operation": "DescribeDBInstances", "throttle": 1})
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            self.rds.describe_db_instances()
        error = raised.exception.response["Error"]
        self.assertEqual((error["Code"], error["Message"]), ("Throttling", "Rate exceeded"))
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
        self.assertEqual(self.sim.count("DescribeDBInstances", "fault:Throttling"), 3)
        # The other operations of the service are not covered by the rule.
        self.rds.describe_db_clusters()

    def test_server_errors_are_retried(self):
        import botocore.exceptions
        self.set_faults({"service": "rds", "server_error": 1, "server_error_status": 503})
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            self.rds.describe_db_clusters()
        self.assertEqual(raised.exception.response["Error"]["Code"], "ServiceUnavailable")
        self.assertEqual(self.sim.count("DescribeDBClusters", "fault:ServiceUnavailable"), 3)

    def test_latency_delays_the_answer(self):
        self.set_faults({"service": "rds", "latency_ms": 300})
        started = time.monotonic()
        self.rds.describe_db_instances(MaxRecords=20)
        self.assertGreaterEqual(time.monotonic() - started, 0.3)

    def test_a_dropped_connection_is_a_connection_error(self):
        import botocore.exceptions
        self.set_faults({"service": "rds", "drop_connection": 1})
        with self.assertRaises(botocore.exceptions.ConnectionClosedError):
            self.rds.describe_db_instances()
        self.assertEqual(self.sim.count("DescribeDBInstances", "fault:drop"), 3)

    def test_a_malformed_body_fails_the_parser(self):
        import botocore.parsers
        self.set_faults({"service": "rds", "malformed_body": 1})
        with self.assertRaises(botocore.parsers.ResponseParserError):
            self.rds.describe_db_instances()

    def test_an_added_instance_shows_in_the_next_describe_and_goes_when_removed(self):
        entry = {"id": "added-at-runtime", "engine": "postgres", "class": "db.t4g.micro", "tags": {"env": "prd"}}
        status, answer = send(self.sim, "POST", "/_sim/fleet/instances", entry)
        self.assertEqual(status, 201, answer)
        found = self.rds.describe_db_instances(DBInstanceIdentifier="added-at-runtime")["DBInstances"][0]
        self.assertEqual(found["Engine"], "postgres")
        self.assertEqual(found["TagList"], [{"Key": "env", "Value": "prd"}])

        status, answer = send(self.sim, "PUT", "/_sim/fleet/instances/added-at-runtime/tags", {"env": "dev"})
        self.assertEqual(status, 200, answer)
        found = self.rds.describe_db_instances(DBInstanceIdentifier="added-at-runtime")["DBInstances"][0]
        self.assertEqual(found["TagList"], [{"Key": "env", "Value": "dev"}])

        self.assertEqual(send(self.sim, "DELETE", "/_sim/fleet/instances/added-at-runtime")[0], 200)
        with self.assertRaises(self.rds.exceptions.DBInstanceNotFoundFault):
            self.rds.describe_db_instances(DBInstanceIdentifier="added-at-runtime")

    def test_refused_changes_say_why(self):
        status, answer = send(self.sim, "POST", "/_sim/fleet/instances", {"id": "x", "engine": "postgress"})
        self.assertEqual(status, 400)
        self.assertIn("engine: unknown engine 'postgress'; did you mean 'postgres'?", answer["errors"])
        status, answer = send(self.sim, "PUT", "/_sim/faults", {"rules": [{"service": "rds", "throttle": 2}]})
        self.assertEqual(status, 400)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--fleets")
