// CloudWatch Logs through @aws-sdk/client-cloudwatch-logs (AWS JSON 1.1): paginateFilterLogEvents must walk
// Enhanced Monitoring's stream to exactly what rds_sim says it wrote (GET /_sim/logs/streams/{stream}/events), through
// an empty first page too, DescribeLogStreams must list the monitored instances, and a deleted stream named in
// logStreamNames must fail the whole call with ResourceNotFoundException.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  ResourceNotFoundException,
  paginateFilterLogEvents,
} from "@aws-sdk/client-cloudwatch-logs";
import { logsClient, recordRequests } from "./aws_clients.mjs";
import { startRdsSim } from "./rds_sim.mjs";

const GROUP = "RDSOSMetrics";

let sim;
let logs;
let requests;
let streams;

before(async () => {
  sim = await startRdsSim("--generate", "60");
  const { instances } = await sim.fleet();
  streams = instances
    .filter((i) => i.monitoring_interval > 0 && i.engine !== "neptune" && i.engine !== "docdb")
    .filter((i) => i.region === "ap-northeast-2" && i.account_id === "123456789012")
    .map((i) => ({ name: i.dbi_resource_id, interval: i.monitoring_interval }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  assert.ok(streams.length >= 3, `the generated fleet has ${streams.length} monitored instances`);
  logs = logsClient(sim);
  requests = recordRequests(logs);
});

after(async () => {
  logs?.destroy();
  await sim?.stop();
});

async function dataNowMs() {
  return Math.floor((await sim.admin("/_sim/clock")).now * 1000);
}

async function written(stream, start, end) {
  return (await sim.admin(`/_sim/logs/streams/${stream}/events?start_ms=${start}&end_ms=${end}`)).events;
}

async function allPages(input, pageSize) {
  const pages = [];
  for await (const page of paginateFilterLogEvents({ client: logs, pageSize }, input)) pages.push(page);
  return pages;
}

test("paginateFilterLogEvents returns what rds_sim wrote, page by page", async () => {
  const stream = streams[0];
  const end = await dataNowMs();
  const start = end - 3_600_000;
  const input = { logGroupName: GROUP, logStreamNames: [stream.name], startTime: start, endTime: end };
  const pages = await allPages(input, 25);
  const events = pages.flatMap((page) => page.events);
  const expected = await written(stream.name, start, end);
  assert.equal(events.length, expected.length);
  assert.ok(events.length >= 60, `${events.length} events`);
  assert.ok(pages.length > 2);
  assert.ok(pages.every((page) => page.events.length <= 25));
  assert.equal(pages.at(-1).nextToken, undefined);
  assert.deepEqual(
    events.map((e) => [e.timestamp, e.message]),
    expected.map((e) => [e.timestamp, e.message]),
  );
  for (const event of events) {
    assert.equal(event.logStreamName, stream.name);
    assert.equal(typeof event.timestamp, "number");
    assert.equal(event.timestamp % (stream.interval * 1000), 0);
    const document = JSON.parse(event.message);
    assert.equal(document.instanceResourceID, stream.name);
    assert.equal(document.timestamp, new Date(event.timestamp).toISOString().replace(".000Z", "Z"));
  }
  const sent = requests.at(-1);
  assert.equal(sent.headers["x-amz-target"], "Logs_20140328.FilterLogEvents");
  assert.equal(sent.headers["content-type"], "application/x-amz-json-1.1");
});

test("an empty first page with a nextToken does not stop the paginator", async () => {
  const stream = streams[1];
  const end = await dataNowMs();
  const start = end - 1_200_000;
  await sim.admin("/_sim/logs/settings", "PUT", { empty_first_page: true });
  try {
    const input = { logGroupName: GROUP, logStreamNames: [stream.name], startTime: start, endTime: end };
    const pages = await allPages(input);
    assert.deepEqual(pages[0].events, []);
    assert.ok(pages[0].nextToken);
    const events = pages.flatMap((page) => page.events);
    assert.equal(events.length, (await written(stream.name, start, end)).length);
    assert.ok(events.length > 0);
  } finally {
    await sim.admin("/_sim/logs/settings", "PUT", { empty_first_page: false });
  }
});

test("DescribeLogStreams lists every monitored instance of the scope", async () => {
  const answer = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
  assert.deepEqual(
    answer.logStreams.map((s) => s.logStreamName),
    streams.map((s) => s.name),
  );
  for (const stream of answer.logStreams) {
    assert.ok(stream.lastEventTimestamp >= stream.firstEventTimestamp);
    assert.ok(stream.arn.endsWith(`:log-group:${GROUP}:log-stream:${stream.logStreamName}`));
  }
});

test("a deleted stream fails the whole FilterLogEvents call", async () => {
  const kept = streams[0].name;
  const deleted = streams.at(-1).name;
  assert.deepEqual(await sim.admin(`/_sim/logs/streams/${deleted}/delete`, "POST"), { stream: deleted, deleted: true });
  await assert.rejects(
    logs.send(new FilterLogEventsCommand({ logGroupName: GROUP, logStreamNames: [kept, deleted] })),
    (error) => {
      assert.ok(error instanceof ResourceNotFoundException, `${error.name}: ${error.message}`);
      assert.equal(error.message, "The specified log stream does not exist.");
      assert.equal(error.$metadata.httpStatusCode, 400);
      return true;
    },
  );
  const listed = await logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP }));
  assert.ok(!listed.logStreams.some((s) => s.logStreamName === deleted));
  assert.equal(await sim.count("logs", "FilterLogEvents", "ResourceNotFoundException"), 1);
});
