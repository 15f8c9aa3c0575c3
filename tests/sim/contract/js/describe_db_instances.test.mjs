// The SDK's DescribeDBInstances paginator over a generated fleet of 300 instances (three default pages and
// more), compared with the fleet as rds_sim's admin API lists it, which shares no code with the RDS XML answers.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { paginateDescribeDBInstances } from "@aws-sdk/client-rds";
import { rdsClient } from "./aws_clients.mjs";
import { startRdsSim } from "./rds_sim.mjs";

const FLEET_SIZE = 300;

let sim;
let fleet;
let rds;

before(async () => {
  sim = await startRdsSim("--generate", String(FLEET_SIZE));
  fleet = await sim.fleet();
  rds = rdsClient(sim);
});

after(async () => {
  rds?.destroy();
  await sim?.stop();
});

// The instance ids of each page the paginator yields, in order.
async function listPages(input = {}, pageSize = undefined) {
  const pages = [];
  for await (const page of paginateDescribeDBInstances({ client: rds, pageSize }, input)) {
    pages.push(page.DBInstances.map((instance) => instance.DBInstanceIdentifier));
  }
  return pages;
}

function fleetIds(predicate = () => true) {
  return fleet.instances.filter(predicate).map((instance) => instance.id);
}

test("the paginator lists exactly the fleet, in identifier order", async () => {
  assert.equal(fleet.instances.length, FLEET_SIZE);
  await sim.resetStats();
  const pages = await listPages();
  assert.deepEqual(pages.flat(), fleetIds());
  assert.equal(new Set(pages.flat()).size, FLEET_SIZE, "no instance twice");
  assert.deepEqual(pages.map((page) => page.length), [100, 100, 100], "RDS's default page is 100 records");
  assert.equal(await sim.count("rds", "DescribeDBInstances"), 3, "one request a page, no retries");
});

test("MaxRecords 20 gives pages of 20 and still the whole fleet", async () => {
  const pages = await listPages({}, 20);
  assert.deepEqual(pages.map((page) => page.length), Array(FLEET_SIZE / 20).fill(20));
  assert.deepEqual(pages.flat(), fleetIds());
});

test("an engine filter lists exactly the fleet's instances of those engines", async () => {
  const engines = ["aurora-mysql", "postgres"];
  const expected = fleetIds((instance) => engines.includes(instance.engine));
  assert.ok(expected.length > 20, `the generated fleet has ${expected.length} such instances; the test needs pages`);
  const pages = await listPages({ Filters: [{ Name: "engine", Values: engines }] }, 20);
  assert.deepEqual(pages.flat(), expected);
});
