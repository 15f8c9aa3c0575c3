// CloudWatch GetMetricData through @aws-sdk/client-cloudwatch, which speaks AWS JSON 1.0 since 3.949.0: the
// request must go out as JSON, and the datapoints must be the values sim/cloudwatch/metric_values.h documents,
// computed here by metric_values.mjs.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { cloudWatchClient, recordRequests } from "./aws_clients.mjs";
import { Series } from "./metric_values.mjs";
import { startRdsSim } from "./rds_sim.mjs";

// Their entries in sim/cloudwatch/metric_catalog.cpp: range, whole numbers or not, seconds between samples.
const CPU_UTILIZATION = { name: "CPUUtilization", low: 0, high: 100, wholeNumbers: false, resolution: 60 };
const DATABASE_CONNECTIONS = { name: "DatabaseConnections", low: 0, high: 200, wholeNumbers: true, resolution: 60 };

// Five one-minute samples a datapoint, so that the statistics differ from one another.
const PERIOD = 300;
// An hour that closed ten minutes ago: every sample in it is published, whatever second the test runs at.
const WINDOW_END = Math.floor(Date.now() / 1000 / PERIOD) * PERIOD - 600;
const WINDOW_START = WINDOW_END - 3600;

let sim;
let cloudWatch;
let requests;
let running;
let stopped;

before(async () => {
  sim = await startRdsSim("--generate", "300");
  const { instances } = await sim.fleet();
  const rdsEngine = (instance) => ["postgres", "mysql", "mariadb"].includes(instance.engine);
  running = instances.find((instance) => instance.status === "available" && rdsEngine(instance));
  stopped = instances.find((instance) => instance.status === "stopped" && rdsEngine(instance));
  assert.ok(running && stopped, "the generated fleet has available and stopped PostgreSQL/MySQL/MariaDB instances");
  cloudWatch = cloudWatchClient(sim);
  requests = recordRequests(cloudWatch);
});

after(async () => {
  cloudWatch?.destroy();
  await sim?.stop();
});

function query(id, instanceId, metric, stat) {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: "AWS/RDS",
        MetricName: metric.name,
        Dimensions: [{ Name: "DBInstanceIdentifier", Value: instanceId }],
      },
      Period: PERIOD,
      Stat: stat,
    },
  };
}

function getMetricDataOverTheWindow(queries) {
  return cloudWatch.send(
    new GetMetricDataCommand({
      MetricDataQueries: queries,
      StartTime: new Date(WINDOW_START * 1000),
      EndTime: new Date(WINDOW_END * 1000),
    }),
  );
}

// What the documentation promises for `stat` of `metric` of `instanceId` over the window: newest first, as
// GetMetricData's default ScanBy (TimestampDescending) orders them.
function documentedDatapoints(instanceId, metric, stat) {
  const series = new Series(instanceId, metric);
  const starts = [];
  for (let start = WINDOW_END - PERIOD; start >= WINDOW_START; start -= PERIOD) starts.push(start);
  return {
    timestamps: starts.map((start) => new Date(start * 1000)),
    values: starts.map((start) => series.datapoint(stat, start, PERIOD)),
  };
}

// Equal but for the last bits: V8's Math.sin and the C library's sin may round differently.
function assertCloseValues(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: number of values`);
  actual.forEach((value, i) => {
    const tolerance = 1e-12 * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(value - expected[i]) <= tolerance, `${what}[${i}]: got ${value}, documented ${expected[i]}`);
  });
}

test("GetMetricData returns the documented values, over AWS JSON 1.0", async () => {
  const queries = [
    ["cpuAverage", CPU_UTILIZATION, "Average"],
    ["cpuMinimum", CPU_UTILIZATION, "Minimum"],
    ["cpuMaximum", CPU_UTILIZATION, "Maximum"],
    ["cpuMedian", CPU_UTILIZATION, "p50"],
    ["cpuSampleCount", CPU_UTILIZATION, "SampleCount"],
    ["connectionsSum", DATABASE_CONNECTIONS, "Sum"],
  ];
  await sim.resetStats();
  requests.length = 0;
  const answer = await getMetricDataOverTheWindow(
    queries.map(([id, metric, stat]) => query(id, running.id, metric, stat)),
  );

  assert.equal(requests.length, 1);
  assert.equal(requests[0].headers["content-type"], "application/x-amz-json-1.0");
  assert.equal(requests[0].headers["x-amz-target"], "GraniteServiceVersion20100801.GetMetricData");
  assert.equal(JSON.parse(requests[0].body).MetricDataQueries.length, queries.length);
  assert.equal(await sim.count("monitoring", "GetMetricData"), 1);

  assert.equal(answer.NextToken, undefined);
  assert.deepEqual(
    answer.MetricDataResults.map((result) => result.Id),
    queries.map(([id]) => id),
  );
  queries.forEach(([id, metric, stat], i) => {
    const result = answer.MetricDataResults[i];
    const expected = documentedDatapoints(running.id, metric, stat);
    assert.equal(result.StatusCode, "Complete", id);
    assert.deepEqual(result.Timestamps, expected.timestamps, `${id}: timestamps`);
    assertCloseValues(result.Values, expected.values, id);
  });
  const sampleCounts = answer.MetricDataResults.find((result) => result.Id === "cpuSampleCount").Values;
  assert.deepEqual(sampleCounts, Array(12).fill(5), "five one-minute samples in each five-minute datapoint");
});

test("a stopped instance has no datapoints", async () => {
  const answer = await getMetricDataOverTheWindow([query("stoppedCpu", stopped.id, CPU_UTILIZATION, "Average")]);
  const [result] = answer.MetricDataResults;
  assert.equal(result.Id, "stoppedCpu");
  assert.equal(result.StatusCode, "Complete");
  assert.deepEqual(result.Timestamps, []);
  assert.deepEqual(result.Values, []);
});
