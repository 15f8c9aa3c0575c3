"""CloudWatch GetMetricData over the Query protocol, as Debian's botocore (boto3) and the AWS CLI v2 send it:
both must receive exactly the datapoints sim/cloudwatch/metric_values.h documents, computed here by
metric_values.py, and rds_sim must count the metrics CloudWatch would bill."""

import contextlib
import datetime
import json
import subprocess
import time
import unittest

import metric_values
import rds_sim_process

ARGS = None
PERIOD = 300  # five one-minute samples a datapoint, so the statistics differ from one another
# An hour that closed ten minutes ago: every sample in it is published, whatever second the test runs at.
WINDOW_END = int(time.time()) // PERIOD * PERIOD - 600
WINDOW_START = WINDOW_END - 3600
STATS = ("Average", "Minimum", "Maximum", "p50", "SampleCount")


def iso(epoch_seconds):
    return datetime.datetime.fromtimestamp(epoch_seconds, datetime.timezone.utc).isoformat()


def query(query_id, instance_id, metric, stat):
    return {"Id": query_id,
            "MetricStat": {"Metric": {"Namespace": "AWS/RDS", "MetricName": metric["name"],
                                      "Dimensions": [{"Name": "DBInstanceIdentifier", "Value": instance_id}]},
                           "Period": PERIOD, "Stat": stat}}


def documented(instance_id, metric, stat):
    """Timestamps (epoch seconds) and values, newest first as GetMetricData's default ScanBy orders them."""
    series = metric_values.Series(instance_id, metric)
    starts = list(range(WINDOW_END - PERIOD, WINDOW_START - 1, -PERIOD))
    return starts, [series.datapoint(stat, start, PERIOD) for start in starts]


class GetMetricData(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.home = rds_sim_process.temporary_home()
        rds_sim_process.isolate_this_process(cls.home.name, rds_sim_process.EXPORTER)
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "50").__enter__()
        rds_engines = ("postgres", "mysql", "mariadb")
        cls.instance = next(i["id"] for i in cls.sim.fleet()["instances"]
                            if i["status"] == "available" and i["engine"] in rds_engines)
        cls.queries = [query(f"cpu{stat.capitalize()}", cls.instance, metric_values.CPU_UTILIZATION, stat)
                       for stat in STATS]
        cls.queries.append(query("connectionsSum", cls.instance, metric_values.DATABASE_CONNECTIONS, "Sum"))

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)
        cls.home.cleanup()

    def assert_documented(self, results, timestamp_of):
        self.assertEqual([r["Id"] for r in results], [q["Id"] for q in self.queries])
        for result, sent in zip(results, self.queries):
            stat = sent["MetricStat"]
            metric = {"CPUUtilization": metric_values.CPU_UTILIZATION,
                      "DatabaseConnections": metric_values.DATABASE_CONNECTIONS}[stat["Metric"]["MetricName"]]
            starts, values = documented(self.instance, metric, stat["Stat"])
            self.assertEqual(result["StatusCode"], "Complete", result["Id"])
            self.assertEqual([timestamp_of(t) for t in result["Timestamps"]], starts, result["Id"])
            self.assertEqual(len(result["Values"]), len(values), result["Id"])
            for got, expected in zip(result["Values"], values):
                self.assertAlmostEqual(got, expected, delta=1e-9 * max(1.0, abs(expected)), msg=result["Id"])

    def test_boto3_receives_the_documented_values(self):
        import boto3
        self.sim.reset_stats()
        with contextlib.closing(boto3.session.Session().client("cloudwatch", endpoint_url=self.sim.url,
                                               region_name=rds_sim_process.REGION)) as cloudwatch:
            answer = cloudwatch.get_metric_data(
                MetricDataQueries=self.queries,
                StartTime=datetime.datetime.fromtimestamp(WINDOW_START, datetime.timezone.utc),
                EndTime=datetime.datetime.fromtimestamp(WINDOW_END, datetime.timezone.utc))
        self.assertNotIn("NextToken", answer)
        self.assert_documented(answer["MetricDataResults"], lambda t: int(t.timestamp()))
        self.assertEqual(self.sim.count("GetMetricData", service="monitoring"), 1)
        # Billed by metric, five statistics each: CPUUtilization's five and DatabaseConnections' one.
        self.assertEqual(self.sim.admin("/_sim/stats")["cloudwatch_metrics_requested"], 2)

    def test_the_aws_cli_receives_the_documented_values(self):
        self.sim.reset_stats()
        command = [ARGS.aws, "cloudwatch", "get-metric-data", "--endpoint-url", self.sim.url,
                   "--region", rds_sim_process.REGION, "--output", "json",
                   "--metric-data-queries", json.dumps(self.queries),
                   "--start-time", iso(WINDOW_START), "--end-time", iso(WINDOW_END)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                env=rds_sim_process.isolated_environment(self.home.name, rds_sim_process.EXPORTER))
        self.assertEqual(result.returncode, 0, result.stderr)
        answer = json.loads(result.stdout)
        self.assert_documented(answer["MetricDataResults"],
                               lambda t: int(datetime.datetime.fromisoformat(t).timestamp()))
        self.assertEqual(self.sim.count("GetMetricData", service="monitoring"), 1)

    def test_the_aws_cli_reports_a_principal_without_cloudwatch_rights(self):
        command = [ARGS.aws, "cloudwatch", "get-metric-data", "--endpoint-url", self.sim.url,
                   "--region", rds_sim_process.REGION,
                   "--metric-data-queries", json.dumps(self.queries[:1]),
                   "--start-time", iso(WINDOW_START), "--end-time", iso(WINDOW_END)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                env=rds_sim_process.isolated_environment(self.home.name, rds_sim_process.NO_RIGHTS))
        self.assertEqual(result.returncode, 254, result.stderr)
        self.assertIn("An error occurred (AccessDenied) when calling the GetMetricData operation", result.stderr)


class TimeScale(unittest.TestCase):
    """rds_sim --time-scale K: CloudWatch's datapoints follow a clock K times faster than real time from the start,
    while signatures keep real time (boto3 signs with the real clock, and its calls are accepted)."""

    K = 3600

    def test_datapoints_follow_the_data_clock_and_signatures_real_time(self):
        import boto3
        home = rds_sim_process.temporary_home()
        rds_sim_process.isolate_this_process(home.name, rds_sim_process.EXPORTER)
        try:
            with rds_sim_process.RdsSim(ARGS.rds_sim, "--generate", "5", "--time-scale", str(self.K)) as sim:
                instance = next(i["id"] for i in sim.fleet()["instances"] if i["status"] == "available")
                time.sleep(1.5)
                before = sim.admin("/_sim/clock")
                with contextlib.closing(boto3.session.Session().client(
                        "cloudwatch", endpoint_url=sim.url, region_name=rds_sim_process.REGION)) as cloudwatch:
                    real = time.time()
                    cpu = query("cpu", instance, metric_values.CPU_UTILIZATION, "Average")
                    cpu["MetricStat"]["Period"] = 60
                    answer = cloudwatch.get_metric_data(
                        MetricDataQueries=[cpu],
                        StartTime=datetime.datetime.fromtimestamp(int(real) // 60 * 60 - 600, datetime.timezone.utc),
                        EndTime=datetime.datetime.fromtimestamp(real + 6 * 3600, datetime.timezone.utc))
                after = sim.admin("/_sim/clock")
        finally:
            home.cleanup()
        self.assertEqual(before["time_scale"], self.K)
        # sim_now = start + K * (real_now - start), read around the call.
        for clock in (before, after):
            self.assertAlmostEqual(clock["now"], clock["start"] + self.K * (clock["real_now"] - clock["start"]),
                                   delta=self.K * 0.01)
        self.assertGreater(before["now"] - before["real_now"], 1.4 * self.K)
        newest = int(answer["MetricDataResults"][0]["Timestamps"][0].timestamp())
        # The newest one-minute datapoint is the one that ended a minute before the data clock's now.
        self.assertGreaterEqual(newest, int(before["now"]) // 60 * 60 - 120)
        self.assertLessEqual(newest, int(after["now"]) // 60 * 60 - 120)
        self.assertGreater(newest, real + self.K)
        series = metric_values.Series(instance, metric_values.CPU_UTILIZATION)
        self.assertAlmostEqual(answer["MetricDataResults"][0]["Values"][0],
                               series.datapoint("Average", newest, 60), delta=1e-9 * 100)


if __name__ == "__main__":
    rds_sim_process.main(__import__(__name__), "--aws")
