"""The AWS CLI (Debian's awscli package) against rds_sim: `aws rds describe-db-instances` pages through a
generated fleet of 1000 instances by itself (and DescribeEngineDefaultParameters, whose Marker sits inside
EngineDefaults), and reports AWS's errors as it would for a real account."""

import json
import subprocess
import sys
import unittest

import rds_sim_process

ARGS = None


class AwsCli(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.home = rds_sim_process.temporary_home()
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "1000").__enter__()
        cls.fleet = cls.sim.fleet()

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)
        cls.home.cleanup()

    def aws(self, *args, principal=rds_sim_process.EXPORTER):
        command = [ARGS.aws, "rds", *args, "--endpoint-url", self.sim.url, "--region", rds_sim_process.REGION,
                   "--output", "json"]
        return subprocess.run(command, env=rds_sim_process.isolated_environment(self.home.name, principal),
                              capture_output=True, text=True, timeout=120)

    def listed(self, *args, principal=rds_sim_process.EXPORTER):
        result = self.aws(*args, principal=principal)
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout)

    def assert_fails_with(self, code, principal):
        result = self.aws("describe-db-instances", principal=principal)
        self.assertEqual(result.returncode, 254, result.stderr)
        self.assertIn(f"An error occurred ({code}) when calling the DescribeDBInstances operation", result.stderr)

    def test_the_cli_pages_through_a_thousand_instances(self):
        self.sim.reset_stats()
        ids = self.listed("describe-db-instances", "--query", "DBInstances[].DBInstanceIdentifier")
        self.assertEqual(len(ids), 1000)
        self.assertEqual(ids, [instance["id"] for instance in self.fleet["instances"]])
        self.assertEqual(self.sim.count("DescribeDBInstances"), 10)

    def test_page_size_sets_max_records(self):
        self.sim.reset_stats()
        ids = self.listed("describe-db-instances", "--page-size", "37", "--query", "DBInstances[].DBInstanceIdentifier")
        self.assertEqual(ids, [instance["id"] for instance in self.fleet["instances"]])
        self.assertEqual(self.sim.count("DescribeDBInstances"), 28)

    def test_filters_and_temporary_credentials(self):
        ids = self.listed("describe-db-instances", "--filters", "Name=engine,Values=neptune,docdb", "--query",
                          "DBInstances[].DBInstanceIdentifier", principal=rds_sim_process.EXPORTER_STS)
        self.assertEqual(ids, [i["id"] for i in self.fleet["instances"] if i["engine"] in ("neptune", "docdb")])
        self.assertGreater(len(ids), 0)

    def test_clusters(self):
        ids = self.listed("describe-db-clusters", "--query", "DBClusters[].DBClusterIdentifier")
        self.assertEqual(ids, [cluster["id"] for cluster in self.fleet["clusters"]])

    def test_engine_defaults_page_inside_engine_defaults(self):
        # The CLI's paginator reads the Marker from EngineDefaults.Marker, unlike every other RDS listing.
        self.sim.reset_stats()
        parameters = self.listed("describe-engine-default-parameters", "--db-parameter-group-family", "mysql8.0",
                                 "--page-size", "20", "--query", "EngineDefaults.Parameters[].ParameterName")
        self.assertIn("max_connections", parameters)
        self.assertEqual(len(parameters), len(set(parameters)))
        self.assertEqual(self.sim.count("DescribeEngineDefaultParameters"), (len(parameters) + 19) // 20)

    def test_errors_arrive_as_aws_sends_them(self):
        self.assert_fails_with("SignatureDoesNotMatch", dict(rds_sim_process.EXPORTER, secret="not-the-secret"))
        self.assert_fails_with("AccessDenied", rds_sim_process.NO_RIGHTS)
        self.assert_fails_with("ExpiredToken", rds_sim_process.EXPIRED)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--aws")
