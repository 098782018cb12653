import { analyzeExpression, type CompiledExpression, planExpression } from "./cel";
import { type CompiledConstraint, compileConstraints } from "./constraints";
import { PolicyError } from "./errors";
import { sha256Hex, stableStringify } from "./hash";
import { type CompiledLimit, compileLimit } from "./limits";
import { mergePolicies } from "./merge";
import { matchesPattern } from "./paths";
import type { AssuranceLevel, PolicyDocument, PolicyObligation, PolicyRule } from "./schema";
import type { PolicyLayer } from "./types";

/** A rule ready to evaluate. */
export interface CompiledRule {
  id: string;
  index: number;
  layer: string | undefined;
  effect: "allow" | "deny";
  patterns: string[];
  constraints: CompiledConstraint[];
  when: CompiledExpression | null;
  obligations: PolicyObligation[];
  /** Highest STEP_UP_AUTH minimum among the obligations, if any. */
  stepUp: AssuranceLevel | null;
  humanApproval: boolean;
  proof: { required: boolean; ttl_seconds: number | null };
  limits: CompiledLimit[];
  /** Lazily built by explain: the top-level conjuncts of `when`. */
  conjuncts?: CompiledExpression[];
}

/** Options of `compilePolicy`. */
export interface CompileOptions {
  /**
   * Evaluate the common subset of CEL (field access, comparisons, `in`, `&&`, `||`, `!`, `?:`,
   * `size`, `startsWith`/`endsWith`/`contains`) with plain closures, deferring to @bufbuild/cel
   * for everything else (default true). Results are identical; turn it off only to measure.
   */
  celFastPath?: boolean;
}

/** Summary of a merged layer, shown in traces. */
export interface LayerSummary {
  scope: "owner" | "group" | "agent";
  id: string;
  default: PolicyDocument["default"];
  /** Number of rules this layer contributed (0 when a more specific layer ended the cascade). */
  rules: number;
}

/** Internals of a compiled policy; only `evaluate` and `counterQueries` read them. */
export interface CompiledInternals {
  rules: CompiledRule[];
  policyLimits: CompiledLimit[];
  default: Exclude<PolicyDocument["default"], "passthrough">;
  defaultProof: { required: boolean; ttl_seconds: number | null };
  /** Candidate rules per action type, filled on first use. */
  byType: Map<string, CompiledRule[]>;
}

/** Key of the compiled internals on a CompiledPolicy. */
export const INTERNALS: unique symbol = Symbol("openleash.engine.compiled");

/** A policy compiled once per version: CEL planned, constraints turned into closures, rules indexed. */
export interface CompiledPolicy {
  /** Stable content hash of the effective document (`sha256:<hex>`): same text, same version. */
  readonly version: string;
  /** The layers merged into this policy, in evaluation order (empty for a single document). */
  readonly layers: readonly LayerSummary[];
  /** The effective (merged) document. */
  readonly document: PolicyDocument;
  /** @internal */
  readonly [INTERNALS]: CompiledInternals;
}

const ASSURANCE_RANK: Record<AssuranceLevel, number> = { LOW: 1, SUBSTANTIAL: 2, HIGH: 3 };

/** Numeric rank of an assurance level (LOW 1 < SUBSTANTIAL 2 < HIGH 3; anything else 0). */
export function assuranceRank(level: unknown): number {
  return typeof level === "string" ? (ASSURANCE_RANK[level as AssuranceLevel] ?? 0) : 0;
}

function compileWhen(rule: PolicyRule, fast: boolean): CompiledExpression | null {
  if (rule.when === undefined) return null;
  const analyzed = analyzeExpression(rule.when, "bool");
  if (!analyzed.expr || analyzed.problems.length > 0) {
    const p = analyzed.problems[0]!;
    throw new PolicyError(analyzed.expr ? "CEL_TYPE" : "CEL_SYNTAX", `rule ${rule.id}: CEL: ${p.message}`, {
      path: `rules.${rule.id}.when`,
    });
  }
  return planExpression(rule.when, analyzed.expr, fast);
}

function compileRule(
  rule: PolicyRule,
  index: number,
  defaultProof: CompiledRule["proof"],
  fast: boolean,
): CompiledRule {
  let stepUp: AssuranceLevel | null = null;
  for (const o of rule.obligations) {
    if (
      o.type === "STEP_UP_AUTH" &&
      (stepUp === null || ASSURANCE_RANK[o.min_assurance] > ASSURANCE_RANK[stepUp])
    ) {
      stepUp = o.min_assurance;
    }
  }
  return {
    id: rule.id,
    index,
    layer: rule.layer,
    effect: rule.effect,
    patterns: ([] as string[]).concat(rule.action),
    constraints: compileConstraints(rule.constraints),
    when: compileWhen(rule, fast),
    obligations: rule.obligations,
    stepUp,
    humanApproval: rule.obligations.some((o) => o.type === "HUMAN_APPROVAL"),
    proof: rule.proof ?? defaultProof,
    limits: rule.limits.map((l) => compileLimit(l, false)),
  };
}

function summarizeLayers(doc: PolicyDocument): LayerSummary[] {
  return (doc.layers ?? []).map((l) => {
    const name = `${l.scope}:${l.id}`;
    return {
      scope: l.scope,
      id: l.id,
      default: l.default,
      rules: doc.rules.filter((r) => r.layer === name).length,
    };
  });
}

/**
 * Compiles a policy (or a list of layers, merged with `mergePolicies`) once: CEL expressions are
 * parsed, checked and planned, shortcut constraints become closures, limits get their counter
 * keys. Cache the result per `version`; `evaluate` never re-parses anything.
 *
 * @example
 * const compiled = compilePolicy(parsePolicy(yamlText));
 * const decision = evaluate(compiled, input, { now: new Date(), counters });
 */
export function compilePolicy(
  policy: PolicyDocument | PolicyLayer[],
  options: CompileOptions = {},
): CompiledPolicy {
  const fast = options.celFastPath ?? true;
  const doc = Array.isArray(policy) ? mergePolicies(policy) : policy;
  if (!doc || !Array.isArray(doc.rules))
    throw new TypeError("compilePolicy needs a PolicyDocument from parsePolicy");
  const defaultProof = { required: doc.proof?.required ?? true, ttl_seconds: doc.proof?.ttl_seconds ?? null };
  const seen = new Set<string>();
  const rules = doc.rules.map((r, i) => {
    if (seen.has(r.id)) throw new PolicyError("DUPLICATE_ID", `duplicate rule id \`${r.id}\``);
    seen.add(r.id);
    return compileRule(r, i, defaultProof, fast);
  });
  const internals: CompiledInternals = {
    rules,
    policyLimits: doc.limits.map((l) => compileLimit(l, true)),
    default: doc.default === "passthrough" ? "deny" : doc.default,
    defaultProof,
    byType: new Map(),
  };
  return Object.freeze({
    version: `sha256:${sha256Hex(stableStringify(doc))}`,
    layers: Object.freeze(summarizeLayers(doc)),
    document: doc,
    [INTERNALS]: internals,
  });
}

/** Most types seen by one compiled policy that get a cached candidate list. */
const MAX_CACHED_TYPES = 4096;

/** The rules whose action pattern covers `type`, in policy order (cached per type). */
export function candidates(internals: CompiledInternals, type: string): CompiledRule[] {
  const cached = internals.byType.get(type);
  if (cached) return cached;
  const list = internals.rules.filter((r) => r.patterns.some((p) => matchesPattern(p, type)));
  if (internals.byType.size < MAX_CACHED_TYPES) internals.byType.set(type, list);
  return list;
}
