// SDK clients aimed at one rds_sim, configured entirely here so that nothing comes from the host: explicit
// credentials, region and endpoint.

import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { PIClient } from "@aws-sdk/client-pi";
import { DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { STSClient } from "@aws-sdk/client-sts";
import { EXPORTER, REGION } from "./rds_sim.mjs";

// The SDK's default retry settings stay, as users have them: a test that counts requests notices a retry. The
// SDK waits forever by default; a simulator that hangs must fail the test instead.
function clientConfig(sim, credentials, region) {
  const requestHandler = { connectionTimeout: 5_000, requestTimeout: 10_000 };
  return { endpoint: sim.url, region, credentials, requestHandler };
}

export function rdsClient(sim, credentials = EXPORTER, region = REGION) {
  return new RDSClient(clientConfig(sim, credentials, region));
}

export function cloudWatchClient(sim, credentials = EXPORTER, region = REGION) {
  return new CloudWatchClient(clientConfig(sim, credentials, region));
}

export function logsClient(sim, credentials = EXPORTER, region = REGION) {
  return new CloudWatchLogsClient(clientConfig(sim, credentials, region));
}

export function piClient(sim, credentials = EXPORTER, region = REGION) {
  return new PIClient(clientConfig(sim, credentials, region));
}

// Organizations has one endpoint, signed for us-east-1.
export function organizationsClient(sim, credentials = EXPORTER) {
  return new OrganizationsClient(clientConfig(sim, credentials, "us-east-1"));
}

export function stsClient(sim, credentials = EXPORTER, region = REGION) {
  return new STSClient(clientConfig(sim, credentials, region));
}

// One DescribeDBInstances call as `credentials`, from a client of its own.
export async function describeInstancesAs(sim, credentials, input = {}) {
  const rds = rdsClient(sim, credentials);
  try {
    return await rds.send(new DescribeDBInstancesCommand(input));
  } finally {
    rds.destroy();
  }
}

// Records the headers and body of every request `client` sends, as serialised by the SDK's protocol.
export function recordRequests(client) {
  const requests = [];
  client.middlewareStack.add(
    (next) => async (args) => {
      requests.push({ headers: { ...args.request.headers }, body: args.request.body });
      return next(args);
    },
    { step: "build", priority: "low", name: "recordRequests" },
  );
  return requests;
}
