// ajv's verdicts for tests/test_engines.py, in one process for every document.
//
// stdin: {"schemas": [schema, ...], "documents": [[schema $id, document], ...]}
// stdout: [[valid, first error or null], ...], one entry per document, in order.
// Schemas are added by their $id, so a $ref between files resolves offline; ajv fetches nothing.

import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const batch = JSON.parse(readFileSync(0, "utf8"));
// Strict, except two checks of authoring style that the exported schemas do not follow and that change
// no verdict: a keyword under `then` without its `type` beside it (strictTypes), and a `required` key
// that the same subschema does not declare under `properties` (strictRequired).
const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false });
addFormats(ajv);
// Treaty's rule vocabulary (docs/rules-vocabulary.md): annotations to every engine but Treaty. Declaring
// them is what an ajv user does too; strict mode refuses unknown keywords otherwise.
ajv.addVocabulary([
  "x-treaty-rule",
  "x-treaty-should",
  "x-treaty-uniqueBy",
  "x-treaty-in",
  "x-treaty-notIn",
  "x-treaty-notBefore",
  "x-treaty-equals",
  "x-treaty-derived",
]);
for (const schema of batch.schemas) {
  ajv.addSchema(schema);
}

const verdicts = batch.documents.map(([id, document]) => {
  const validate = ajv.getSchema(id); // compiled on first use, then reused
  if (validate === undefined) {
    throw new Error(`no schema with $id ${id}`);
  }
  if (validate(document)) {
    return [true, null];
  }
  const [error] = validate.errors;
  return [false, `${error.keyword} at ${error.instancePath || "/"}: ${error.message}`];
});
process.stdout.write(JSON.stringify(verdicts));
