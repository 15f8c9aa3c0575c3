// Runs rds_sim for a contract test file: on a free loopback port, stopped after the file's tests whatever
// happened, with every wait bounded so that a hang fails the test instead of stalling the suite.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REGION = "ap-northeast-2";
export const ACCOUNT_ID = "123456789012";

// The standard principals of every generated fleet (sim/fleet/standard_principals.cpp): test values, not secrets.
export const EXPORTER = {
  accessKeyId: "AKIARDSSIMEXPORTER01",
  secretAccessKey: "rdssimExporterSecretKey0000000000000001",
};
export const EXPORTER_STS = {
  accessKeyId: "ASIARDSSIMEXPORTER01",
  secretAccessKey: "rdssimExporterSessionSecretKey000000001",
  sessionToken: "rdssim-session-token-valid",
};
// May call sts:AssumeRole only; the standard roles trust it (sim/fleet/standard_credential_sources.cpp).
export const ASSUMER = {
  accessKeyId: "AKIARDSSIMASSUMER001",
  secretAccessKey: "rdssimAssumerSecretKey00000000000000001",
};
export const NO_RIGHTS = {
  accessKeyId: "AKIARDSSIMNORIGHTS01",
  secretAccessKey: "rdssimNoRightsSecretKey0000000000000001",
};

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;
const ADMIN_TIMEOUT_MS = 5_000;
const LISTENING_PREFIX = "rds_sim listening on ";

// The SDK reads profiles, credentials, endpoints and instance metadata from the environment and ~/.aws; a test
// must see none of the developer's. Runs once, when the first test file imports this module.
function isolateFromHostAwsConfig() {
  for (const name of Object.keys(process.env)) {
    if (name.startsWith("AWS_")) delete process.env[name];
  }
  const home = mkdtempSync(join(tmpdir(), "rds_sim_contract_js_"));
  process.env.HOME = home;
  process.env.AWS_CONFIG_FILE = join(home, "no-aws-config");
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, "no-aws-credentials");
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  // The pinned SDK supports node 20; its warning is about releases after it, and would only clutter the log.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  process.on("exit", () => rmSync(home, { recursive: true, force: true }));
}
isolateFromHostAwsConfig();

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Resolves with the URL from rds_sim's first stdout line; rejects with its stderr if it exits first.
function listeningUrl(child) {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      const line = stdout.slice(0, newline);
      if (line.startsWith(LISTENING_PREFIX)) resolve(line.slice(LISTENING_PREFIX.length).trim());
      else reject(new Error(`rds_sim printed ${JSON.stringify(line)} instead of its listening line`));
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      reject(new Error(`rds_sim exited (${code ?? signal}) before listening: ${stderr}`));
    });
  });
}

// Starts `RDS_SIM_BINARY --port 0 ...args` and resolves once it listens.
export async function startRdsSim(...args) {
  const binary = process.env.RDS_SIM_BINARY;
  if (!binary) throw new Error("RDS_SIM_BINARY must name the rds_sim binary");
  const child = spawn(binary, ["--port", "0", ...args], {
    env: { PATH: "/usr/bin:/bin" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Should the test process end without reaching stop() (an uncaught error), the simulator must not outlive it.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  try {
    const url = await withTimeout(listeningUrl(child), START_TIMEOUT_MS, "rds_sim's start");
    return new RdsSim(url, child, exited, killOnExit);
  } catch (error) {
    child.kill("SIGKILL");
    process.off("exit", killOnExit);
    throw error;
  }
}

class RdsSim {
  constructor(url, child, exited, killOnExit) {
    this.url = url;
    this.child = child;
    this.exited = exited;
    this.killOnExit = killOnExit;
  }

  // SIGTERM must end rds_sim cleanly (exit code 0) and quickly; it is killed either way.
  async stop() {
    this.child.kill("SIGTERM");
    try {
      const { code, signal } = await withTimeout(this.exited, STOP_TIMEOUT_MS, "rds_sim's stop after SIGTERM");
      if (code !== 0) throw new Error(`rds_sim exited with ${code ?? signal} after SIGTERM`);
    } finally {
      this.child.kill("SIGKILL");
      process.off("exit", this.killOnExit);
    }
  }

  // The simulator's own JSON API under /_sim/ (sim/README.md, "Admin API"); `body`, when given, is sent as JSON.
  async admin(path, method = "GET", body = undefined) {
    const init = { method, signal: AbortSignal.timeout(ADMIN_TIMEOUT_MS) };
    if (body !== undefined) init.body = JSON.stringify(body);
    const response = await fetch(this.url + path, init);
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status}`);
    return response.json();
  }

  fleet() {
    return this.admin("/_sim/fleet");
  }

  resetStats() {
    return this.admin("/_sim/reset", "POST");
  }

  // How many requests for `operation` of `service` (its SigV4 signing name) ended in `outcome`.
  async count(service, operation, outcome = "200") {
    const stats = await this.admin("/_sim/stats");
    return stats.requests?.[service]?.[operation]?.[outcome] ?? 0;
  }
}
