import type { AssuranceLevel, PolicyDocument } from "./schema";

/** What an agent asks to do, who it is and for whom (PROTOCOL.md §2 and §4). */
export interface EvaluationInput {
  action: {
    id: string;
    type: string;
    requested_at?: string;
    relying_party?: { domain?: string; trust_profile?: string };
    payload: Record<string, unknown>;
  };
  agent: { id: string; groups?: string[]; attributes?: Record<string, unknown> };
  owner: { id: string; type?: "user" | "org" };
  context?: {
    /** Set by the server only when a valid approval token for exactly this action was presented. */
    approval?: { id: string; assurance: AssuranceLevel };
    /** Verified claims of proofs the agent presented. */
    presented_proofs?: Array<Record<string, unknown>>;
  };
}

/** One time-window counter the evaluation reads. */
export interface CounterQuery {
  key: string;
  window_seconds: number;
}

/** Reads counter usage: the sum of charges with a timestamp in (now - window, now]. */
export interface CounterReader {
  usage(q: CounterQuery, now: Date): number;
}

/**
 * A counter increment to apply atomically if and only if the final decision is ALLOW. The store
 * re-checks `usage + amount <= max` when applying.
 */
export interface Charge {
  key: string;
  limit_id: string;
  window_seconds: number;
  amount: number;
  max: number;
}

/** Obligation types, in the order of their precedence. */
export type ObligationType = "HUMAN_APPROVAL" | "STEP_UP_AUTH" | "COUNTERPARTY_ATTESTATION";

/** An obligation the caller must fulfil (or, for COUNTERPARTY_ATTESTATION, pass on). */
export interface Obligation {
  type: ObligationType;
  params: Record<string, unknown>;
}

/** The outcome of an evaluation. */
export type DecisionValue = "ALLOW" | "DENY" | "REQUIRE_APPROVAL" | "REQUIRE_STEP_UP";

/**
 * Stable reason codes: RULE_ALLOW, RULE_DENY, NO_MATCH, DEFAULT_ALLOW, CONSTRAINT_FAILED,
 * CONDITION_FAILED, CONDITION_ERROR, LIMIT_EXCEEDED, LIMIT_ERROR, APPROVAL_REQUIRED, STEP_UP_REQUIRED.
 */
export type ReasonCode =
  | "RULE_ALLOW"
  | "RULE_DENY"
  | "NO_MATCH"
  | "DEFAULT_ALLOW"
  | "CONSTRAINT_FAILED"
  | "CONDITION_FAILED"
  | "CONDITION_ERROR"
  | "LIMIT_EXCEEDED"
  | "LIMIT_ERROR"
  | "APPROVAL_REQUIRED"
  | "STEP_UP_REQUIRED";

/** One step of the explanation of a decision. */
export interface TraceStep {
  step: "layers" | "index" | "rule" | "limit" | "obligation" | "default" | "decision";
  outcome: string;
  message: string;
  rule?: string;
  layer?: string;
  /** For rules: which check decided (`action`, `constraints.amount`, `constraints.currencies`, `constraints.domains`, `when`). */
  check?: string;
  limit?: string;
  key?: string;
  window_seconds?: number;
  usage?: number;
  amount?: number;
  max?: number;
}

/** The answer of `evaluate`. */
export interface Decision {
  decision: DecisionValue;
  reason: string;
  reason_code: ReasonCode;
  matched_rule: string | null;
  obligations: Obligation[];
  proof: { required: boolean; ttl_seconds: number | null };
  charges: Charge[];
  trace?: TraceStep[];
}

/** One layer of a layered policy set. */
export interface PolicyLayer {
  scope: "owner" | "group" | "agent";
  id: string;
  policy: PolicyDocument;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Evaluation time; the engine never reads the clock. */
  now: Date;
  counters: CounterReader;
  /** Collect a step-by-step trace. */
  explain?: boolean;
}
