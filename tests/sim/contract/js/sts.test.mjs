// STS through @aws-sdk/client-sts: who the caller is, and AssumeRole's temporary credentials, which must then
// work with RDS as the exporter uses them when configured with a role. ASSUMER itself may not call RDS, so the
// listing proves the role's rights came with the credentials.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describeInstancesAs, stsClient } from "./aws_clients.mjs";
import { ACCOUNT_ID, ASSUMER, EXPORTER, EXPORTER_STS, startRdsSim } from "./rds_sim.mjs";

// A standard role with the exporter's policy, which trusts ASSUMER.
const ROLE_ARN = `arn:aws:iam::${ACCOUNT_ID}:role/rds-exporter-role`;

let sim;

before(async () => {
  sim = await startRdsSim("--generate", "30");
});

after(async () => {
  await sim?.stop();
});

async function callerIdentity(credentials) {
  const sts = stsClient(sim, credentials);
  try {
    return await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.destroy();
  }
}

test("GetCallerIdentity names the user, or the assumed role of temporary keys", async () => {
  const user = await callerIdentity(EXPORTER);
  assert.equal(user.Account, ACCOUNT_ID);
  assert.equal(user.Arn, `arn:aws:iam::${ACCOUNT_ID}:user/rds-exporter`);
  const session = await callerIdentity(EXPORTER_STS);
  assert.equal(session.Account, ACCOUNT_ID);
  assert.equal(session.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/rds-exporter/rds-exporter-sts`);
});

test("AssumeRole's temporary credentials list the fleet's instances", async () => {
  const sts = stsClient(sim, ASSUMER);
  const durationSeconds = 900;
  const requested = Date.now();
  let assumed;
  try {
    assumed = await sts.send(
      new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: "js-contract", DurationSeconds: durationSeconds }),
    );
  } finally {
    sts.destroy();
  }
  const { Credentials: credentials, AssumedRoleUser: roleUser } = assumed;
  assert.equal(roleUser.Arn, `arn:aws:sts::${ACCOUNT_ID}:assumed-role/rds-exporter-role/js-contract`);
  assert.match(credentials.AccessKeyId, /^ASIA[A-Z0-9]{12,}$/, "temporary keys start with ASIA");
  assert.ok(credentials.SecretAccessKey && credentials.SessionToken);
  const lifetime = (credentials.Expiration.getTime() - requested) / 1000;
  assert.ok(Math.abs(lifetime - durationSeconds) <= 60, `expires in ${lifetime} s, asked for ${durationSeconds}`);

  const temporary = {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
  await assert.rejects(describeInstancesAs(sim, ASSUMER), { name: "AccessDenied" });
  assert.equal((await describeInstancesAs(sim, temporary)).DBInstances.length, 30);
  assert.equal((await callerIdentity(temporary)).Arn, roleUser.Arn);
});
