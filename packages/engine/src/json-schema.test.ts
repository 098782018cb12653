import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyJsonSchema, scenarioJsonSchema } from "./index";

// Compared as data, not text: the formatter may re-wrap the committed JSON.
const committed = (url: URL) => JSON.parse(readFileSync(url, "utf8")) as unknown;
const emitted = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("generated JSON Schemas are up to date (regenerate with `pnpm --filter @openleash/engine schema`)", () => {
  it("spec/policy.schema.json matches the zod schema", () => {
    expect(committed(new URL("../../../spec/policy.schema.json", import.meta.url))).toEqual(
      emitted(policyJsonSchema()),
    );
  });
  it("schemas/policy.schema.json (shipped in the package) matches the zod schema", () => {
    expect(committed(new URL("../schemas/policy.schema.json", import.meta.url))).toEqual(
      emitted(policyJsonSchema()),
    );
  });
  it("schemas/scenario.schema.json matches the zod schema", () => {
    expect(committed(new URL("../schemas/scenario.schema.json", import.meta.url))).toEqual(
      emitted(scenarioJsonSchema()),
    );
  });
  it("describes rules, limits and obligations", () => {
    const text = JSON.stringify(policyJsonSchema());
    for (const word of [
      "STEP_UP_AUTH",
      "on_exceed",
      "passthrough",
      "min_assurance",
      "additionalProperties",
    ]) {
      expect(text).toContain(word);
    }
  });
});
