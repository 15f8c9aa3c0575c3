// deploy/kubernetes: kustomize renders every overlay and the monitoring folder without a warning, every object is
// valid for its kind's schema, and the objects do what a user relies on.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import {
  exporterContainer,
  kubernetesDir,
  objectFiles,
  only,
  overlays,
  parseYamlStream,
  render,
  renderOverlay,
  schemaProblems,
} from "./manifests.mjs";

const monitoringDir = path.join(kubernetesDir, "monitoring");
const selectorLabels = { "app.kubernetes.io/name": "rds-exporter", "app.kubernetes.io/instance": "rds-exporter" };

async function assertValid(objects) {
  const problems = [];
  for (const object of objects) problems.push(...(await schemaProblems(object)));
  assert.deepEqual(problems, []);
}

function envValue(container, name) {
  const entries = (container.env ?? []).filter((e) => e.name === name);
  assert.equal(entries.length, 1, `env ${name} is set once`);
  return entries[0];
}

function podSecurity(deployment) {
  const pod = deployment.spec.template.spec.securityContext ?? {};
  const container = exporterContainer(deployment).securityContext ?? {};
  // A container's own setting wins over the pod's.
  const effective = (key) => (container[key] !== undefined ? container[key] : pod[key]);
  return { pod, container, effective };
}

function matches(selector, labels) {
  return Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) && !selector.matchExpressions;
}

describe("kustomize renders", () => {
  for (const dir of [...overlays.map((o) => path.join("overlays", o)), "monitoring"]) {
    test(`${dir} renders without warnings, and every object validates against its schema`, async () => {
      const { objects, stderr } = render(path.join(kubernetesDir, dir));
      assert.equal(stderr, "", "kubectl kustomize warns (a deprecated field?)");
      assert.ok(objects.length > 0);
      await assertValid(objects);
    });
  }

  test("every monitoring file validates, also those the kustomization leaves out (servicemonitor.yaml)", async () => {
    const files = objectFiles(monitoringDir);
    assert.ok(files.some((f) => f.file === "servicemonitor.yaml"));
    for (const { file, objects } of files) {
      assert.ok(objects.length > 0, `${file} holds an object`);
      for (const object of objects) {
        assert.equal(object.apiVersion, "monitoring.coreos.com/v1", `${file}: a Prometheus Operator object`);
      }
      await assertValid(objects);
    }
  });

  test("the schema check catches a misspelt field and a wrong type (the check itself works)", async () => {
    const deployment = structuredClone(only(renderOverlay("single"), "Deployment"));
    const container = exporterContainer(deployment);
    container.readinesProbe = container.readinessProbe;
    container.ports[0].containerPort = "9043";
    const problems = await schemaProblems(deployment);
    assert.ok(problems.some((p) => p.includes("readinesProbe")), problems.join("\n"));
    assert.ok(problems.some((p) => p.includes("containerPort")), problems.join("\n"));
  });
});

describe("what a user relies on", () => {
  const rendered = Object.fromEntries(overlays.map((o) => [o, renderOverlay(o)]));

  test("ha runs 3 replicas with coordination on, single 1 with it off", () => {
    for (const [overlay, replicas, coordination] of [
      ["ha", 3, "true"],
      ["single", 1, "false"],
    ]) {
      const deployment = only(rendered[overlay], "Deployment");
      assert.equal(deployment.spec.replicas, replicas, overlay);
      assert.deepEqual(envValue(exporterContainer(deployment), "APP_COORDINATION_ENABLED"), {
        name: "APP_COORDINATION_ENABLED",
        value: coordination,
      });
    }
  });

  test("each replica's Lease identity is its pod's name, and the Leases live in its namespace", () => {
    for (const overlay of overlays) {
      const container = exporterContainer(only(rendered[overlay], "Deployment"));
      for (const [name, field] of [
        ["POD_NAME", "metadata.name"],
        ["APP_COORDINATION_IDENTITY", "metadata.name"],
        ["APP_COORDINATION_NAMESPACE", "metadata.namespace"],
      ]) {
        assert.equal(envValue(container, name).valueFrom?.fieldRef?.fieldPath, field, `${overlay}: ${name}`);
      }
    }
  });

  test("the Role grants exactly get, list, create and update on Leases, to the pods' ServiceAccount", () => {
    for (const overlay of overlays) {
      const objects = rendered[overlay];
      const role = only(objects, "Role");
      assert.deepEqual(role.rules, [
        { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "list", "create", "update"] },
      ]);
      const binding = only(objects, "RoleBinding");
      const account = only(objects, "ServiceAccount");
      const deployment = only(objects, "Deployment");
      assert.deepEqual(binding.roleRef, { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name });
      assert.deepEqual(binding.subjects, [
        { kind: "ServiceAccount", name: account.metadata.name, namespace: deployment.metadata.namespace },
      ]);
      assert.equal(deployment.spec.template.spec.serviceAccountName, account.metadata.name);
      assert.notEqual(deployment.spec.template.spec.automountServiceAccountToken, false, "ha needs the token");
      assert.equal(objects.filter((o) => o.kind === "ClusterRole" || o.kind === "ClusterRoleBinding").length, 0);
    }
  });

  test("the ServiceAccount's IRSA annotation, once uncommented, is a valid role ARN; Pod Identity is explained", async () => {
    const source = readFileSync(path.join(kubernetesDir, "base", "serviceaccount.yaml"), "utf8");
    assert.match(source, /EKS Pod Identity: needs no annotation/);
    assert.match(source, /create-pod-identity-association/);
    const uncommented = source.replace(/^  # annotations:$/m, "  annotations:").replace(/^  # {3}(eks\.amazonaws\.com\/role-arn:)/m, "    $1");
    assert.notEqual(uncommented, source);
    const [account] = parseYamlStream(uncommented, "serviceaccount.yaml uncommented");
    assert.match(account.metadata.annotations["eks.amazonaws.com/role-arn"], /^arn:aws:iam::\d{12}:role\/[\w+=,.@-]+$/);
    assert.deepEqual(await schemaProblems(account), []);
  });

  test("probes: liveness on /-/healthy, readiness on /-/ready, both on the metrics port 9043", () => {
    for (const overlay of overlays) {
      const container = exporterContainer(only(rendered[overlay], "Deployment"));
      const port = container.ports.find((p) => p.containerPort === 9043);
      assert.ok(port, `${overlay}: container port 9043`);
      assert.equal(port.name, "http-metrics");
      for (const [probe, probePath] of [
        ["livenessProbe", "/-/healthy"],
        ["readinessProbe", "/-/ready"],
      ]) {
        const httpGet = container[probe]?.httpGet;
        assert.equal(httpGet?.path, probePath, `${overlay}: ${probe}`);
        assert.ok(httpGet.port === port.name || httpGet.port === 9043, `${overlay}: ${probe} port ${httpGet.port}`);
        assert.notEqual(httpGet.scheme, "HTTPS", "the image serves plain HTTP unless --web.config.file is given");
      }
      assert.equal(container.startupProbe, undefined);
    }
  });

  test("security context: non-root 10001:10001, read-only root, no privilege escalation, no capabilities, seccomp", () => {
    for (const overlay of overlays) {
      const deployment = only(rendered[overlay], "Deployment");
      const { effective, pod } = podSecurity(deployment);
      assert.equal(effective("runAsNonRoot"), true);
      assert.equal(effective("runAsUser"), 10001);
      assert.equal(effective("runAsGroup"), 10001);
      assert.equal(effective("readOnlyRootFilesystem"), true);
      assert.equal(effective("allowPrivilegeEscalation"), false);
      assert.notEqual(effective("privileged"), true);
      assert.deepEqual(effective("capabilities"), { drop: ["ALL"] });
      assert.equal((effective("seccompProfile") ?? pod.seccompProfile)?.type, "RuntimeDefault");
      const spec = deployment.spec.template.spec;
      for (const host of ["hostNetwork", "hostPID", "hostIPC"]) assert.notEqual(spec[host], true, host);
      // The namespace enforces the restricted Pod Security Standard, which the pod therefore has to meet.
      const namespace = only(rendered[overlay], "Namespace");
      assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
      assert.equal(deployment.metadata.namespace, namespace.metadata.name);
    }
  });

  test("resources: CPU and memory requested, memory limited above its request", () => {
    const parseMi = (q) => {
      const m = /^(\d+)(Mi|Gi)$/.exec(q);
      assert.ok(m, `memory quantity ${q} in Mi or Gi`);
      return Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
    };
    for (const overlay of overlays) {
      const { resources } = exporterContainer(only(rendered[overlay], "Deployment"));
      assert.ok(resources?.requests?.cpu, `${overlay}: cpu request`);
      assert.ok(parseMi(resources.limits.memory) >= parseMi(resources.requests.memory));
    }
  });

  test("the ConfigMap's production.yaml is mounted beside the image's default.yaml, and the exporter is told so", () => {
    for (const overlay of overlays) {
      const objects = rendered[overlay];
      const deployment = only(objects, "Deployment");
      const container = exporterContainer(deployment);
      const configMap = only(objects, "ConfigMap");
      assert.deepEqual(Object.keys(configMap.data), ["production.yaml"]);
      assert.equal(envValue(container, "RUN_MODE").value, "production");
      assert.ok(container.args.includes("--config-dir=/etc/rds_exporter/config"), container.args.join(" "));
      const volume = deployment.spec.template.spec.volumes.find((v) => v.configMap?.name === configMap.metadata.name);
      assert.ok(volume, `${overlay}: a volume of ConfigMap ${configMap.metadata.name}`);
      const mount = container.volumeMounts.find((m) => m.name === volume.name);
      // One file, so the image's default.yaml in the same folder stays visible.
      assert.equal(mount.mountPath, "/etc/rds_exporter/config/production.yaml");
      assert.equal(mount.subPath, "production.yaml");
      assert.equal(mount.readOnly, true);
      // The generated name's hash changes with the content, which is what rolls the pods on a change (a subPath
      // mount never sees a ConfigMap updated in place).
      assert.match(configMap.metadata.name, /^rds-exporter-config-[a-z0-9]{10}$/);
    }
  });

  test("the Service, the PodMonitor and the ServiceMonitor name the same port and select the exporter's pods", () => {
    const monitors = render(monitoringDir).objects;
    const alternatives = objectFiles(monitoringDir).flatMap((f) => f.objects);
    const podMonitor = only(monitors, "PodMonitor");
    assert.equal(monitors.filter((o) => o.kind === "ServiceMonitor").length, 0, "never both: every series twice");
    const serviceMonitor = only(alternatives, "ServiceMonitor");
    for (const overlay of overlays) {
      const objects = rendered[overlay];
      const deployment = only(objects, "Deployment");
      const podLabels = deployment.spec.template.metadata.labels;
      const service = only(objects, "Service");
      const servicePort = service.spec.ports.find((p) => p.port === 9043);
      assert.equal(servicePort.name, "http-metrics");
      assert.equal(servicePort.targetPort, exporterContainer(deployment).ports[0].name);
      assert.notEqual(service.spec.type, "LoadBalancer");
      assert.ok(Object.entries(service.spec.selector).every(([k, v]) => podLabels[k] === v));
      assert.ok(matches(deployment.spec.selector, podLabels));

      assert.equal(podMonitor.metadata.namespace, deployment.metadata.namespace);
      assert.ok(matches(podMonitor.spec.selector, podLabels));
      assert.deepEqual(podMonitor.spec.podMetricsEndpoints.map((e) => [e.port, e.path ?? "/metrics"]), [
        [servicePort.name, "/metrics"],
      ]);
      assert.ok(matches(serviceMonitor.spec.selector, service.metadata.labels));
      assert.deepEqual(serviceMonitor.spec.endpoints.map((e) => [e.port, e.path ?? "/metrics"]), [
        [servicePort.name, "/metrics"],
      ]);
      // Both give job="rds-exporter": the same alerts and dashboards work with either.
      assert.equal(podLabels[podMonitor.spec.jobLabel], "rds-exporter");
      assert.equal(service.metadata.labels[serviceMonitor.spec.jobLabel], "rds-exporter");
    }
  });

  test("every object selecting the pods selects them, and carries the recommended labels", () => {
    for (const overlay of overlays) {
      const objects = rendered[overlay];
      const podLabels = only(objects, "Deployment").spec.template.metadata.labels;
      assert.ok(matches({ matchLabels: selectorLabels }, podLabels));
      assert.ok(matches(only(objects, "PodDisruptionBudget").spec.selector, podLabels));
      assert.ok(matches(only(objects, "NetworkPolicy").spec.podSelector, podLabels));
      for (const object of objects.filter((o) => o.kind !== "Namespace")) {
        for (const label of ["name", "instance", "component", "part-of", "managed-by"]) {
          assert.ok(object.metadata.labels?.[`app.kubernetes.io/${label}`], `${object.kind}: app.kubernetes.io/${label}`);
        }
      }
    }
  });

  test("PodDisruptionBudget: a drain takes one replica at a time, and never blocks on a single one", () => {
    for (const [overlay, replicas] of [
      ["ha", 3],
      ["single", 1],
    ]) {
      const { spec } = only(rendered[overlay], "PodDisruptionBudget");
      const allowed = spec.maxUnavailable !== undefined ? spec.maxUnavailable : replicas - spec.minAvailable;
      assert.equal(allowed, 1, overlay);
    }
  });

  test("ha spreads its replicas over nodes and zones; single needs no spread", () => {
    const spec = only(rendered.ha, "Deployment").spec.template.spec;
    const podLabels = only(rendered.ha, "Deployment").spec.template.metadata.labels;
    const keys = (spec.topologySpreadConstraints ?? []).map((c) => {
      assert.ok(matches(c.labelSelector, podLabels), `${c.topologyKey} counts the exporter's pods`);
      return c.topologyKey;
    });
    assert.deepEqual(keys.sort(), ["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
    assert.equal(only(rendered.single, "Deployment").spec.template.spec.topologySpreadConstraints, undefined);
  });

  test("NetworkPolicy: in only to 9043; out only DNS, HTTPS (AWS, API server) and the credential endpoints", () => {
    for (const overlay of overlays) {
      const objects = rendered[overlay];
      const policy = only(objects, "NetworkPolicy");
      assert.deepEqual(policy.spec.policyTypes, ["Ingress", "Egress"]);
      const container = exporterContainer(only(objects, "Deployment"));
      const portNumber = (p) => (typeof p === "number" ? p : container.ports.find((c) => c.name === p)?.containerPort);
      const ingressPorts = policy.spec.ingress.flatMap((r) => r.ports ?? [{ port: "any" }]).map((p) => portNumber(p.port));
      assert.deepEqual([...new Set(ingressPorts)], [9043]);
      const egress = policy.spec.egress.flatMap((rule) =>
        (rule.ports ?? [{ port: "any" }]).map((p) => ({ port: p.port, protocol: p.protocol ?? "TCP", to: rule.to })),
      );
      const allows = (port, protocol) => egress.some((e) => e.port === port && e.protocol === protocol);
      assert.ok(allows(53, "UDP") && allows(53, "TCP"), "DNS");
      assert.ok(allows(443, "TCP"), "HTTPS to AWS and the API server");
      const linkLocal = egress.filter((e) => e.port === 80).flatMap((e) => e.to.map((t) => t.ipBlock.cidr));
      assert.ok(linkLocal.includes("169.254.170.23/32"), "the EKS Pod Identity agent");
      assert.ok(linkLocal.includes("169.254.169.254/32"), "EC2 instance metadata");
      assert.deepEqual(
        egress.map((e) => e.port).filter((p) => ![53, 80, 443, 6443].includes(p)),
        [],
        "no other port",
      );
    }
  });
});

test("deploy/kubernetes/README.md gives the one command, and every path it lists exists", () => {
  const readme = readFileSync(path.join(kubernetesDir, "README.md"), "utf8");
  assert.match(readme, /^kubectl apply -k deploy\/kubernetes\/overlays\/ha$/m);
  const listed = [...readme.matchAll(/^\| `([^`]+)`(?:, `([^`]+)`)? \|/gm)].flatMap((m) => m.slice(1).filter(Boolean));
  assert.ok(listed.length >= 10, `the README's table lists ${listed.length} paths`);
  for (const listedPath of listed) assert.ok(existsSync(path.join(kubernetesDir, listedPath)), listedPath);
});
