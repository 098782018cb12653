import { analyzeExpression, type CompiledExpression, isEvalError, planExpression } from "./cel";
import { PolicyError } from "./errors";
import { getPath, matchesPattern } from "./paths";
import type { PolicyLimit } from "./schema";
import type { EvaluationInput } from "./types";

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `24h` → 86400; a number is already seconds. */
export function windowSeconds(window: string | number): number {
  if (typeof window === "number") return window;
  const unit = window[window.length - 1]!;
  return Number(window.slice(0, -1)) * UNIT_SECONDS[unit]!;
}

/** Gives the CEL activation of the current evaluation (built lazily). */
export interface ActivationSource {
  vars(): Record<string, unknown>;
}

/** A limit ready to evaluate. */
export interface CompiledLimit {
  id: string;
  window_seconds: number;
  max: number;
  on_exceed: "deny" | "require_approval";
  /** For policy-level limits: the action patterns covered; null for rule limits. */
  patterns: string[] | null;
  /** Human-readable "what is counted". */
  measure: string;
  /** The amount this action adds, or an error message when it cannot be computed. */
  amount(input: EvaluationInput, activation: ActivationSource): number | string;
  /** The counter key for this action. */
  key(input: EvaluationInput): string;
}

/** `action.payload.amount_minor` or `payload.amount_minor` → ["amount_minor"]; null when not a plain path. */
function payloadPath(expr: string): string[] | null {
  const m = /^\s*(?:action\.)?payload((?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*$/.exec(expr);
  return m ? m[1]!.slice(1).split(".") : null;
}

function amountFn(limit: PolicyLimit): CompiledLimit["amount"] {
  if (limit.sum === undefined) return () => 1;
  const path = payloadPath(limit.sum);
  const label = limit.sum;
  const check = (v: unknown): number | string => {
    const n = typeof v === "bigint" ? Number(v) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) return `sum \`${label}\` is not a number`;
    if (n < 0) return `sum \`${label}\` is negative (${n})`;
    return n;
  };
  if (path) return (input) => check(getPath(input.action.payload, path));
  const analyzed = analyzeExpression(limit.sum, "number");
  if (!analyzed.expr || analyzed.problems.length > 0) {
    throw new PolicyError(
      analyzed.expr ? "CEL_TYPE" : "CEL_SYNTAX",
      `limit ${limit.id}: ${analyzed.problems[0]!.message}`,
    );
  }
  const compiled: CompiledExpression = planExpression(limit.sum, analyzed.expr);
  return (_input, source) => {
    const v = compiled.run(source.vars());
    if (isEvalError(v)) return `sum \`${label}\` failed: ${v.message}`;
    return check(v);
  };
}

function groupValue(input: EvaluationInput, key: string): unknown {
  switch (key) {
    case "agent":
      return input.agent.id;
    case "owner":
      return input.owner.id;
    case "relying_party":
      return input.action.relying_party?.domain ?? null;
    case "action_type":
      return input.action.type;
    default:
      return getPath(input.action.payload, key.slice("payload.".length).split(".")) ?? null;
  }
}

/**
 * Injective, cheap encoding of one key component: strings are length-prefixed (so no separator
 * inside a value can forge another key), anything else is typed JSON.
 */
function encodeKeyPart(v: unknown): string {
  return typeof v === "string" ? `s${v.length}:${v}` : `j${JSON.stringify(v) ?? "null"}`;
}

/**
 * Compiles one limit. Counter keys always include the owner id, so two owners using the same
 * template never share a counter, then the limit id, the window and the grouping values:
 * `ol1|s5:alice|s5:daily|86400|agent=s7:agent-1|relying_party=s15:storeco.example`.
 */
export function compileLimit(limit: PolicyLimit, policyLevel: boolean): CompiledLimit {
  const seconds = windowSeconds(limit.window);
  const per = limit.per;
  const suffix = `|${encodeKeyPart(limit.id)}|${seconds}`;
  const patterns = policyLevel
    ? limit.action === undefined
      ? ["*"]
      : ([] as string[]).concat(limit.action)
    : null;
  return {
    id: limit.id,
    window_seconds: seconds,
    max: limit.max,
    on_exceed: limit.on_exceed,
    patterns,
    measure: limit.sum === undefined ? "count" : `sum of ${limit.sum}`,
    amount: amountFn(limit),
    key(input) {
      let key = `ol1|${encodeKeyPart(input.owner.id)}${suffix}`;
      for (const k of per) key += `|${k}=${encodeKeyPart(groupValue(input, k))}`;
      return key;
    },
  };
}

/** Whether a policy-level limit covers an action type. */
export function limitCovers(limit: CompiledLimit, type: string): boolean {
  return limit.patterns === null || limit.patterns.some((p) => matchesPattern(p, type));
}
