import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { lintPolicy, PolicyError, parsePolicy } from "../src/index";
import { describeFailures, filesIn, packagePath, runScenarioFile } from "./helpers";

// Conformance-style fixtures: data files, one case or topic per file, each with a `$schema`.

interface PolicyCase {
  $schema: string;
  name: string;
  source: string;
  error?: { code: string; line?: number; column?: number; message_includes?: string };
  lint?: Array<{ code: string; severity: string; line: number; column: number }>;
}

describe("evaluation fixtures (test/fixtures/eval)", () => {
  for (const file of filesIn(packagePath("test/fixtures/eval"), ".yaml")) {
    it(basename(file, ".yaml"), async () => {
      expect(readFileSync(file, "utf8")).toMatch(/^\$schema: /);
      const result = runScenarioFile(file);
      expect(describeFailures(result)).toBe("");
      expect(result.passed).toBe(true);
      // Golden: the full decisions with their traces. Review diffs; update with `vitest -u`.
      const golden = result.steps.map((s) => ({ step: s.name, ...s.decision }));
      await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot(
        `golden/${basename(file, ".yaml")}.json`,
      );
    });
  }
});

describe("policy fixtures (test/fixtures/policy)", () => {
  for (const file of filesIn(packagePath("test/fixtures/policy"), ".yaml")) {
    const c = parseYaml(readFileSync(file, "utf8")) as PolicyCase;
    describe(basename(file, ".yaml"), () => {
      it("has a $schema and at least one expectation", () => {
        expect(c.$schema).toBe("../policy-case.schema.json");
        expect(c.error !== undefined || c.lint !== undefined).toBe(true);
      });
      if (c.error) {
        const expected = c.error;
        it(`parsePolicy throws ${expected.code}`, () => {
          let caught: unknown;
          try {
            parsePolicy(c.source);
          } catch (err) {
            caught = err;
          }
          expect(caught).toBeInstanceOf(PolicyError);
          const e = caught as PolicyError;
          expect({ code: e.code, line: e.line, column: e.column }).toMatchObject(
            Object.fromEntries(
              Object.entries({ code: expected.code, line: expected.line, column: expected.column }).filter(
                ([, v]) => v !== undefined,
              ),
            ),
          );
          if (expected.message_includes) expect(e.message).toContain(expected.message_includes);
        });
      } else {
        it("parses", () => {
          expect(parsePolicy(c.source).rules.length).toBeGreaterThan(0);
        });
      }
      if (c.lint) {
        const expected = c.lint;
        it("lints with exactly the expected diagnostics", () => {
          const got = lintPolicy(c.source).map((d) => ({
            code: d.code,
            severity: d.severity,
            line: d.line,
            column: d.column,
          }));
          expect(got).toEqual(expected);
        });
      }
    });
  }
});
