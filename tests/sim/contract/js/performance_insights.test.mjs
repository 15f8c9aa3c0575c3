// Performance Insights through @aws-sdk/client-pi (AWS JSON 1.1): GetResourceMetrics must answer the counter values
// sim/README.md documents ("Performance Insights"), computed here by metric_values.mjs, within AWS's limits, and
// ListAvailableResourceMetrics must list the engine's counters page by page.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  GetResourceMetricsCommand,
  InvalidArgumentException,
  ListAvailableResourceMetricsCommand,
  NotAuthorizedException,
} from "@aws-sdk/client-pi";
import { piClient, recordRequests } from "./aws_clients.mjs";
import { piCounterSeries, piValue } from "./metric_values.mjs";
import { NO_RIGHTS, startRdsSim } from "./rds_sim.mjs";

// Their entries in sim/pi/counter_catalog.cpp: name without statistic suffix, range, whole numbers or not.
const BLKS_HIT = { name: "db.Cache.blks_hit", low: 1000, high: 500000, wholeNumbers: false };
const BLKS_READ = { name: "db.IO.blks_read", low: 0, high: 5000, wholeNumbers: false };
const TEMP_FILES = { name: "db.Temp.temp_files", low: 0, high: 20, wholeNumbers: false };
const PG_ACTIVE_TRANSACTIONS = { name: "db.Transactions.active_transactions", low: 0, high: 20, wholeNumbers: true };
const CHECKPOINT_WRITE_LATENCY = {
  name: "db.Checkpoint.checkpoint_write_latency",
  low: 500,
  high: 30000,
  wholeNumbers: false,
};
const QUESTIONS = { name: "db.SQL.Questions", low: 0, high: 5000, wholeNumbers: false };
const THREADS_RUNNING = { name: "db.Users.Threads_running", low: 0, high: 50, wholeNumbers: true };
const HIT_RATE = { name: "db.Cache.innoDB_buffer_pool_hit_rate", low: 90, high: 100, wholeNumbers: false };

// What the exporter asks for (docs/performance-insights.md#what-the-seed-metrics-need), listed by
// ListAvailableResourceMetrics.
const MYSQL_NEEDS = [
  "db.SQL.Questions",
  "db.Users.Threads_running",
  "db.Cache.innoDB_buffer_pool_hits",
  "db.Cache.Innodb_buffer_pool_read_requests",
  "db.Cache.Innodb_buffer_pool_reads",
  "db.Cache.innoDB_buffer_pool_hit_rate",
  "db.Locks.innodb_deadlocks",
  "db.Transactions.active_transactions",
];

// An hour that closed ten minutes ago: every sample in it is published, whatever second the test runs at.
const PERIOD = 300;
const WINDOW_END = Math.floor(Date.now() / 1000 / PERIOD) * PERIOD - 600;
const WINDOW_START = WINDOW_END - 3600;

let sim;
let pi;
let requests;
let postgres;
let mysql;
let withoutInsights;

before(async () => {
  sim = await startRdsSim("--generate", "300");
  const { instances } = await sim.fleet();
  const running = (engine) => (instance) =>
    instance.engine === engine && instance.status === "available" && instance.performance_insights;
  postgres = instances.find(running("postgres"));
  mysql = instances.find(running("mysql"));
  withoutInsights = instances.find((instance) => instance.engine === "postgres" && !instance.performance_insights);
  assert.ok(postgres && mysql && withoutInsights, "the generated fleet has the instances these tests need");
  pi = piClient(sim);
  requests = recordRequests(pi);
});

after(async () => {
  pi?.destroy();
  await sim?.stop();
});

function getResourceMetrics(instance, metrics, extra = {}) {
  return pi.send(
    new GetResourceMetricsCommand({
      ServiceType: "RDS",
      Identifier: instance.dbi_resource_id,
      MetricQueries: metrics.map((Metric) => ({ Metric })),
      StartTime: new Date(WINDOW_START * 1000),
      EndTime: new Date(WINDOW_END * 1000),
      PeriodInSeconds: PERIOD,
      ...extra,
    }),
  );
}

// Equal but for the last bits: V8's Math.sin and the C library's sin may round differently.
function assertClose(actual, expected, what) {
  const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: got ${actual}, documented ${expected}`);
}

// The period starts of the window, oldest first.
function periodStarts(start, end, period) {
  const starts = [];
  for (let s = start; s < end; s += period) starts.push(s);
  return starts;
}

async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail("the call succeeded");
}

test("GetResourceMetrics returns the documented counter values, over AWS JSON 1.1", async () => {
  const queries = [
    [BLKS_HIT, "avg"],
    [BLKS_READ, "max"],
    [TEMP_FILES, "sum"],
    [PG_ACTIVE_TRANSACTIONS, "sample_count"],
    [CHECKPOINT_WRITE_LATENCY, "min"],
  ];
  await sim.resetStats();
  requests.length = 0;
  const answer = await getResourceMetrics(
    postgres,
    queries.map(([counter, statistic]) => `${counter.name}.${statistic}`),
  );

  assert.equal(requests.length, 1);
  assert.equal(requests[0].headers["content-type"], "application/x-amz-json-1.1");
  assert.equal(requests[0].headers["x-amz-target"], "PerformanceInsightsv20180227.GetResourceMetrics");
  assert.equal(await sim.count("pi", "GetResourceMetrics"), 1);

  assert.equal(answer.Identifier, postgres.dbi_resource_id);
  assert.deepEqual(answer.AlignedStartTime, new Date(WINDOW_START * 1000));
  assert.deepEqual(answer.AlignedEndTime, new Date(WINDOW_END * 1000));
  assert.deepEqual(
    answer.MetricList.map((entry) => entry.Key.Metric),
    queries.map(([counter, statistic]) => `${counter.name}.${statistic}`),
  );
  const starts = periodStarts(WINDOW_START, WINDOW_END, PERIOD);
  queries.forEach(([counter, statistic], i) => {
    const { DataPoints: points } = answer.MetricList[i];
    const series = piCounterSeries(postgres.dbi_resource_id, counter);
    assert.deepEqual(
      points.map((point) => point.Timestamp),
      starts.map((start) => new Date((start + PERIOD) * 1000)),
      `${counter.name}: each point stamped with the end of its period`,
    );
    points.forEach((point, j) =>
      assertClose(point.Value, piValue(series, statistic, starts[j], PERIOD), `${counter.name}.${statistic}[${j}]`),
    );
  });
  assert.deepEqual(
    answer.MetricList[3].DataPoints.map((point) => point.Value),
    Array(12).fill(5),
    "five one-minute samples in each five-minute period",
  );
});

test("GetResourceMetrics stamps points with their start when asked, for MySQL's counters", async () => {
  const metrics = [QUESTIONS, THREADS_RUNNING, HIT_RATE];
  const answer = await getResourceMetrics(
    mysql,
    metrics.map((counter) => `${counter.name}.avg`),
    { PeriodInSeconds: 60, PeriodAlignment: "START_TIME" },
  );
  const starts = periodStarts(WINDOW_START, WINDOW_END, 60);
  metrics.forEach((counter, i) => {
    const { DataPoints: points } = answer.MetricList[i];
    const series = piCounterSeries(mysql.dbi_resource_id, counter);
    assert.deepEqual(
      points.map((point) => point.Timestamp),
      starts.map((start) => new Date(start * 1000)),
    );
    points.forEach((point, j) => {
      assertClose(point.Value, piValue(series, "avg", starts[j], 60), `${counter.name}[${j}]`);
      assert.ok(point.Value >= counter.low && point.Value <= counter.high, `${counter.name} within its range`);
    });
  });
});

test("the newest period has no Value yet: clients take the newest point that has one", async () => {
  const now = Date.now() / 1000;
  const answer = await pi.send(
    new GetResourceMetricsCommand({
      ServiceType: "RDS",
      Identifier: postgres.dbi_resource_id,
      MetricQueries: [{ Metric: "db.Cache.blks_hit.avg" }],
      StartTime: new Date((now - 300) * 1000),
      EndTime: new Date(now * 1000),
      PeriodInSeconds: 60,
    }),
  );
  const answered = Date.now() / 1000;
  const points = answer.MetricList[0].DataPoints;
  assert.ok(points.length >= 5, "one point a minute of the aligned window");
  assert.equal(points.at(-1).Value, undefined, "the period still open has no Value");
  const valued = points.filter((point) => point.Value !== undefined);
  assert.ok(valued.length >= 2, "the older periods have values");
  assert.deepEqual(points.slice(0, valued.length), valued, "only the newest periods lack a value");
  const newest = valued.at(-1);
  assert.ok(newest.Timestamp.getTime() / 1000 <= answered - 60, "a period has a value once it closed a minute ago");
  const start = newest.Timestamp.getTime() / 1000 - 60;
  assertClose(newest.Value, piValue(piCounterSeries(postgres.dbi_resource_id, BLKS_HIT), "avg", start, 60), "newest");
});

test("GetResourceMetrics accepts 15 metric queries and refuses 16", async () => {
  const fifteen = Array(15).fill("db.Cache.blks_hit.avg");
  assert.equal((await getResourceMetrics(postgres, fifteen)).MetricList.length, 15);
  await sim.resetStats();
  const error = await rejection(getResourceMetrics(postgres, [...fifteen, "db.IO.blks_read.avg"]));
  assert.equal(error.name, "ValidationException");
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.match(error.message, /metricQueries.*less than or equal to 15/);
  assert.equal(await sim.count("pi", "GetResourceMetrics", "ValidationException"), 1);
});

test("an instance without Performance Insights is refused as AWS refuses it", async () => {
  const error = await rejection(getResourceMetrics(withoutInsights, ["db.Cache.blks_hit.avg"]));
  assert.ok(error instanceof NotAuthorizedException, `got ${error.name}`);
  assert.equal(error.$metadata.httpStatusCode, 400);
  assert.equal(
    error.message,
    `The resource ${withoutInsights.dbi_resource_id} for service type RDS is not authorized for this account`,
  );
});

test("a metric without a known statistic suffix, or not the engine's, is an InvalidArgumentException", async () => {
  const missing = await rejection(getResourceMetrics(postgres, ["db.Cache.blks_hit"]));
  assert.ok(missing instanceof InvalidArgumentException, `got ${missing.name}`);
  assert.equal(missing.message, "The specified statistic is not a known statistic");
  const mysqlCounter = await rejection(getResourceMetrics(postgres, ["db.SQL.Questions.avg"]));
  assert.ok(mysqlCounter instanceof InvalidArgumentException, `got ${mysqlCounter.name}`);
});

test("a caller without pi:GetResourceMetrics is not authorised", async () => {
  const outsider = piClient(sim, NO_RIGHTS);
  try {
    const error = await rejection(
      outsider.send(
        new GetResourceMetricsCommand({
          ServiceType: "RDS",
          Identifier: postgres.dbi_resource_id,
          MetricQueries: [{ Metric: "db.load.avg" }],
          StartTime: new Date(WINDOW_START * 1000),
          EndTime: new Date(WINDOW_END * 1000),
        }),
      ),
    );
    assert.ok(error instanceof NotAuthorizedException, `got ${error.name}`);
    assert.match(error.message, /is not authorized to perform: pi:GetResourceMetrics on resource: arn:aws:pi:/);
  } finally {
    outsider.destroy();
  }
});

test("ListAvailableResourceMetrics lists the engine's counters without statistic suffix, page by page", async () => {
  await sim.resetStats();
  const metrics = [];
  let NextToken;
  let pages = 0;
  do {
    const page = await pi.send(
      new ListAvailableResourceMetricsCommand({
        ServiceType: "RDS",
        Identifier: mysql.dbi_resource_id,
        MetricTypes: ["db", "os"],
        MaxResults: 10,
        NextToken,
      }),
    );
    assert.ok(page.Metrics.length <= 10);
    metrics.push(...page.Metrics);
    NextToken = page.NextToken;
    pages += 1;
  } while (NextToken && pages < 20);
  assert.equal(NextToken, undefined, "the last page has no NextToken");
  assert.ok(pages >= 3, `${metrics.length} metrics in pages of 10`);
  assert.equal(await sim.count("pi", "ListAvailableResourceMetrics"), pages);

  const names = metrics.map((metric) => metric.Metric);
  assert.equal(new Set(names).size, names.length, "each metric once");
  for (const name of MYSQL_NEEDS) assert.ok(names.includes(name), `${name} is listed`);
  assert.ok(names.some((name) => name.startsWith("os.")));
  assert.ok(!names.includes("db.Cache.blks_hit"), "no PostgreSQL counters");
  for (const { Metric, Unit, Description } of metrics) {
    assert.doesNotMatch(Metric, /\.(avg|min|max|sum|sample_count)$/);
    assert.ok(Unit && Description, `${Metric} has a unit and a description`);
  }
  const questions = metrics.find((metric) => metric.Metric === "db.SQL.Questions");
  assert.equal(questions.Unit, "Queries per second");
});
