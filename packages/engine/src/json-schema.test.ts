import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyJsonSchema, scenarioJsonSchema } from "./index";

const committed = (url: URL) => readFileSync(url, "utf8");
const emitted = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe("generated JSON Schemas are up to date (regenerate with `pnpm --filter @openleash/engine schema`)", () => {
  it("spec/policy.schema.json matches the zod schema", () => {
    expect(committed(new URL("../../../spec/policy.schema.json", import.meta.url))).toBe(
      emitted(policyJsonSchema()),
    );
  });
  it("schemas/scenario.schema.json matches the zod schema", () => {
    expect(committed(new URL("../schemas/scenario.schema.json", import.meta.url))).toBe(
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
