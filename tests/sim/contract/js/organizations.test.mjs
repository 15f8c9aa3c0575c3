// Many accounts and regions in one rds_sim, through the AWS SDK for JavaScript v3: Organizations ListAccounts
// paged by @aws-sdk/client-organizations' paginator, and a role of a member account assumed with the management
// account's keys, whose credentials list only that account's instances of the region they are signed for.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ListAccountsCommand, paginateListAccounts } from "@aws-sdk/client-organizations";
import { DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { organizationsClient, rdsClient, stsClient } from "./aws_clients.mjs";
import { ACCOUNT_ID, EXPORTER, REGION, startRdsSim } from "./rds_sim.mjs";

const MEMBER = "210000000002";
const MEMBER_ROLE = `arn:aws:iam::${MEMBER}:role/rds-exporter`;
// The second region of a generated fleet whose --region is ap-northeast-2.
const SECOND_REGION = "us-east-1";

let sim;

before(async () => {
  sim = await startRdsSim("--generate", "30", "--accounts", "3", "--regions", "2");
});

after(async () => {
  await sim?.stop();
});

async function assumeMemberRole() {
  const sts = stsClient(sim, EXPORTER);
  try {
    const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: MEMBER_ROLE, RoleSessionName: "js" }));
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

test("ListAccounts pages through every account of the organization", async () => {
  const organizations = organizationsClient(sim);
  const pages = [];
  try {
    for await (const page of paginateListAccounts({ client: organizations, pageSize: 2 }, {})) pages.push(page);
  } finally {
    organizations.destroy();
  }
  assert.deepEqual(
    pages.map((page) => page.Accounts.length),
    [2, 1],
  );
  const accounts = pages.flatMap((page) => page.Accounts);
  assert.deepEqual(
    accounts.map((account) => account.Id),
    [ACCOUNT_ID, MEMBER, "210000000003"],
  );
  const [management, member] = accounts;
  assert.equal(management.Name, "management");
  assert.equal(member.Arn, `arn:aws:organizations::${ACCOUNT_ID}:account/o-rdssimorg01/${MEMBER}`);
  assert.equal(member.Status, "ACTIVE");
  assert.equal(member.JoinedMethod, "CREATED");
  // The SDK turns AWS JSON 1.1's epoch seconds into a Date.
  assert.ok(member.JoinedTimestamp instanceof Date);
  assert.equal(member.JoinedTimestamp.toISOString(), "2020-01-16T00:00:00.000Z");
});

test("ListAccounts refuses a token it did not issue and a member account's caller", async () => {
  const organizations = organizationsClient(sim);
  try {
    await assert.rejects(organizations.send(new ListAccountsCommand({ NextToken: "bm90LWEtdG9rZW4=" })), {
      name: "InvalidInputException",
    });
  } finally {
    organizations.destroy();
  }
  const member = organizationsClient(sim, await assumeMemberRole());
  try {
    await assert.rejects(member.send(new ListAccountsCommand({})), { name: "AccessDeniedException" });
  } finally {
    member.destroy();
  }
});

test("a member account's role lists only that account's instances of the signed region", async () => {
  const credentials = await assumeMemberRole();
  const rds = rdsClient(sim, credentials, SECOND_REGION);
  let listed;
  try {
    listed = await rds.send(new DescribeDBInstancesCommand({ MaxRecords: 100 }));
  } finally {
    rds.destroy();
  }
  const fleet = await sim.fleet();
  const expected = fleet.instances
    .filter((instance) => instance.account_id === MEMBER && instance.region === SECOND_REGION)
    .map((instance) => instance.arn)
    .sort();
  const arns = listed.DBInstances.map((instance) => instance.DBInstanceArn).sort();
  assert.equal(arns.length, 5);
  assert.deepEqual(arns, expected);
  for (const arn of arns) assert.ok(arn.startsWith(`arn:aws:rds:${SECOND_REGION}:${MEMBER}:db:`), arn);

  // The management account's own keys see its own instances in the first region, none of the member's.
  const own = rdsClient(sim, EXPORTER, REGION);
  try {
    const mine = await own.send(new DescribeDBInstancesCommand({ MaxRecords: 100 }));
    assert.equal(mine.DBInstances.length, 5);
    for (const instance of mine.DBInstances) assert.ok(instance.DBInstanceArn.includes(`:${ACCOUNT_ID}:db:`));
  } finally {
    own.destroy();
  }
});
