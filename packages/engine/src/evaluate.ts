import { Run } from "./activation";
import { isEvalError } from "./cel";
import {
  assuranceRank,
  type CompiledInternals,
  type CompiledPolicy,
  type CompiledRule,
  candidates,
  INTERNALS,
} from "./compile";
import { Tri } from "./constraints";
import { explainCondition } from "./explain";
import { limitCovers } from "./limits";
import type {
  Charge,
  Decision,
  EvaluateOptions,
  EvaluationInput,
  Obligation,
  ReasonCode,
  TraceStep,
} from "./types";

const NO_PROOF = Object.freeze({ required: false, ttl_seconds: null });

/** Largest charge ceiling, used when an approval lets an action exceed a `require_approval` limit. */
const APPROVED_OVERRUN_MAX = Number.MAX_SAFE_INTEGER;

function vars(run: Run): Record<string, unknown> {
  return run.vars();
}

function decide(
  run: Run,
  d: Omit<Decision, "trace" | "charges" | "proof" | "obligations"> &
    Partial<Pick<Decision, "charges" | "proof" | "obligations">>,
): Decision {
  const out: Decision = {
    decision: d.decision,
    reason: d.reason,
    reason_code: d.reason_code,
    matched_rule: d.matched_rule,
    obligations: d.obligations ?? [],
    proof: d.proof ?? { required: NO_PROOF.required, ttl_seconds: NO_PROOF.ttl_seconds },
    charges: d.charges ?? [],
  };
  if (run.trace) {
    run.trace.push({ step: "decision", outcome: out.decision, message: `${out.reason_code}: ${out.reason}` });
    out.trace = run.trace;
  }
  return out;
}

type RuleOutcome =
  | { matched: true; failClosed: string | null }
  | { matched: false; code: ReasonCode; why: string };

/** Runs one rule's constraints and condition. Deny rules fail closed when they cannot be evaluated. */
function testRule(run: Run, rule: CompiledRule): RuleOutcome {
  const deny = rule.effect === "deny";
  for (const c of rule.constraints) {
    const t = c.test(run.input);
    if (t === Tri.TRUE) continue;
    const why = c.describe(run.input);
    if (t === Tri.UNKNOWN && deny) return { matched: true, failClosed: `${c.name}: ${why}` };
    trace(run, rule, c.name, t === Tri.UNKNOWN ? "unknown" : "failed", why);
    return { matched: false, code: "CONSTRAINT_FAILED", why: `${rule.id}: ${why}` };
  }
  if (rule.when) {
    const v = rule.when.run(vars(run));
    if (v === true) return { matched: true, failClosed: null };
    if (isEvalError(v) || typeof v !== "boolean") {
      const why = isEvalError(v) ? `condition error: ${v.message}` : "condition is not a bool";
      if (deny) return { matched: true, failClosed: why };
      trace(run, rule, "when", "error", why);
      return { matched: false, code: "CONDITION_ERROR", why: `${rule.id}: ${why}` };
    }
    const why = run.trace ? explainCondition(rule, vars(run)) : `\`${rule.when.text}\` is false`;
    trace(run, rule, "when", "failed", why);
    return { matched: false, code: "CONDITION_FAILED", why: `${rule.id}: ${why}` };
  }
  return { matched: true, failClosed: null };
}

function trace(run: Run, rule: CompiledRule, check: string, outcome: string, message: string): void {
  if (!run.trace) return;
  const step: TraceStep = { step: "rule", rule: rule.id, check, outcome, message };
  if (rule.layer) step.layer = rule.layer;
  run.trace.push(step);
}

type LimitOutcome = { denied: Decision } | { denied: null; charges: Charge[]; needsApproval: string | null };

/** Reads every applicable limit; a `deny` limit that would be exceeded decides at once. */
function checkLimits(run: Run, internals: CompiledInternals, rule: CompiledRule | null): LimitOutcome {
  const matched = rule ? rule.id : null;
  const own = rule ? rule.limits : [];
  const all =
    internals.policyLimits.length === 0
      ? own
      : [...own, ...internals.policyLimits.filter((l) => limitCovers(l, run.input.action.type))];
  const charges: Charge[] = [];
  let needsApproval: string | null = null;
  for (const limit of all) {
    const amount = limit.amount(run.input, run);
    if (typeof amount === "string") {
      const reason = `limit ${limit.id}: ${amount}`;
      return {
        denied: decide(run, { decision: "DENY", reason, reason_code: "LIMIT_ERROR", matched_rule: matched }),
      };
    }
    const key = limit.key(run.input);
    const window_seconds = limit.window_seconds;
    const usage = run.options.counters.usage({ key, window_seconds }, run.now);
    const exceeded = usage + amount > limit.max;
    const message = `${limit.measure}: ${usage} used + ${amount} ${exceeded ? ">" : "<="} ${limit.max} per ${window_seconds}s`;
    const outcome = exceeded ? "exceeded" : "ok";
    run.trace?.push({
      step: "limit",
      limit: limit.id,
      key,
      window_seconds,
      usage,
      amount,
      max: limit.max,
      outcome,
      message,
    });
    if (exceeded && limit.on_exceed === "deny") {
      const reason = `limit ${limit.id} exceeded (${message})`;
      return {
        denied: decide(run, {
          decision: "DENY",
          reason,
          reason_code: "LIMIT_EXCEEDED",
          matched_rule: matched,
        }),
      };
    }
    if (exceeded) needsApproval ??= `limit ${limit.id} exceeded (${message})`;
    const max = exceeded ? APPROVED_OVERRUN_MAX : limit.max;
    charges.push({ key, limit_id: limit.id, window_seconds, amount, max });
  }
  return { denied: null, charges, needsApproval };
}

/** Checks limits and obligations of an allowing rule (or default) and builds the decision. */
function allow(
  run: Run,
  internals: CompiledInternals,
  rule: CompiledRule | null,
  approvalByDefault: boolean,
): Decision {
  const limits = checkLimits(run, internals, rule);
  if (limits.denied) return limits.denied;
  const matched = rule ? rule.id : null;
  const pending = pendingObligations(run, rule, limits.needsApproval, approvalByDefault);
  const obligations = [...pending.blocking, ...pending.passOn];
  if (pending.stepUp) {
    const reason = `${matched ?? "default"} requires step-up authentication at ${pending.stepUp} or higher`;
    return decide(run, {
      decision: "REQUIRE_STEP_UP",
      reason,
      reason_code: "STEP_UP_REQUIRED",
      matched_rule: matched,
      obligations,
    });
  }
  if (pending.approval) {
    const reason = limits.needsApproval ?? `${matched ?? "default"} requires human approval`;
    return decide(run, {
      decision: "REQUIRE_APPROVAL",
      reason,
      reason_code: "APPROVAL_REQUIRED",
      matched_rule: matched,
      obligations,
    });
  }
  const proof = rule ? rule.proof : internals.defaultProof;
  return decide(run, {
    decision: "ALLOW",
    reason: rule ? `allowed by rule ${rule.id}` : "allowed by the policy default",
    reason_code: rule ? "RULE_ALLOW" : "DEFAULT_ALLOW",
    matched_rule: matched,
    obligations,
    proof: { required: proof.required, ttl_seconds: proof.ttl_seconds },
    charges: limits.charges,
  });
}

/**
 * Which obligations are still open. An approval (verified by the server for exactly this
 * action) satisfies HUMAN_APPROVAL at any level, and STEP_UP_AUTH at or above its minimum.
 */
function pendingObligations(
  run: Run,
  rule: CompiledRule | null,
  limitReason: string | null,
  approvalByDefault: boolean,
) {
  const approval = run.input.context?.approval;
  const passOn: Obligation[] = [];
  for (const o of rule?.obligations ?? []) {
    if (o.type === "COUNTERPARTY_ATTESTATION")
      passOn.push({ type: o.type, params: Object.assign({}, o.params) });
  }
  const minimum = rule?.stepUp ?? null;
  const stepUp =
    minimum !== null && assuranceRank(approval?.assurance) < assuranceRank(minimum) ? minimum : null;
  const wantsApproval = (rule?.humanApproval ?? false) || approvalByDefault || limitReason !== null;
  const blocking: Obligation[] = [];
  if (stepUp) blocking.push({ type: "STEP_UP_AUTH", params: { min_assurance: stepUp } });
  if (wantsApproval && !approval)
    blocking.push({ type: "HUMAN_APPROVAL", params: limitReason ? { reason: limitReason } : {} });
  if (run.trace) {
    for (const o of blocking) {
      run.trace.push({
        step: "obligation",
        outcome: "required",
        message: `${o.type} ${JSON.stringify(o.params)}`,
      });
    }
    if (approval && (wantsApproval || minimum)) {
      run.trace.push({
        step: "obligation",
        outcome: "satisfied",
        message: `approval ${approval.id} at ${approval.assurance}`,
      });
    }
  }
  return { blocking, passOn, stepUp, approval: wantsApproval && !approval };
}

function checkArgs(compiled: CompiledPolicy, input: EvaluationInput, options: EvaluateOptions): void {
  if (!compiled?.[INTERNALS]) throw new TypeError("evaluate needs a CompiledPolicy from compilePolicy");
  if (!options || !(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new TypeError("evaluate needs options.now (a valid Date)");
  }
  if (!options.counters || typeof options.counters.usage !== "function")
    throw new TypeError("evaluate needs options.counters");
  if (!input?.action || typeof input.action.type !== "string" || !input.agent || !input.owner) {
    throw new TypeError("evaluate needs an input with action.type, agent and owner");
  }
}

/**
 * Decides one action. Pure: the result depends only on the compiled policy, the input,
 * `options.now` and the counter usage read through `options.counters`.
 *
 * Order: rules whose action pattern covers the action type, first match wins; a matching deny
 * rule denies. For an allowing rule (or an allowing default), limits are checked (a limit with
 * `on_exceed: deny` denies), then obligations: missing step-up → REQUIRE_STEP_UP, then missing
 * approval → REQUIRE_APPROVAL, else ALLOW with the charges to apply.
 */
export function evaluate(
  compiled: CompiledPolicy,
  input: EvaluationInput,
  options: EvaluateOptions,
): Decision {
  checkArgs(compiled, input, options);
  const internals = compiled[INTERNALS];
  const run = new Run(input, options.now, options, options.explain ? [] : null);
  const list = candidates(internals, input.action.type);
  if (run.trace) {
    if (compiled.layers.length > 0) {
      const layers = compiled.layers
        .map((l) => `${l.scope}:${l.id} (${l.rules} rules, default ${l.default})`)
        .join(" > ");
      run.trace.push({ step: "layers", outcome: "merged", message: layers });
    }
    run.trace.push({
      step: "index",
      outcome: `${list.length}/${internals.rules.length}`,
      message: `${list.length} of ${internals.rules.length} rules cover action type ${input.action.type}`,
    });
  }
  const misses: Array<{ code: ReasonCode; why: string }> = [];
  for (const rule of list) {
    const r = testRule(run, rule);
    if (!r.matched) {
      misses.push({ code: r.code, why: r.why });
      continue;
    }
    trace(
      run,
      rule,
      "rule",
      "matched",
      r.failClosed
        ? `applies because it cannot be evaluated (${r.failClosed})`
        : `${rule.effect} rule matched`,
    );
    if (rule.effect === "deny") {
      const reason = r.failClosed
        ? `denied by rule ${rule.id}: ${r.failClosed}`
        : `denied by rule ${rule.id}`;
      return decide(run, {
        decision: "DENY",
        reason,
        reason_code: r.failClosed ? "CONDITION_ERROR" : "RULE_DENY",
        matched_rule: rule.id,
      });
    }
    return allow(run, internals, rule, false);
  }
  return byDefault(run, internals, misses);
}

/** Most rule misses quoted in a reason. */
const MAX_MISSES_IN_REASON = 3;

/**
 * No rule matched. The reason quotes why the candidate rules missed; its code is that of the
 * last candidate (the rule nearest the default, usually the most general one).
 */
function byDefault(
  run: Run,
  internals: CompiledInternals,
  misses: Array<{ code: ReasonCode; why: string }>,
): Decision {
  if (run.trace)
    run.trace.push({
      step: "default",
      outcome: internals.default,
      message: `no rule matched; default is ${internals.default}`,
    });
  if (internals.default === "allow") return allow(run, internals, null, false);
  if (internals.default === "require_approval") return allow(run, internals, null, true);
  const last = misses[misses.length - 1];
  if (last) {
    const shown = misses.slice(0, MAX_MISSES_IN_REASON).map((m) => m.why);
    if (misses.length > MAX_MISSES_IN_REASON) shown.push(`${misses.length - MAX_MISSES_IN_REASON} more`);
    return decide(run, {
      decision: "DENY",
      reason: `no rule matched: ${shown.join("; ")}`,
      reason_code: last.code,
      matched_rule: null,
    });
  }
  return decide(run, {
    decision: "DENY",
    reason: `no rule covers action type ${run.input.action.type}`,
    reason_code: "NO_MATCH",
    matched_rule: null,
  });
}
