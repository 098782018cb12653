import { type CompiledPolicy, compilePolicy } from "./compile";
import { InMemoryCounters } from "./counters";
import { PolicyError } from "./errors";
import { evaluate } from "./evaluate";
import { validatePolicy } from "./parse";
import { type Scenario, ScenarioSchema, type ScenarioStep } from "./scenario-schema";
import type { PolicyDocument } from "./schema";
import { formatPath, loadYaml, locate } from "./source";
import type { Decision, EvaluationInput, PolicyLayer } from "./types";

/** Result of one scenario step. */
export interface StepResult {
  name: string;
  passed: boolean;
  /** One line per expectation that did not hold. */
  mismatches: string[];
  /** The decision, always with its trace. */
  decision: Decision;
}

/** Result of a whole scenario. */
export interface ScenarioResult {
  name: string;
  passed: boolean;
  policyVersion: string;
  steps: StepResult[];
}

/** Loads a policy file named by a scenario (relative paths are the caller's business). */
export type PolicyResolver = (path: string) => PolicyDocument;

/**
 * Parses a scenario YAML file (same hostile-input limits as policies, 1 MiB by default).
 * Throws PolicyError INVALID_SCENARIO with line and column.
 */
export function parseScenario(
  source: string,
  options: { filename?: string; maxBytes?: number } = {},
): Scenario {
  const src = loadYaml(source, { maxBytes: options.maxBytes ?? 1024 * 1024 });
  const parsed = ScenarioSchema.safeParse(src.value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  const key = issue.code === "unrecognized_keys" ? issue.keys[0] : undefined;
  const pos = locate(src, path, key);
  const where = formatPath(key ? [...path, key] : path);
  const prefix = options.filename ? `${options.filename}: ` : "";
  const last = path[path.length - 1];
  const missing = issue.input === undefined && last !== undefined;
  const message = key
    ? `unknown field \`${key}\``
    : missing
      ? `missing required field \`${String(last)}\``
      : issue.message;
  throw new PolicyError(
    "INVALID_SCENARIO",
    `${prefix}${pos.line}:${pos.column}: ${message}${where ? ` at ${where}` : ""}`,
    {
      line: pos.line,
      column: pos.column,
      path: where,
    },
  );
}

function resolve(ref: string | Record<string, unknown>, resolver: PolicyResolver): PolicyDocument {
  return typeof ref === "string" ? resolver(ref) : validatePolicy(ref);
}

/** Compiles the scenario's policy (single or layered). */
export function scenarioPolicy(scenario: Scenario, resolver: PolicyResolver): CompiledPolicy {
  if (scenario.layers) {
    const layers: PolicyLayer[] = scenario.layers.map((l) => ({
      scope: l.scope,
      id: l.id,
      policy: resolve(l.policy, resolver),
    }));
    return compilePolicy(layers);
  }
  return compilePolicy(resolve(scenario.policy!, resolver));
}

function compare(step: ScenarioStep, d: Decision): string[] {
  const out: string[] = [];
  const e = step.expect;
  if (d.decision !== e.decision) out.push(`decision: expected ${e.decision}, got ${d.decision}`);
  if (e.reason_code !== undefined && d.reason_code !== e.reason_code) {
    out.push(`reason_code: expected ${e.reason_code}, got ${d.reason_code}`);
  }
  if (e.matched_rule !== undefined && d.matched_rule !== e.matched_rule) {
    out.push(`matched_rule: expected ${e.matched_rule ?? "null"}, got ${d.matched_rule ?? "null"}`);
  }
  if (e.obligations !== undefined) {
    const got = d.obligations.map((o) => o.type);
    if (got.join(",") !== e.obligations.join(",")) {
      out.push(`obligations: expected [${e.obligations.join(", ")}], got [${got.join(", ")}]`);
    }
  }
  if (e.reason_includes !== undefined && !d.reason.includes(e.reason_includes)) {
    out.push(`reason: expected it to include "${e.reason_includes}", got "${d.reason}"`);
  }
  if (e.proof && (d.proof.required !== e.proof.required || d.proof.ttl_seconds !== e.proof.ttl_seconds)) {
    out.push(`proof: expected ${JSON.stringify(e.proof)}, got ${JSON.stringify(d.proof)}`);
  }
  if (e.charges !== undefined && d.charges.length !== e.charges) {
    out.push(`charges: expected ${e.charges}, got ${d.charges.length}`);
  }
  return out;
}

/**
 * Runs a scenario: evaluates each step at its `now` with explain on, applies the charges of
 * every ALLOW to in-memory counters that carry over to later steps (so daily caps can be
 * tested), and compares each decision with the step's expectations.
 */
export function runScenario(scenario: Scenario, resolver: PolicyResolver): ScenarioResult {
  const compiled = scenarioPolicy(scenario, resolver);
  const counters = new InMemoryCounters();
  const steps: StepResult[] = [];
  scenario.steps.forEach((step, i) => {
    const now = new Date(step.now);
    const input: EvaluationInput = {
      action: { ...step.action, id: step.action.id ?? `step-${i + 1}`, payload: step.action.payload },
      agent: step.agent ?? scenario.agent,
      owner: step.owner ?? scenario.owner,
    };
    if (step.context) input.context = step.context;
    const decision = evaluate(compiled, input, { now, counters, explain: true });
    if (decision.decision === "ALLOW") counters.apply(decision.charges, now);
    const mismatches = compare(step, decision);
    steps.push({ name: step.name, passed: mismatches.length === 0, mismatches, decision });
  });
  return {
    name: scenario.name,
    passed: steps.every((s) => s.passed),
    policyVersion: compiled.version,
    steps,
  };
}
