// Fields an object has that its kind does not: what kubectl apply's strict field validation rejects (the default
// since kubectl 1.27) but a JSON schema check does not, since the Kubernetes OpenAPI schemas allow any extra
// property. A misspelt field (readinesProbe, nodeTaintPolicy) would otherwise pass here and fail on the cluster,
// or, worse, be dropped silently by an older kubectl.
//
// The kinds' fields are read from the TypeScript declarations that kubernetes-models and
// @kubernetes-models/prometheus-operator generate from the same OpenAPI schemas and CRDs as their validators,
// through TypeScript's own type checker.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const here = path.dirname(fileURLToPath(import.meta.url));
const entryFile = path.join(here, "strict_fields_entry.ts"); // never written: the compiler host serves it
const options = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler, // honours the packages' "exports" and their "types"
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
  skipLibCheck: true,
  types: [],
};

let specifiers = [];
let program;

// One program over the entry file, which re-exports every module asked for so far; a new module rebuilds it,
// reusing the files already parsed.
function checkerFor(specifier) {
  if (!program || !specifiers.includes(specifier)) {
    specifiers = [...specifiers, specifier];
    const entryText = specifiers.map((s, i) => `export * as m${i} from ${JSON.stringify(s)};`).join("\n");
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (file, version, ...rest) =>
      file === entryFile ? ts.createSourceFile(file, entryText, version) : getSourceFile.call(host, file, version, ...rest);
    host.fileExists = (file) => file === entryFile || fileExists.call(host, file);
    host.readFile = (file) => (file === entryFile ? entryText : readFile.call(host, file));
    program = ts.createProgram({ rootNames: [entryFile], options, host, oldProgram: program });
  }
  return program.getTypeChecker();
}

function declaredType(checker, specifier, interfaceName) {
  const entry = program.getSourceFile(entryFile);
  const declaration = entry.statements[specifiers.indexOf(specifier)];
  const module = checker.getSymbolAtLocation(declaration.moduleSpecifier);
  if (!module) throw new Error(`TypeScript cannot resolve ${specifier} from ${here}`);
  let symbol = checker.getExportsOfModule(module).find((s) => s.name === interfaceName);
  if (!symbol) throw new Error(`${specifier} declares no ${interfaceName}`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return checker.getDeclaredTypeOfSymbol(symbol);
}

function walk(checker, value, type, where, found) {
  if (value === null || typeof value !== "object") return;
  type = checker.getNonNullableType(type);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
  if (type.isUnion()) {
    const objectTypes = type.types.filter((t) => t.flags & ts.TypeFlags.Object);
    if (objectTypes.length !== 1) return; // several shapes: the schema's validator judges
    type = objectTypes[0];
  }
  if (Array.isArray(value)) {
    const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    if (element) value.forEach((item, i) => walk(checker, item, element, `${where}[${i}]`, found));
    return;
  }
  const stringIndex = checker.getIndexTypeOfType(type, ts.IndexKind.String);
  if (checker.getPropertiesOfType(type).length === 0 && !stringIndex) return; // an open object
  for (const [key, child] of Object.entries(value)) {
    const property = checker.getPropertyOfType(type, key);
    const childWhere = `${where}.${key}`;
    if (property) walk(checker, child, checker.getTypeOfSymbol(property), childWhere, found);
    else if (stringIndex) walk(checker, child, stringIndex, childWhere, found);
    else found.push(childWhere);
  }
}

// The paths (".spec.template.spec.containers[0].readinesProbe") of object's fields that the interface
// interfaceName of module specifier does not declare.
export function unknownFields(object, specifier, interfaceName) {
  const checker = checkerFor(specifier);
  const found = [];
  walk(checker, object, declaredType(checker, specifier, interfaceName), "", found);
  return found;
}
