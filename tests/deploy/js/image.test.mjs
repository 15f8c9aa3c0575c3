// The container image (Dockerfile's last stage) and the manifests agree: user, config folder, RUN_MODE, port, the
// way arguments reach the binary; and the image carries its OCI labels and a liveness HEALTHCHECK.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";

import { exporterContainer, kubernetesDir, only, overlays, renderOverlay, repoRoot } from "./manifests.mjs";

// The instructions of the Dockerfile's last stage: continuation lines joined, comments dropped.
function finalStage() {
  const text = readFileSync(path.join(repoRoot, "Dockerfile"), "utf8");
  const lines = text
    .split("\n")
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\\n/g, " ")
    .split("\n")
    .filter((line) => line.trim() !== "");
  const instructions = lines.map((line) => {
    const [, keyword, rest] = /^\s*(\S+)\s*(.*)$/.exec(line);
    return { keyword: keyword.toUpperCase(), rest: rest.trim() };
  });
  const from = instructions.findLastIndex((i) => i.keyword === "FROM");
  return instructions.slice(from);
}

function instruction(stage, keyword) {
  const found = stage.filter((i) => i.keyword === keyword);
  assert.equal(found.length, 1, `one ${keyword} in the Dockerfile's last stage`);
  return found[0].rest;
}

function labels(stage) {
  const result = {};
  for (const { rest } of stage.filter((i) => i.keyword === "LABEL")) {
    for (const [, key, value] of rest.matchAll(/([\w.-]+)="([^"]*)"/g)) result[key] = value;
  }
  return result;
}

function argDefaults(stage) {
  return Object.fromEntries(
    stage.filter((i) => i.keyword === "ARG").map((i) => {
      const [name, ...value] = i.rest.split("=");
      return [name, value.join("=")];
    }),
  );
}

describe("the container image", () => {
  const stage = finalStage();
  const deployments = overlays.map((o) => only(renderOverlay(o), "Deployment"));

  test("carries the OCI labels, its version from a build ARG that matches the project's and the manifests'", () => {
    const found = labels(stage);
    const oci = (key) => found[`org.opencontainers.image.${key}`];
    for (const key of ["title", "description", "vendor"]) assert.ok(oci(key), key);
    assert.equal(oci("licenses"), "MIT");
    assert.match(readFileSync(path.join(repoRoot, "LICENSE"), "utf8"), /^MIT License/);
    for (const [key, arg] of [
      ["version", "VERSION"],
      ["revision", "REVISION"],
      ["created", "CREATED"],
      ["source", "SOURCE"],
      ["url", "SOURCE"],
      ["documentation", "SOURCE"],
    ]) {
      assert.equal(oci(key), `\${${arg}}`, `${key} comes from the build ARG ${arg}`);
    }
    const args = argDefaults(stage);
    for (const arg of ["VERSION", "REVISION", "CREATED", "SOURCE"]) assert.ok(arg in args, `ARG ${arg}`);
    const project = /project\(rds_exporter VERSION (\S+)/.exec(readFileSync(path.join(repoRoot, "CMakeLists.txt"), "utf8"));
    assert.equal(args.VERSION, project[1], "ARG VERSION's default is the CMake project's version");
    const kustomization = parse(readFileSync(path.join(kubernetesDir, "base", "kustomization.yaml"), "utf8"));
    const image = kustomization.images.find((i) => i.name === "rds_exporter");
    assert.equal(image.newTag, project[1], "the manifests run the image of this version");
    for (const deployment of deployments) {
      assert.equal(exporterContainer(deployment).image, `rds_exporter:${project[1]}`);
    }
  });

  test("its HEALTHCHECK is liveness (/-/healthy), never /health, which an AWS outage turns 503", () => {
    const healthcheck = instruction(stage, "HEALTHCHECK");
    assert.match(healthcheck, /\/-\/healthy/);
    assert.doesNotMatch(healthcheck, /\/health\b/);
    assert.match(healthcheck, /9043/);
  });

  test("runs as 10001:10001, which the manifests' securityContext names", () => {
    assert.equal(instruction(stage, "USER"), "10001:10001");
    const run = stage.filter((i) => i.keyword === "RUN").map((i) => i.rest).join(" ");
    assert.match(run, /groupadd [^&]*--gid 10001/);
    assert.match(run, /useradd [^&]*--uid 10001 --gid 10001/);
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec.securityContext;
      assert.equal(pod.runAsUser, 10001);
      assert.equal(pod.runAsGroup, 10001);
    }
  });

  test("its config folder, RUN_MODE, port and entrypoint are the ones the Deployment relies on", () => {
    const copy = stage.filter((i) => i.keyword === "COPY" && /^config\s/.test(i.rest));
    assert.equal(copy.length, 1);
    const configDir = copy[0].rest.split(/\s+/)[1];
    assert.equal(configDir, "/etc/rds_exporter/config");
    assert.equal(instruction(stage, "ENV"), "RUN_MODE=production");
    assert.equal(instruction(stage, "EXPOSE"), "9043");
    const entrypoint = JSON.parse(instruction(stage, "ENTRYPOINT"));
    assert.deepEqual(entrypoint, ["/usr/local/bin/rds_exporter"]);
    for (const deployment of deployments) {
      const container = exporterContainer(deployment);
      // args, not command: they follow the image's ENTRYPOINT.
      assert.equal(container.command, undefined);
      assert.ok(container.args.includes(`--config-dir=${configDir}`));
      assert.equal(container.env.find((e) => e.name === "RUN_MODE").value, "production");
      assert.ok(container.volumeMounts.some((m) => m.mountPath === `${configDir}/production.yaml`));
      assert.ok(container.ports.some((p) => p.containerPort === 9043));
    }
  });
});
