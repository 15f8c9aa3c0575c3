// The configuration each overlay's pod would run with, judged by the exporter itself: rds_exporter --check-config
// with the image's default.yaml (config/ of this tree), the rendered ConfigMap's production.yaml, and the
// container's args and environment. The binary knows every key: an unknown key in the file is an error there,
// and an APP_* variable naming no key (which the exporter ignores) is caught here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";

import { exporterContainer, only, overlays, renderOverlay, repoRoot } from "./manifests.mjs";

const binary = process.env.RDS_EXPORTER_BINARY;
if (!binary) throw new Error("RDS_EXPORTER_BINARY is not set: run the tests through run.sh");

const scratch = mkdtempSync(path.join(tmpdir(), "deploy-config-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// What the downward API would give the pod.
const fieldValues = { "metadata.name": "rds-exporter-7d9c5b6f4-x2k8q", "metadata.namespace": "rds-exporter" };

function containerEnvironment(container) {
  const environment = {};
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) environment[entry.name] = entry.value;
    else if (entry.valueFrom?.fieldRef) environment[entry.name] = fieldValues[entry.valueFrom.fieldRef.fieldPath];
    else throw new Error(`env ${entry.name}: a source this test cannot stand in for`);
  }
  assert.equal(container.envFrom, undefined);
  return environment;
}

// rds_exporter --check-config as the pod would start it: its args, with --config-dir pointed at a copy of the
// config folder the image would have, and its environment alone.
function checkConfig(overlay) {
  const objects = renderOverlay(overlay);
  const container = exporterContainer(only(objects, "Deployment"));
  const configMap = only(objects, "ConfigMap");
  const configDir = path.join(scratch, overlay, "config");
  mkdirSync(configDir, { recursive: true });
  copyFileSync(path.join(repoRoot, "config", "default.yaml"), path.join(configDir, "default.yaml"));
  writeFileSync(path.join(configDir, "production.yaml"), configMap.data["production.yaml"]);
  const args = (container.args ?? []).map((a) => (a.startsWith("--config-dir=") ? `--config-dir=${configDir}` : a));
  assert.ok(args.some((a) => a.startsWith("--config-dir=")), "the container names its config dir");
  const environment = containerEnvironment(container);
  const result = spawnSync(binary, [...args, "--check-config"], {
    encoding: "utf8",
    env: { PATH: "/usr/bin:/bin", HOME: path.join(scratch, overlay), ...environment },
  });
  if (result.error) throw result.error;
  return { result, configDir, configMap, environment };
}

// --check-config's table after its first line: key, value, where it came from; the AWS SDK settings follow it.
function effectiveConfig(stdout) {
  const keys = new Map();
  for (const line of stdout.split("\n").slice(1)) {
    const match = /^(\S+)\s+(.*?)\s{2,}(\S.*)$/.exec(line);
    if (!match) break;
    keys.set(match[1], { value: match[2], source: match[3] });
  }
  return keys;
}

// Leaf paths of a YAML mapping that are keys, given the keys the exporter knows (some keys take a mapping).
function yamlKeys(mapping, known, prefix = "") {
  return Object.entries(mapping ?? {}).flatMap(([key, value]) => {
    const name = prefix + key;
    if (known.has(name) || value === null || typeof value !== "object" || Array.isArray(value)) return [name];
    return yamlKeys(value, known, `${name}.`);
  });
}

describe("each overlay's pod configuration, judged by rds_exporter --check-config", () => {
  for (const overlay of overlays) {
    test(`${overlay}: valid, every key and APP_* variable is the exporter's, coordination as the overlay says`, () => {
      const { result, configDir, configMap, environment } = checkConfig(overlay);
      assert.equal(result.status, 0, `--check-config exited ${result.status}:\n${result.stderr}${result.stdout}`);
      assert.match(result.stdout.split("\n")[0], new RegExp(`config dir: ${configDir}.*RUN_MODE: production`, "i"));
      const keys = effectiveConfig(result.stdout);
      assert.ok(keys.size > 40, `--check-config listed ${keys.size} keys`);

      // The ConfigMap's file parses, each of its keys is one the exporter knows, and its values are the ones used.
      const file = parse(configMap.data["production.yaml"]);
      const production = path.join(configDir, "production.yaml");
      for (const key of yamlKeys(file, keys)) {
        assert.ok(keys.has(key), `production.yaml sets ${key}, which the exporter does not know`);
        assert.match(keys.get(key).source, new RegExp(`^${production}:\\d+$`), key);
      }
      assert.equal(keys.get("log.format").value, "json");

      // An APP_* variable is the key in upper case with . as _: one that names no key is ignored by the exporter.
      const byVariable = new Map([...keys.keys()].map((k) => [`APP_${k.toUpperCase().replaceAll(".", "_")}`, k]));
      for (const variable of Object.keys(environment).filter((v) => v.startsWith("APP_"))) {
        assert.ok(byVariable.has(variable), `${variable} names no key this rds_exporter knows`);
        assert.equal(keys.get(byVariable.get(variable)).source, `env ${variable}`, variable);
      }

      const coordination = keys.get("coordination.enabled");
      assert.ok(coordination, "the exporter has no coordination.enabled (issue 18's Lease keys)");
      assert.equal(coordination.value, overlay === "ha" ? "true" : "false");
      assert.equal(keys.get("coordination.identity").value, fieldValues["metadata.name"]);
      assert.equal(keys.get("coordination.namespace").value, fieldValues["metadata.namespace"]);
    });
  }
});
