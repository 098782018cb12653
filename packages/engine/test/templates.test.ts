import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { lintPolicy } from "../src/index";
import { describeFailures, filesIn, packagePath, runScenarioFile } from "./helpers";

const templates = filesIn(packagePath("templates"), ".yaml").filter((f) => !f.endsWith(".scenario.yaml"));

describe("shipped templates", () => {
  it("ships the seed-story templates", () => {
    expect(templates.map((f) => basename(f))).toEqual(
      expect.arrayContaining([
        "starter.yaml",
        "purchases.yaml",
        "appointments.yaml",
        "government.yaml",
        "communication.yaml",
      ]),
    );
  });

  for (const file of templates) {
    const name = basename(file, ".yaml");
    it(`${name}: carries a $schema, as does its scenario`, () => {
      expect(readFileSync(file, "utf8")).toMatch(/^\$schema: \.\.\/schemas\/policy\.schema\.json$/m);
      expect(readFileSync(file.replace(/\.yaml$/, ".scenario.yaml"), "utf8")).toMatch(
        /^\$schema: \.\.\/schemas\/scenario\.schema\.json$/m,
      );
    });
    it(`${name}: lints clean`, () => {
      expect(lintPolicy(readFileSync(file, "utf8"))).toEqual([]);
    });
    it(`${name}: its scenario passes`, () => {
      const result = runScenarioFile(file.replace(/\.yaml$/, ".scenario.yaml"));
      expect(result.steps.length).toBeGreaterThan(2);
      expect(describeFailures(result)).toBe("");
      expect(result.passed).toBe(true);
    });
  }
});
