import { readFileSync } from "node:fs";
import { basename } from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { policyJsonSchema, scenarioJsonSchema } from "../src/index";
import { filesIn, packagePath } from "./helpers";

// The emitted JSON Schemas are what editors and other tools see: they must accept every
// document the engine accepts in our templates and fixtures, and reject what it rejects.

const ajv = new Ajv2020({ allErrors: true, strict: false });
const policy = ajv.compile(policyJsonSchema());
const scenario = ajv.compile(scenarioJsonSchema());
const policyCase = ajv.compile(
  JSON.parse(readFileSync(packagePath("test/fixtures/policy-case.schema.json"), "utf8")),
);
const load = (file: string) => parseYaml(readFileSync(file, "utf8")) as Record<string, unknown>;

describe("emitted JSON Schemas", () => {
  const templates = filesIn(packagePath("templates"), ".yaml");
  for (const file of templates.filter((f) => !f.endsWith(".scenario.yaml"))) {
    it(`policy schema accepts templates/${basename(file)}`, () => {
      expect(policy(load(file)), JSON.stringify(policy.errors)).toBe(true);
    });
  }
  const scenarios = [
    ...templates.filter((f) => f.endsWith(".scenario.yaml")),
    ...filesIn(packagePath("test/fixtures/eval"), ".yaml"),
  ];
  for (const file of scenarios) {
    it(`scenario schema accepts ${basename(file)} and its inline policies`, () => {
      const doc = load(file);
      expect(scenario(doc), JSON.stringify(scenario.errors)).toBe(true);
      const inline = [
        doc.policy,
        ...((doc.layers as Array<{ policy: unknown }> | undefined) ?? []).map((l) => l.policy),
      ];
      for (const p of inline.filter((x) => typeof x === "object" && x !== null)) {
        expect(policy(p), JSON.stringify(policy.errors)).toBe(true);
      }
    });
  }
  for (const file of filesIn(packagePath("test/fixtures/policy"), ".yaml")) {
    it(`policy-case schema accepts fixtures/policy/${basename(file)}`, () => {
      expect(policyCase(load(file)), JSON.stringify(policyCase.errors)).toBe(true);
    });
  }
  it("rejects unknown fields, bad effects and missing windows like the engine", () => {
    const rule = { id: "r", action: "purchase", effect: "allow" };
    expect(policy({ rules: [rule] })).toBe(true);
    expect(policy({ rules: [{ ...rule, colour: "red" }] })).toBe(false);
    expect(policy({ rules: [{ ...rule, effect: "maybe" }] })).toBe(false);
    expect(policy({ rules: [{ ...rule, limits: [{ id: "l", max: 1 }] }] })).toBe(false);
    expect(policy({ rules: [{ ...rule, action: "a.*.b" }] })).toBe(false);
    expect(policy({ rules: [{ ...rule, obligations: [{ type: "STEP_UP_AUTH" }] }] })).toBe(false);
  });
});
