// Writes spec/policy.schema.json (and the copy shipped in the package) from the engine's zod schemas.
// The committed file is checked by src/json-schema.test.ts: regenerate, never edit by hand.
import { writeFileSync } from "node:fs";
import { policyJsonSchema, scenarioJsonSchema } from "../dist/index.js";

const write = (url, value) => writeFileSync(url, `${JSON.stringify(value, null, 2)}\n`);
write(new URL("../../../spec/policy.schema.json", import.meta.url), policyJsonSchema());
write(new URL("../schemas/policy.schema.json", import.meta.url), policyJsonSchema());
write(new URL("../schemas/scenario.schema.json", import.meta.url), scenarioJsonSchema());
console.log("wrote spec/policy.schema.json and packages/engine/schemas/{policy,scenario}.schema.json");
