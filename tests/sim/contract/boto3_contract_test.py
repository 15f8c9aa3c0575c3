"""boto3 (Debian's python3-boto3 and its botocore) against rds_sim: pagination, filters, XML, and every
authentication and authorisation error a real account gives, as botocore itself parses them."""

import contextlib
import os
import sys
import unittest

import rds_sim_process

ARGS = None
HOME = None


def setUpModule():
    global HOME
    HOME = rds_sim_process.temporary_home()
    rds_sim_process.isolate_this_process(HOME.name, rds_sim_process.EXPORTER)


def tearDownModule():
    HOME.cleanup()


def client(sim, principal=None, region=rds_sim_process.REGION):
    import boto3
    if principal is None:
        session = boto3.session.Session()  # credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    else:
        session = boto3.session.Session(aws_access_key_id=principal["key"], aws_secret_access_key=principal["secret"],
                                        aws_session_token=principal.get("token"), region_name=region)
    return session.client("rds", endpoint_url=sim.url, region_name=region)


def describe_as(sim, principal, region=rds_sim_process.REGION):
    """One DescribeDBInstances call by a client of its own, closed afterwards."""
    with contextlib.closing(client(sim, principal, region)) as rds:
        return rds.describe_db_instances(MaxRecords=20)


class GeneratedFleet(unittest.TestCase):
    """A generated fleet of 300 instances: more than three default pages."""

    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "300").__enter__()
        cls.fleet = cls.sim.fleet()
        cls.rds = client(cls.sim)

    @classmethod
    def tearDownClass(cls):
        cls.rds.close()
        cls.sim.__exit__(None, None, None)

    def ids(self, **kwargs):
        ids = []
        for page in self.rds.get_paginator("describe_db_instances").paginate(**kwargs):
            ids += [instance["DBInstanceIdentifier"] for instance in page["DBInstances"]]
        return ids

    def fleet_ids(self, predicate=lambda instance: True):
        return [instance["id"] for instance in self.fleet["instances"] if predicate(instance)]

    def assert_error(self, call, code, status, message=None):
        import botocore.exceptions
        with self.assertRaises(botocore.exceptions.ClientError) as raised:
            call()
        error = raised.exception.response
        self.assertEqual(error["Error"]["Code"], code)
        self.assertEqual(error["ResponseMetadata"]["HTTPStatusCode"], status)
        if message is not None:
            self.assertEqual(error["Error"]["Message"], message)

    def test_paginator_lists_exactly_the_fleet(self):
        self.assertEqual(len(self.fleet["instances"]), 300)
        self.sim.reset_stats()
        self.assertEqual(self.ids(PaginationConfig={"PageSize": 50}), self.fleet_ids())
        self.assertEqual(self.sim.count("DescribeDBInstances"), 6)
        self.assertEqual(self.ids(), self.fleet_ids())

    def test_markers_round_trip_through_the_client(self):
        first = self.rds.describe_db_instances()
        self.assertEqual(len(first["DBInstances"]), 100)
        second = self.rds.describe_db_instances(Marker=first["Marker"], MaxRecords=20)
        self.assertEqual([i["DBInstanceIdentifier"] for i in second["DBInstances"]], self.fleet_ids()[100:120])

    def test_filters(self):
        aurora = ["aurora-mysql", "aurora-postgresql"]
        self.assertEqual(self.ids(Filters=[{"Name": "engine", "Values": aurora}]),
                         self.fleet_ids(lambda i: i["engine"] in aurora))
        cluster = next(c for c in self.fleet["clusters"] if len(c["members"]) > 1)
        self.assertEqual(self.ids(Filters=[{"Name": "db-cluster-id", "Values": [cluster["arn"]]}]), cluster["members"])
        some = self.fleet["instances"][123]
        self.assertEqual(self.ids(Filters=[{"Name": "dbi-resource-id", "Values": [some["dbi_resource_id"]]}]),
                         [some["id"]])
        self.assertEqual(self.ids(Filters=[{"Name": "db-instance-id", "Values": [some["arn"]]},
                                           {"Name": "engine", "Values": [some["engine"]]}]), [some["id"]])
        self.assert_error(lambda: self.ids(Filters=[{"Name": "tag:env", "Values": ["prd"]}]), "InvalidParameterValue",
                          400, "Unrecognized filter name: tag:env")

    def test_one_instance_and_not_found(self):
        some = self.fleet["instances"][7]
        found = self.rds.describe_db_instances(DBInstanceIdentifier=some["id"].upper())["DBInstances"]
        self.assertEqual([i["DBInstanceIdentifier"] for i in found], [some["id"]])
        self.assertEqual(found[0]["DBInstanceArn"], some["arn"])
        self.assertEqual(found[0]["DbiResourceId"], some["dbi_resource_id"])
        self.assertEqual(found[0]["Engine"], some["engine"])
        self.assertEqual(found[0]["EngineVersion"], some["engine_version"])
        self.assertEqual(found[0]["DBInstanceClass"], some["class"])
        self.assertEqual(found[0]["PerformanceInsightsEnabled"], some["performance_insights"])
        self.assertEqual(found[0]["MonitoringInterval"], some["monitoring_interval"])
        self.assertEqual(found[0].get("DBClusterIdentifier", ""), some["cluster"])
        self.assertEqual(found[0].get("ReadReplicaSourceDBInstanceIdentifier", ""), some["replica_of"])
        with self.assertRaises(self.rds.exceptions.DBInstanceNotFoundFault):
            self.rds.describe_db_instances(DBInstanceIdentifier="no-such-instance")
        with self.assertRaises(self.rds.exceptions.DBClusterNotFoundFault):
            self.rds.describe_db_clusters(DBClusterIdentifier="no-such-cluster")

    def test_max_records_outside_20_to_100(self):
        for value in (19, 101):
            self.assert_error(lambda: self.rds.describe_db_instances(MaxRecords=value), "InvalidParameterValue", 400,
                              f"Invalid value {value} for MaxRecords. Must be between 20 and 100")

    def test_clusters_and_their_members(self):
        clusters = []
        for page in self.rds.get_paginator("describe_db_clusters").paginate(PaginationConfig={"PageSize": 20}):
            clusters += page["DBClusters"]
        self.assertEqual([c["DBClusterIdentifier"] for c in clusters], [c["id"] for c in self.fleet["clusters"]])
        for cluster, expected in zip(clusters, self.fleet["clusters"]):
            members = cluster["DBClusterMembers"]
            self.assertEqual([m["DBInstanceIdentifier"] for m in members], expected["members"])
            self.assertEqual(sum(m["IsClusterWriter"] for m in members), 1, cluster["DBClusterIdentifier"])

    def test_temporary_credentials_with_their_session_token(self):
        self.assertEqual(len(describe_as(self.sim, rds_sim_process.EXPORTER_STS)["DBInstances"]), 20)

    def test_wrong_secret_is_signature_does_not_match(self):
        wrong = dict(rds_sim_process.EXPORTER, secret="not-the-secret")
        self.sim.reset_stats()
        self.assert_error(lambda: describe_as(self.sim, wrong), "SignatureDoesNotMatch", 403)
        self.assertEqual(self.sim.count("DescribeDBInstances", "SignatureDoesNotMatch"), 1, "botocore must not retry")

    def test_unknown_access_key_is_invalid_client_token_id(self):
        stranger = {"key": "AKIAUNKNOWNKEY000001", "secret": "whatever"}
        self.assert_error(lambda: describe_as(self.sim, stranger), "InvalidClientTokenId", 403,
                          "The security token included in the request is invalid.")

    def test_expired_session_is_expired_token(self):
        self.assert_error(lambda: describe_as(self.sim, rds_sim_process.EXPIRED), "ExpiredToken",
                          403, "The security token included in the request is expired")

    def test_action_outside_the_policy_is_access_denied(self):
        self.assert_error(
            lambda: describe_as(self.sim, rds_sim_process.NO_RIGHTS), "AccessDenied", 403,
            "User: arn:aws:iam::123456789012:user/no-rights is not authorized to perform: rds:DescribeDBInstances "
            "on resource: arn:aws:rds:ap-northeast-2:123456789012:db:* because no identity-based policy allows the "
            "rds:DescribeDBInstances action")
        arn = self.fleet["instances"][0]["arn"]
        self.assert_error(lambda: self.rds.list_tags_for_resource(ResourceName=arn), "AccessDenied", 403)

    def test_scope_for_another_region(self):
        self.assert_error(lambda: describe_as(self.sim, rds_sim_process.EXPORTER, "us-east-1"), "SignatureDoesNotMatch",
                          403, "Credential should be scoped to a valid region, not 'us-east-1'. ")


class DemoFleet(unittest.TestCase):
    """sim/fleets/demo.yaml: tags with characters XML escapes, clusters, Neptune and DocumentDB."""

    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml")).__enter__()
        cls.fleet = cls.sim.fleet()
        cls.rds = client(cls.sim, rds_sim_process.READ_ONLY)

    @classmethod
    def tearDownClass(cls):
        cls.rds.close()
        cls.sim.__exit__(None, None, None)

    @staticmethod
    def tags(tag_list):
        return [{"key": tag["Key"], "value": tag["Value"]} for tag in tag_list]

    def test_tags_arrive_exactly_as_in_the_fleet(self):
        instances = self.rds.describe_db_instances()["DBInstances"]
        self.assertEqual(len(instances), 20)
        for instance, expected in zip(instances, self.fleet["instances"]):
            self.assertEqual(self.tags(instance["TagList"]), expected["tags"], expected["id"])
        notes = [t["Value"] for i in instances for t in i["TagList"] if t["Key"] == "notes"]
        self.assertEqual(notes, ["R&D <legacy> \"ledger\" 'eu'"])

    def test_list_tags_for_resource_matches_the_tag_list(self):
        for expected in self.fleet["instances"][:5]:
            listed = self.rds.list_tags_for_resource(ResourceName=expected["arn"])["TagList"]
            self.assertEqual(self.tags(listed), expected["tags"], expected["id"])
        for expected in self.fleet["clusters"]:
            listed = self.rds.list_tags_for_resource(ResourceName=expected["arn"])["TagList"]
            self.assertEqual(self.tags(listed), expected["tags"], expected["id"])

    def test_neptune_and_documentdb_instances_come_with_the_rest(self):
        engines = {i["Engine"] for i in self.rds.describe_db_instances()["DBInstances"]}
        self.assertTrue({"neptune", "docdb", "aurora-mysql", "postgres", "sqlserver-se"} <= engines, engines)

    def test_cluster_tags_are_not_its_instances_tags(self):
        ledger = self.rds.describe_db_clusters(DBClusterIdentifier="ledger-aurora-prd")["DBClusters"][0]
        self.assertEqual(self.tags(ledger["TagList"]), [{"key": "env", "value": "prd"}, {"key": "team", "value": "ledger"}])
        members = self.rds.describe_db_instances(Filters=[{"Name": "db-cluster-id", "Values": ["ledger-aurora-prd"]}])
        self.assertEqual([i["TagList"] for i in members["DBInstances"]], [[], []])


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--fleets")
