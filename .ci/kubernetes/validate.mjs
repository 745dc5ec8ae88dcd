// CI's fallback when kubernetes-validate cannot be installed (it comes from PyPI, which this machine may not reach):
// each document of each file is checked against kubernetes-models' schemas of the Kubernetes API (types, required
// fields, enums, formats). Unlike `kubernetes-validate --strict` it does not reject unknown fields.
// Usage: node validate.mjs FILE...; prints one line per document, exits 1 if any is invalid.
import { readFileSync } from "node:fs";
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
process.exit(failed > 0 ? 1 : 0);
