"""boto3 (Debian's python3-boto3 and its botocore) against rds_sim's inventory operations on the demo fleet:
pending maintenance, account quotas, events over data time, parameter groups and engine defaults, each through
botocore's own paginators and parsers; the per-operation counts of /_sim/stats; a fault aimed at one of them."""

import contextlib
import datetime
import os
import sys
import time
import unittest

import rds_sim_process

ARGS = None
HOME = rds_sim_process.ModuleHome()
setUpModule = HOME.set_up
tearDownModule = HOME.tear_down

# One real second is a simulated hour: events of the next hours show up within seconds.
TIME_SCALE = 3600
UTC = datetime.timezone.utc


def client(sim):
    import boto3
    return boto3.session.Session().client("rds", endpoint_url=sim.url, region_name=rds_sim_process.REGION)


def everything(rds, operation, key, **kwargs):
    items = []
    pages = 0
    for page in rds.get_paginator(operation).paginate(**kwargs):
        pages += 1
        for part in key.split("."):
            page = page.get(part, {} if part != key.split(".")[-1] else [])
        items += page
    return items, pages


class DemoFleetInventory(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml"),
                                         "--time-scale", str(TIME_SCALE)).__enter__()
        cls.clock = cls.sim.admin("/_sim/clock")
        cls.start = datetime.datetime.fromtimestamp(cls.clock["start"] - cls.clock["backdate"], UTC)
        cls.rds = client(cls.sim)

    @classmethod
    def tearDownClass(cls):
        cls.rds.close()
        cls.sim.__exit__(None, None, None)

    def data_now(self):
        # Whole seconds: events carry whole seconds and rds_sim reads StartTime and EndTime to the second, so an event
        # in the very second of a fractional `now` would be listed although it is a fraction of a second before it.
        return datetime.datetime.fromtimestamp(int(self.sim.admin("/_sim/clock")["now"]), UTC)

    def near(self, actual, expected, slack=datetime.timedelta(seconds=5)):
        self.assertLessEqual(abs(actual - expected), slack, f"{actual} is not {expected}")

    def test_pending_maintenance_pages_and_parses(self):
        self.sim.reset_stats()
        resources, pages = everything(self.rds, "describe_pending_maintenance_actions", "PendingMaintenanceActions",
                                      PaginationConfig={"PageSize": 20})
        arn = "arn:aws:rds:ap-northeast-2:123456789012:"
        by_arn = {r["ResourceIdentifier"]: r["PendingMaintenanceActionDetails"] for r in resources}
        self.assertEqual(sorted(by_arn), [arn + "cluster:orders-aurora-prd", arn + "db:inventory-mysql-prd",
                                          arn + "db:orders-aurora-prd-instance-3", arn + "db:payments-db-prd",
                                          arn + "db:shipping-db-prd"])
        forced = by_arn[arn + "db:orders-aurora-prd-instance-3"][0]
        self.assertEqual(forced["Action"], "os-upgrade")
        self.near(forced["ForcedApplyDate"], self.start + datetime.timedelta(days=12))
        self.near(forced["CurrentApplyDate"], self.start + datetime.timedelta(days=3))
        self.assertEqual(by_arn[arn + "db:inventory-mysql-prd"][0]["OptInStatus"], "next-maintenance")
        self.assertEqual(by_arn[arn + "db:shipping-db-prd"][0]["Action"], "ca-certificate-rotation")
        only = self.rds.describe_pending_maintenance_actions(
            Filters=[{"Name": "db-instance-id", "Values": ["payments-db-prd"]}])["PendingMaintenanceActions"]
        self.assertEqual(only[0]["PendingMaintenanceActionDetails"][0]["Description"],
                         "Automatic minor version upgrade to 16.4")
        with self.assertRaises(self.rds.exceptions.ResourceNotFoundFault):
            self.rds.describe_pending_maintenance_actions(ResourceIdentifier=arn + "db:no-such-db")
        self.assertEqual(self.sim.count("DescribePendingMaintenanceActions"), pages + 1)
        self.assertEqual(self.sim.count("DescribePendingMaintenanceActions", "ResourceNotFoundFault"), 1)

    def test_account_quotas_count_the_fleet(self):
        quotas = {q["AccountQuotaName"]: q for q in self.rds.describe_account_attributes()["AccountQuotas"]}
        instances = self.rds.describe_db_instances()["DBInstances"]
        self.assertEqual((quotas["DBInstances"]["Used"], quotas["DBInstances"]["Max"]), (len(instances), 22))
        self.assertEqual(quotas["AllocatedStorage"]["Used"], sum(i["AllocatedStorage"] for i in instances))
        self.assertEqual(quotas["AllocatedStorage"]["Max"], 100000)
        self.assertEqual(quotas["DBClusters"]["Used"], 5)
        self.assertEqual(quotas["DBParameterGroups"]["Used"], 4)
        self.assertEqual(quotas["DBClusterParameterGroups"]["Used"], 2)

    def test_events_arrive_as_data_time_passes(self):
        now = self.data_now()
        events, pages = everything(self.rds, "describe_events", "Events", StartTime=now - datetime.timedelta(days=14),
                                   EndTime=now, PaginationConfig={"PageSize": 100})
        self.assertGreater(pages, 1)
        dates = [e["Date"] for e in events]
        self.assertEqual(dates, sorted(dates))
        self.assertTrue(all(now - datetime.timedelta(days=14) <= d < now for d in dates))
        self.assertIn("Completed failover to DB instance: orders-aurora-prd-instance-2",
                      [e["Message"] for e in events])
        self.assertEqual({e["SourceType"] for e in events} - {"db-instance", "db-cluster", "db-parameter-group"},
                         set())
        self.assertTrue(all(e["SourceArn"].startswith("arn:aws:rds:ap-northeast-2:123456789012:") for e in events))
        time.sleep(2)  # two simulated hours
        later = self.data_now()
        newer = self.rds.describe_events(StartTime=now, EndTime=later, MaxRecords=100)["Events"]
        self.assertGreater(len(newer), 0)
        self.assertTrue(all(now <= e["Date"] < later for e in newer))
        backups = self.rds.describe_events(EventCategories=["backup"], Duration=24 * 60)["Events"]
        self.assertTrue(backups and all(e["EventCategories"] == ["backup"] for e in backups))

    def test_parameter_groups_default_and_custom(self):
        payments = [i for i in self.rds.describe_db_instances(DBInstanceIdentifier="payments-db-prd")["DBInstances"]][0]
        self.assertEqual(payments["DBParameterGroups"],
                         [{"DBParameterGroupName": "payments-postgres16", "ParameterApplyStatus": "in-sync"}])
        self.assertEqual(payments["BackupRetentionPeriod"], 35)
        orders = self.rds.describe_db_clusters(DBClusterIdentifier="orders-aurora-prd")["DBClusters"][0]
        self.assertEqual(orders["DBClusterParameterGroup"], "orders-aurora-mysql8-cluster")
        parameters, pages = everything(self.rds, "describe_db_parameters", "Parameters",
                                       DBParameterGroupName="payments-postgres16", PaginationConfig={"PageSize": 20})
        self.assertGreater(pages, 1)
        by_name = {p["ParameterName"]: p for p in parameters}
        self.assertEqual((by_name["max_connections"]["ParameterValue"], by_name["max_connections"]["Source"]),
                         ("500", "user"))
        self.assertIs(by_name["max_connections"]["IsModifiable"], True)
        self.assertEqual(by_name["shared_buffers"]["Source"], "system")
        defaults = self.rds.describe_db_parameters(DBParameterGroupName="default.aurora-mysql8.0",
                                                   Filters=[{"Name": "parameter-name", "Values": ["max_connections"]}])
        self.assertEqual(defaults["Parameters"][0]["ParameterValue"],
                         "GREATEST({log(DBInstanceClassMemory/805306368)*45},{log(DBInstanceClassMemory/8187281408)*1000})")
        cluster = self.rds.describe_db_cluster_parameters(DBClusterParameterGroupName="orders-aurora-mysql8-cluster",
                                                          Source="user")["Parameters"]
        self.assertEqual({p["ParameterName"]: p["ParameterValue"] for p in cluster},
                         {"binlog_format": "ROW", "server_audit_logging": "1"})
        with self.assertRaises(self.rds.exceptions.DBParameterGroupNotFoundFault) as raised:
            self.rds.describe_db_parameters(DBParameterGroupName="no-such-group")
        self.assertEqual(raised.exception.response["Error"]["Message"], "DBParameterGroup not found: no-such-group")
        self.assertEqual(raised.exception.response["ResponseMetadata"]["HTTPStatusCode"], 404)

    def test_engine_defaults(self):
        parameters, pages = everything(self.rds, "describe_engine_default_parameters", "EngineDefaults.Parameters",
                                       DBParameterGroupFamily="mysql8.0", PaginationConfig={"PageSize": 20})
        self.assertGreater(pages, 1)
        values = {p["ParameterName"]: p.get("ParameterValue") for p in parameters}
        self.assertEqual(values["max_connections"], "{DBInstanceClassMemory/12582880}")
        answer = self.rds.describe_engine_default_parameters(DBParameterGroupFamily="postgres16", MaxRecords=100)
        self.assertEqual(answer["EngineDefaults"]["DBParameterGroupFamily"], "postgres16")
        self.assertIn("LEAST({DBInstanceClassMemory/9531392},5000)",
                      [p.get("ParameterValue") for p in answer["EngineDefaults"]["Parameters"]])
        cluster = self.rds.describe_engine_default_cluster_parameters(DBParameterGroupFamily="aurora-postgresql16")
        self.assertIn("rds.logical_replication",
                      [p["ParameterName"] for p in cluster["EngineDefaults"]["Parameters"]])

    def test_major_engine_versions_when_botocore_has_them(self):
        if not hasattr(self.rds, "describe_db_major_engine_versions"):
            self.skipTest("this botocore predates DescribeDBMajorEngineVersions (the JS SDK test covers it)")
        versions = self.rds.describe_db_major_engine_versions(Engine="mysql")["DBMajorEngineVersions"]
        self.assertEqual([v["MajorEngineVersion"] for v in versions], ["5.7", "8.0", "8.4"])

    def test_each_operation_needs_its_iam_action(self):
        import boto3
        from botocore.exceptions import ClientError
        principal = rds_sim_process.NO_RIGHTS
        session = boto3.session.Session(aws_access_key_id=principal["key"], aws_secret_access_key=principal["secret"])
        with contextlib.closing(session.client("rds", endpoint_url=self.sim.url,
                                               region_name=rds_sim_process.REGION)) as denied:
            for call, action in ((lambda: denied.describe_events(), "DescribeEvents"),
                                 (lambda: denied.describe_account_attributes(), "DescribeAccountAttributes"),
                                 (lambda: denied.describe_db_parameters(DBParameterGroupName="default.mysql8.0"),
                                  "DescribeDBParameters")):
                with self.assertRaises(ClientError) as raised:
                    call()
                self.assertEqual(raised.exception.response["Error"]["Code"], "AccessDenied")
                self.assertIn(f"rds:{action}", raised.exception.response["Error"]["Message"])

    def test_stats_per_scope_and_a_fault_on_one_operation(self):
        self.sim.reset_stats()
        self.rds.describe_account_attributes()
        scopes = self.sim.admin("/_sim/stats/scopes")["scopes"]
        self.assertEqual(scopes["123456789012"]["ap-northeast-2"]["rds"]["DescribeAccountAttributes"], {"200": 1})
        self.sim.admin("/_sim/faults", method="PUT",
                       body={"rules": [{"service": "rds", "operation": "DescribeEvents", "throttle": 1}]})
        try:
            from botocore.exceptions import ClientError
            with self.assertRaises(ClientError) as raised:
                self.rds.describe_events()
            self.assertEqual(raised.exception.response["Error"]["Code"], "Throttling")
            self.assertGreaterEqual(self.sim.count("DescribeEvents", "fault:Throttling"), 1)
            self.rds.describe_account_attributes()  # other operations are untouched
        finally:
            self.sim.admin("/_sim/faults/clear", method="POST")
        self.assertEqual(self.sim.count("DescribeAccountAttributes"), 2)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--fleets")
