// What the tests of deploy/kubernetes share: kustomize's output as objects, and the schemas that judge them.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";

import { unknownFields } from "./strict_fields.mjs";

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through run.sh`);
  return value;
}

export const repoRoot = required("REPO_ROOT");
export const kubectl = required("KUBECTL");
export const kubernetesDir = path.join(repoRoot, "deploy", "kubernetes");
export const overlays = ["single", "ha"];

// Every document of a YAML stream, as plain objects; a syntax error anywhere throws.
export function parseYamlStream(text, where) {
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const objects = [];
  for (const document of documents) {
    if (document.errors.length > 0) throw new Error(`${where}: ${document.errors.join("; ")}`);
    const object = document.toJS();
    if (object !== null) objects.push(object);
  }
  return objects;
}

// kubectl kustomize DIR: the objects it renders, and what it said on stderr (a deprecated field is a warning there).
export function render(dir) {
  const result = spawnSync(kubectl, ["kustomize", dir], { encoding: "utf8" });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`kubectl kustomize ${dir} exited ${result.status}: ${result.stderr}`);
  return { objects: parseYamlStream(result.stdout, `kubectl kustomize ${dir}`), stderr: result.stderr };
}

export function renderOverlay(name) {
  return render(path.join(kubernetesDir, "overlays", name)).objects;
}

// The YAML files of a folder that are Kubernetes objects (not its kustomization.yaml), parsed.
export function objectFiles(dir) {
  return readdirSync(dir)
    .filter((file) => /\.ya?ml$/.test(file) && !/^kustomization\.ya?ml$/.test(file))
    .sort()
    .map((file) => ({ file, objects: parseYamlStream(readFileSync(path.join(dir, file), "utf8"), file) }));
}

export function only(objects, kind) {
  const found = objects.filter((object) => object.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, rendered ${found.length}`);
  return found[0];
}

export function exporterContainer(deployment) {
  const containers = deployment.spec.template.spec.containers;
  const container = containers.find((c) => c.name === "rds-exporter");
  if (!container) throw new Error(`no container rds-exporter in Deployment ${deployment.metadata.name}`);
  return container;
}

// The model class (kubernetes-models, @kubernetes-models/prometheus-operator) of an apiVersion and kind: its
// validate() checks the object against the OpenAPI schema the API server publishes (or the CRD's).
const modelModules = {
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

async function modelModule(apiVersion) {
  const specifier = modelModules[apiVersion] ?? `kubernetes-models/${apiVersion}`;
  try {
    return { specifier, module: await import(specifier) };
  } catch (error) {
    throw new Error(`no schema for apiVersion ${apiVersion} (${specifier}): ${error.message}`);
  }
}

// Problems of one object: schema violations, and fields the schema does not have (which kubectl apply rejects:
// its field validation is strict by default, while the OpenAPI schemas allow any extra property).
export async function schemaProblems(object) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const { specifier, module } = await modelModule(object.apiVersion);
  const Model = module[object.kind];
  if (typeof Model !== "function") return [`${name}: ${specifier} has no kind ${object.kind}`];
  const problems = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
  for (const field of unknownFields(object, specifier, `I${object.kind}`)) problems.push(`${name}: unknown field ${field}`);
  return problems;
}
