// Writes spec/policy.schema.json from the engine's zod schema (run after `pnpm build`).
// The committed file is checked by src/json-schema.test.ts: regenerate, never edit by hand.
import { writeFileSync } from "node:fs";
import { policyJsonSchema, scenarioJsonSchema } from "../dist/index.js";

const write = (url, value) => writeFileSync(url, `${JSON.stringify(value, null, 2)}\n`);
write(new URL("../../../spec/policy.schema.json", import.meta.url), policyJsonSchema());
write(new URL("../schemas/scenario.schema.json", import.meta.url), scenarioJsonSchema());
console.log("wrote spec/policy.schema.json and packages/engine/schemas/scenario.schema.json");
