// Authentication and authorisation failures as the SDK reports them: the error's name is AWS's code and
// $metadata carries the HTTP status, which is what code using the SDK branches on.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { describeInstancesAs } from "./aws_clients.mjs";
import { ACCOUNT_ID, EXPORTER, NO_RIGHTS, REGION, startRdsSim } from "./rds_sim.mjs";

let sim;

before(async () => {
  sim = await startRdsSim("--generate", "30");
});

after(async () => {
  await sim?.stop();
});

function describeAs(credentials) {
  return describeInstancesAs(sim, credentials, { MaxRecords: 20 });
}

function sdkError(name, httpStatusCode, message) {
  return (error) => {
    assert.equal(error.name, name, error.message);
    assert.equal(error.$metadata?.httpStatusCode, httpStatusCode);
    if (typeof message === "string") assert.equal(error.message, message);
    else if (message) assert.match(error.message, message);
    return true;
  };
}

test("a wrong secret is SignatureDoesNotMatch, 403, and the SDK does not retry it", async () => {
  await sim.resetStats();
  await assert.rejects(
    describeAs({ ...EXPORTER, secretAccessKey: "not-the-secret" }),
    sdkError("SignatureDoesNotMatch", 403, /^The request signature we calculated does not match/),
  );
  // The SDK retries a signature error only after correcting its clock from the answer's Date header.
  assert.equal(await sim.count("rds", "DescribeDBInstances", "SignatureDoesNotMatch"), 1);
});

test("an unknown access key is InvalidClientTokenId, 403", async () => {
  await assert.rejects(
    describeAs({ accessKeyId: "AKIAUNKNOWNKEY000001", secretAccessKey: "whatever" }),
    sdkError("InvalidClientTokenId", 403, "The security token included in the request is invalid."),
  );
});

test("a principal without rds rights is AccessDenied, 403, naming itself and the action", async () => {
  await assert.rejects(
    describeAs(NO_RIGHTS),
    sdkError(
      "AccessDenied",
      403,
      `User: arn:aws:iam::${ACCOUNT_ID}:user/no-rights is not authorized to perform: rds:DescribeDBInstances ` +
        `on resource: arn:aws:rds:${REGION}:${ACCOUNT_ID}:db:* because no identity-based policy allows the ` +
        "rds:DescribeDBInstances action",
    ),
  );
});

test("the right secret works", async () => {
  const answer = await describeAs(EXPORTER);
  assert.equal(answer.DBInstances.length, 20);
});
