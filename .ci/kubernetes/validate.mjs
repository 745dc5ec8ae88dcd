// CI's fallback when kubernetes-validate cannot be installed (it comes from PyPI, which this machine may not reach):
// each document of each file is checked against kubernetes-models' schemas of the Kubernetes API (types, required
// fields, enums, formats), then every field against kubernetes-types' definitions (unknown fields are errors, as with
// `kubernetes-validate --strict`).
// Usage: node validate.mjs FILE...; prints one line per document, exits 1 if any is invalid.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

let failed = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      console.log(`ERROR ${file}: not valid YAML: ${doc.errors.map(e => e.message).join("; ")}`);
      failed++;
      continue;
    }
    const resource = doc.toJS();
    if (resource === null) continue;
    const { apiVersion, kind } = resource;
    const [group, version] = apiVersion?.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    let model;
    try {
      model = (await import(`kubernetes-models/${group ? `${group}/` : ""}${version}/${kind}`))[kind];
    } catch {
      console.log(`ERROR ${file}: ${kind} ${apiVersion} is not a known Kubernetes resource`);
      failed++;
      continue;
    }
    try {
      new model(resource).validate();
      console.log(`INFO ${file}: ${kind} ${resource.metadata?.name} is valid`);
    } catch (e) {
      console.log(`ERROR ${file}: ${kind} ${resource.metadata?.name}: ${e.message}`);
      failed++;
    }
  }
}
// Unknown fields, which the schemas above let through: each document becomes a TypeScript object literal typed with
// kubernetes-types' definition of its kind, and the compiler's excess-property check reports any field the Kubernetes
// API does not have (a misspelt `readinessProbes`, a field at the wrong level), as `kubernetes-validate --strict` would.
const ts = (await import("typescript")).default;
const lines = [];
const sources = [];
for (const file of process.argv.slice(2)) {
  parseAllDocuments(readFileSync(file, "utf8")).forEach((doc, index) => {
    const resource = doc.errors.length === 0 ? doc.toJS() : null;
    if (!resource?.kind || !resource.apiVersion) return;
    const [group, version] = resource.apiVersion.includes("/") ? resource.apiVersion.split("/") : ["core", resource.apiVersion];
    const module = `kubernetes-types/${group.split(".")[0]}/${version}`;
    const name = `T${sources.length}`;
    lines.push(`import type { ${resource.kind} as ${name} } from "${module}";`);
    sources.push(`// ${file}, document ${index + 1}\nexport const d${sources.length}: ${name} = ${JSON.stringify(resource, null, 2)};`);
  });
}
const checked = join(dirname(fileURLToPath(import.meta.url)), "manifests.generated.ts");
writeFileSync(checked, lines.join("\n") + "\n" + sources.join("\n") + "\n");
const program = ts.createProgram([checked], { noEmit: true, strict: true, skipLibCheck: true, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] });
const diagnostics = ts.getPreEmitDiagnostics(program);
for (const d of diagnostics) {
  const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
  const text = d.file?.text ?? "";
  const header = where ? text.slice(0, d.start).split("\n").reverse().find(l => l.startsWith("// ")) : null;
  console.log(`ERROR ${header ? header.slice(3) : "manifests"}${where ? ` (generated line ${where.line + 1})` : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
  failed++;
}
if (diagnostics.length === 0) console.log(`INFO no unknown fields (kubernetes-types ${JSON.parse(readFileSync(new URL(import.meta.resolve("kubernetes-types/package.json")), "utf8")).version})`);
process.exit(failed > 0 ? 1 : 0);
