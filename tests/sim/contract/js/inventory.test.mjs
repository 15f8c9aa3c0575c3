// The AWS SDK for JavaScript v3 against rds_sim's inventory operations on a generated fleet (and the demo fleet
// for its listed parameter groups): every operation through the SDK's paginators, its parsed values checked, and the
// per-operation counts of /_sim/stats the exporter's tests read.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  DBParameterGroupNotFoundFault,
  DescribeAccountAttributesCommand,
  DescribeDBClusterParametersCommand,
  DescribeEngineDefaultClusterParametersCommand,
  paginateDescribeDBMajorEngineVersions,
  paginateDescribeDBParameters,
  paginateDescribeEngineDefaultParameters,
  paginateDescribeEvents,
  paginateDescribePendingMaintenanceActions,
  paginateDescribeDBInstances,
} from "@aws-sdk/client-rds";
import { rdsClient } from "./aws_clients.mjs";
import { startRdsSim } from "./rds_sim.mjs";

const FLEET_SIZE = 150;

let sim;
let rds;

before(async () => {
  sim = await startRdsSim("--generate", String(FLEET_SIZE), "--time-scale", "3600");
  rds = rdsClient(sim);
});

after(async () => {
  rds?.destroy();
  await sim?.stop();
});

async function collect(paginator, key) {
  const items = [];
  let pages = 0;
  for await (const page of paginator) {
    pages += 1;
    const list = key.split(".").reduce((value, part) => value?.[part], page) ?? [];
    items.push(...list);
  }
  return { items, pages };
}

async function instances() {
  return (await collect(paginateDescribeDBInstances({ client: rds }, {}), "DBInstances")).items;
}

test("pending maintenance: every resource once, dates parsed, counted a request a page", async () => {
  await sim.resetStats();
  const { items, pages } = await collect(
    paginateDescribePendingMaintenanceActions({ client: rds, pageSize: 20 }, {}),
    "PendingMaintenanceActions",
  );
  assert.ok(pages > 1, `${items.length} resources should take more than one page of 20`);
  assert.equal(await sim.count("rds", "DescribePendingMaintenanceActions"), pages);
  const arns = items.map((item) => item.ResourceIdentifier);
  assert.equal(new Set(arns).size, arns.length);
  assert.deepEqual([...arns].sort(), arns);
  const actions = items.flatMap((item) => item.PendingMaintenanceActionDetails);
  assert.ok(actions.every((action) => action.CurrentApplyDate instanceof Date));
  assert.ok(actions.some((action) => action.ForcedApplyDate instanceof Date), "some forced");
  assert.ok(actions.every((action) =>
    ["system-update", "db-upgrade", "os-upgrade", "ca-certificate-rotation"].includes(action.Action)));
  const one = items[0].ResourceIdentifier;
  const filtered = await collect(
    paginateDescribePendingMaintenanceActions({ client: rds }, {
      Filters: [{ Name: one.includes(":cluster:") ? "db-cluster-id" : "db-instance-id", Values: [one] }],
    }),
    "PendingMaintenanceActions",
  );
  assert.deepEqual(filtered.items.map((item) => item.ResourceIdentifier), [one]);
});

test("certificates: some expire within 30 days of the data clock's start", async () => {
  const clock = await sim.admin("/_sim/clock");
  const start = (clock.start - clock.backdate) * 1000;
  const soon = (await instances()).filter((instance) => {
    const until = instance.CertificateDetails.ValidTill.getTime();
    return until > start && until < start + 30 * 86400_000;
  });
  assert.ok(soon.length > 0);
});

test("account attributes: the instance quota is near its limit", async () => {
  const answer = await rds.send(new DescribeAccountAttributesCommand({}));
  const quotas = Object.fromEntries(answer.AccountQuotas.map((quota) => [quota.AccountQuotaName, quota]));
  assert.equal(quotas.DBInstances.Used, FLEET_SIZE);
  assert.equal(quotas.DBInstances.Max, FLEET_SIZE + 15);
  const listed = await instances();
  assert.equal(quotas.AllocatedStorage.Used, listed.reduce((sum, instance) => sum + instance.AllocatedStorage, 0));
  assert.equal(quotas.AllocatedStorage.Max, 100000);
});

// Events carry whole seconds, and rds_sim reads StartTime and EndTime to the second: the test asks in whole seconds, or
// an event in the very second of `now` would be listed although it is a fraction of a second before it.
const dataSecond = async () => new Date(Math.floor((await sim.admin("/_sim/clock")).now) * 1000);

test("events: pages of a day oldest first, and new ones as data time passes", async () => {
  const now = await dataSecond();
  const dayAgo = new Date(now.getTime() - 86400_000);
  const { items, pages } = await collect(
    paginateDescribeEvents({ client: rds, pageSize: 20 }, { StartTime: dayAgo, EndTime: now }),
    "Events",
  );
  assert.ok(pages > 1);
  assert.ok(items.length >= 24 * 4 - 4, `${items.length} events in a day`);
  const times = items.map((event) => event.Date.getTime());
  assert.deepEqual([...times].sort((a, b) => a - b), times);
  assert.ok(times.every((time) => time >= dayAgo.getTime() && time < now.getTime()));
  assert.ok(items.every((event) => event.EventCategories.length === 1 && event.SourceArn.startsWith("arn:aws:rds:")));
  await new Promise((resolve) => setTimeout(resolve, 2000)); // two simulated hours
  const later = await dataSecond();
  const newer = await collect(paginateDescribeEvents({ client: rds }, { StartTime: now, EndTime: later }), "Events");
  assert.ok(newer.items.length > 0);
  assert.ok(newer.items.every((event) => event.Date >= now && event.Date < later));
});

test("major engine versions: support dates of every open-source engine", async () => {
  const { items } = await collect(
    paginateDescribeDBMajorEngineVersions({ client: rds, pageSize: 20 }, {}),
    "DBMajorEngineVersions",
  );
  const postgres17 = items.find((item) => item.Engine === "postgres" && item.MajorEngineVersion === "17");
  assert.deepEqual(postgres17.SupportedEngineLifecycles.map((lifecycle) => lifecycle.LifecycleSupportName), [
    "open-source-rds-standard-support",
    "open-source-rds-extended-support",
  ]);
  assert.ok(postgres17.SupportedEngineLifecycles[0].LifecycleSupportEndDate instanceof Date);
  assert.deepEqual(
    items.filter((item) => item.Engine === "aurora-mysql").map((item) => item.MajorEngineVersion),
    ["5.7", "8.0"],
  );
});

test("parameters: a generated custom group over its family, engine defaults and the not-found error", async () => {
  const listed = await instances();
  const custom = listed.find((instance) => !instance.DBParameterGroups[0].DBParameterGroupName.startsWith("default."));
  assert.ok(custom, "the generator gives some instances custom groups");
  const groupName = custom.DBParameterGroups[0].DBParameterGroupName;
  const { items, pages } = await collect(
    paginateDescribeDBParameters({ client: rds, pageSize: 20 }, { DBParameterGroupName: groupName }),
    "Parameters",
  );
  assert.ok(pages > 1);
  const maxConnections = items.find((parameter) => parameter.ParameterName === "max_connections");
  assert.equal(maxConnections.Source, "user");
  const defaults = await collect(
    paginateDescribeEngineDefaultParameters({ client: rds, pageSize: 20 }, { DBParameterGroupFamily: "postgres16" }),
    "EngineDefaults.Parameters",
  );
  assert.ok(defaults.pages > 1);
  assert.equal(
    defaults.items.find((parameter) => parameter.ParameterName === "max_connections").ParameterValue,
    "LEAST({DBInstanceClassMemory/9531392},5000)",
  );
  const cluster = await rds.send(new DescribeEngineDefaultClusterParametersCommand({
    DBParameterGroupFamily: "aurora-mysql8.0",
  }));
  assert.ok(cluster.EngineDefaults.Parameters.some((parameter) => parameter.ParameterName === "binlog_format"));
  await assert.rejects(
    rds.send(new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: "no-such-group" })),
    (error) => error instanceof DBParameterGroupNotFoundFault && error.$metadata.httpStatusCode === 404,
  );
  assert.equal(await sim.count("rds", "DescribeDBClusterParameters", "DBParameterGroupNotFound"), 1);
});
