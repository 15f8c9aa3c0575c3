"""CloudWatch Logs for Enhanced Monitoring, judged by boto3 and the AWS CLI: FilterLogEvents as botocore's
paginator walks it (empty first pages included), DescribeLogStreams, and a deleted stream's
ResourceNotFoundException, against what rds_sim's admin API says it wrote."""

import contextlib
import datetime
import json
import os
import subprocess
import sys
import time
import unittest

import rds_sim_process

ARGS = None
HOME = rds_sim_process.ModuleHome()
setUpModule = HOME.set_up
tearDownModule = HOME.tear_down

GROUP = "RDSOSMetrics"


def logs_client(sim, principal=rds_sim_process.EXPORTER):
    import boto3
    session = boto3.session.Session(aws_access_key_id=principal["key"], aws_secret_access_key=principal["secret"],
                                     aws_session_token=principal.get("token"), region_name=rds_sim_process.REGION)
    return session.client("logs", endpoint_url=sim.url, region_name=rds_sim_process.REGION)


def monitored(fleet):
    """{DbiResourceId: instance} of the fleet's instances with Enhanced Monitoring, by stream name."""
    return {i["dbi_resource_id"]: i for i in fleet["instances"]
            if i["monitoring_interval"] > 0 and i["engine"] not in ("neptune", "docdb")}


def now_ms(sim):
    return int(sim.admin("/_sim/clock")["now"] * 1000)


def admin_events(sim, stream, start_ms, end_ms):
    return sim.admin(f"/_sim/logs/streams/{stream}/events?start_ms={start_ms}&end_ms={end_ms}")["events"]


class DemoFleet(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.sim = rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml")).__enter__()
        cls.streams = monitored(cls.sim.fleet())

    @classmethod
    def tearDownClass(cls):
        cls.sim.__exit__(None, None, None)

    def tearDown(self):
        self.sim.admin("/_sim/logs/settings", method="PUT", body={"empty_first_page": False})

    def stream_with_interval(self, seconds):
        return next(name for name, i in sorted(self.streams.items()) if i["monitoring_interval"] == seconds)

    def paginate(self, **kwargs):
        with contextlib.closing(logs_client(self.sim)) as logs:
            paginator = logs.get_paginator("filter_log_events")
            return list(paginator.paginate(logGroupName=GROUP, **kwargs))

    def end_of_a_full_hour(self):
        """A whole second of the simulator's data time whose preceding hour is all backlog: the simulator writes
        an hour of events before its start (data start minus backdate), and within its first second a whole
        second before now would begin that hour a moment before the backlog does, one 15-second event short."""
        for _ in range(100):
            clock = self.sim.admin("/_sim/clock")
            origin = clock["start"] - clock["backdate"]
            end = int(clock["now"] * 1000) // 1000 * 1000
            if end >= origin * 1000:
                return end
            time.sleep(0.05)
        self.fail(f"the simulator's clock did not pass its start: {clock}")

    def test_the_paginator_returns_what_the_simulator_wrote(self):
        stream = self.stream_with_interval(15)
        end = self.end_of_a_full_hour()
        start = end - 3_600_000
        pages = self.paginate(logStreamNames=[stream], startTime=start, endTime=end,
                              PaginationConfig={"PageSize": 50})
        events = [event for page in pages for event in page["events"]]
        self.assertGreater(len(pages), 2)
        self.assertTrue(all(len(page["events"]) <= 50 for page in pages))
        self.assertNotIn("nextToken", pages[-1])
        written = admin_events(self.sim, stream, start, end)
        self.assertEqual(len(events), 240)
        self.assertEqual([(e["timestamp"], e["message"]) for e in events],
                         [(e["timestamp"], e["message"]) for e in written])
        instance = self.streams[stream]
        for event in events:
            self.assertEqual(event["logStreamName"], stream)
            self.assertEqual(event["timestamp"] % 15_000, 0)
            document = json.loads(event["message"])
            self.assertEqual(document["instanceResourceID"], stream)
            self.assertEqual(document["instanceID"], instance["id"])
            stamp = datetime.datetime.fromtimestamp(event["timestamp"] / 1000, datetime.timezone.utc)
            self.assertEqual(document["timestamp"], stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def test_events_of_several_streams_come_by_time(self):
        names = sorted(self.streams)[:3]
        end = now_ms(self.sim)
        pages = self.paginate(logStreamNames=names, startTime=end - 600_000, endTime=end)
        keys = [(e["timestamp"], e["logStreamName"]) for page in pages for e in page["events"]]
        self.assertEqual(keys, sorted(keys))
        self.assertEqual({name for _, name in keys}, set(names))

    def test_the_paginator_goes_on_after_an_empty_first_page(self):
        stream = self.stream_with_interval(60)
        end = now_ms(self.sim)
        start = end - 1_800_000
        self.sim.admin("/_sim/logs/settings", method="PUT", body={"empty_first_page": True})
        pages = self.paginate(logStreamNames=[stream], startTime=start, endTime=end)
        self.assertEqual(pages[0]["events"], [])
        self.assertIn("nextToken", pages[0])
        events = [event for page in pages for event in page["events"]]
        self.assertEqual(len(events), len(admin_events(self.sim, stream, start, end)))
        self.assertIn(len(events), (29, 30, 31))

    def test_describe_log_streams_lists_every_monitored_instance(self):
        with contextlib.closing(logs_client(self.sim)) as logs:
            pages = list(logs.get_paginator("describe_log_streams").paginate(
                logGroupName=GROUP, PaginationConfig={"PageSize": 2}))
        listed = [stream for page in pages for stream in page["logStreams"]]
        self.assertEqual([s["logStreamName"] for s in listed], sorted(self.streams))
        for stream in listed:
            self.assertTrue(stream["arn"].endswith(f":log-group:{GROUP}:log-stream:{stream['logStreamName']}"))
            self.assertLessEqual(stream["firstEventTimestamp"], stream["lastEventTimestamp"])

    def test_the_exporters_policy_is_needed(self):
        from botocore.exceptions import ClientError
        with contextlib.closing(logs_client(self.sim, rds_sim_process.READ_ONLY)) as logs:
            with self.assertRaises(ClientError) as denied:
                logs.filter_log_events(logGroupName=GROUP, logStreamNames=[sorted(self.streams)[0]])
        self.assertEqual(denied.exception.response["Error"]["Code"], "AccessDeniedException")

    def test_the_aws_cli_filters_log_events(self):
        stream = self.stream_with_interval(60)
        end = now_ms(self.sim)
        start = end - 900_000
        command = [ARGS.aws, "logs", "filter-log-events", "--endpoint-url", self.sim.url,
                   "--region", rds_sim_process.REGION, "--output", "json", "--log-group-name", GROUP,
                   "--log-stream-names", stream, "--start-time", str(start), "--end-time", str(end)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120,
                                env=rds_sim_process.isolated_environment(HOME.name, rds_sim_process.EXPORTER))
        self.assertEqual(result.returncode, 0, result.stderr)
        events = json.loads(result.stdout)["events"]
        self.assertEqual([e["message"] for e in events],
                         [e["message"] for e in admin_events(self.sim, stream, start, end)])


class DeletedStream(unittest.TestCase):

    def test_a_deleted_stream_fails_the_whole_call(self):
        from botocore.exceptions import ClientError
        with rds_sim_process.RdsSim(ARGS.rds_sim, "--fleet", os.path.join(ARGS.fleets, "demo.yaml")) as sim:
            streams = sorted(monitored(sim.fleet()))
            kept, deleted = streams[0], streams[1]
            self.assertEqual(sim.admin(f"/_sim/logs/streams/{deleted}/delete", method="POST"),
                             {"stream": deleted, "deleted": True})
            with contextlib.closing(logs_client(sim)) as logs:
                with self.assertRaises(ClientError) as missing:
                    logs.filter_log_events(logGroupName=GROUP, logStreamNames=[kept, deleted])
                error = missing.exception.response["Error"]
                self.assertEqual(error["Code"], "ResourceNotFoundException")
                self.assertEqual(error["Message"], "The specified log stream does not exist.")
                self.assertEqual(missing.exception.response["ResponseMetadata"]["HTTPStatusCode"], 400)
                listed = [s["logStreamName"] for s in logs.describe_log_streams(logGroupName=GROUP)["logStreams"]]
                self.assertNotIn(deleted, listed)
                self.assertIn(kept, listed)
                self.assertTrue(logs.filter_log_events(logGroupName=GROUP, logStreamNames=[kept], limit=5)["events"])
            self.assertEqual(sim.count("FilterLogEvents", "ResourceNotFoundException", service="logs"), 1)


if __name__ == "__main__":
    rds_sim_process.main(sys.modules[__name__], "--aws", "--fleets")
