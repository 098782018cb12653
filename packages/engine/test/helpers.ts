import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parsePolicy, parseScenario, runScenario, type ScenarioResult } from "../src/index";

/** Absolute path of a folder inside the engine package. */
export const packagePath = (...parts: string[]) =>
  resolve(dirname(fileURLToPath(import.meta.url)), "..", ...parts);

/** Files in a folder ending with a suffix, sorted. */
export function filesIn(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(dir, f));
}

/** Runs a scenario file, resolving policy paths relative to it. */
export function runScenarioFile(file: string): ScenarioResult {
  const scenario = parseScenario(readFileSync(file, "utf8"), { filename: file });
  return runScenario(scenario, (p) => {
    const path = resolve(dirname(file), p);
    return parsePolicy(readFileSync(path, "utf8"), { filename: path });
  });
}

/** Failure text with the trace of each failing step, so a red test explains itself. */
export function describeFailures(result: ScenarioResult): string {
  return result.steps
    .filter((s) => !s.passed)
    .map((s) =>
      [
        `step "${s.name}": ${s.mismatches.join("; ")}`,
        ...(s.decision.trace ?? []).map((t) => `    ${t.step} ${t.outcome}: ${t.message}`),
      ].join("\n"),
    )
    .join("\n");
}
