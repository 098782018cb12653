import { counterQueries, type Decision, type EvaluationInput, evaluate } from "@openleash/engine";
import { actionHash, issueProof, OpenLeashTokenError, verifyApprovalToken } from "@openleash/proof-tokens";
import { ApiError } from "../errors";
import type { ApprovalRow, Assurance, DecisionRow } from "../storage/types";
import type { AgentContext } from "./agent-cache";
import type { ServiceContext } from "./context";
import type { InstanceKeys } from "./instance-keys";
import { DECISION_EVENT, nonceExpiresAtMs, signatureAuditData } from "./nonce-redo";
import type { PolicyService } from "./policies";
import type { ProofService } from "./proofs";

/** The validated body of `POST /v1/authorize` (PROTOCOL.md §4). */
export type AuthorizeRequest = {
  action: EvaluationInput["action"];
  approval_token?: string | undefined;
  presented_proofs?: string[] | undefined;
  explain?: boolean | undefined;
};

/** The verified signature the request came with (RFC 9421 §2.3 parameters). */
export type SignatureInfo = { kid: string; nonce: string; created: number };

/** The 200 answer of `POST /v1/authorize` (PROTOCOL.md §4). */
export type AuthorizeResponse = {
  decision: Decision["decision"];
  decision_id: string;
  action_hash: string;
  reason: string;
  reason_code: string;
  matched_rule: string | null;
  policy_version: string;
  obligations: Decision["obligations"];
  proof_token?: string;
  proof_expires_at?: string;
  approval_request_id?: string;
  trace?: unknown[];
};

const NO_POLICY_VERSION = "none";

/** Counters for an evaluation that reads none (no limit applies to the action). */
const NO_COUNTERS = { usage: () => 0 };

/** A verified approval token presented with the request. */
type PresentedApproval = { jti: string; exp: number; approvalId: string; assurance: Assurance };

/** One authorization between evaluation and answer. */
type Attempt = {
  agent: AgentContext;
  sig: SignatureInfo;
  req: AuthorizeRequest;
  now: Date;
  hash: string;
  approval: PresentedApproval | null;
  presented: { claims: unknown[]; chain: Array<{ jti: string; iss: string }> } | null;
  decision: Decision;
  row: DecisionRow;
  approvalRequest: ApprovalRow | undefined;
};

/** The audit record of one decision (kept small: ids and codes, no payload; typically < 1 KB). */
function auditEvent(a: Attempt, final: DecisionRow, proofJti: string | undefined) {
  return {
    type: DECISION_EVENT,
    owner_id: a.agent.owner.id,
    agent_id: a.agent.agent.id,
    actor: { type: "agent", id: a.agent.agent.id },
    decision: final.decision,
    action_type: a.req.action.type,
    data: {
      decision_id: final.id,
      action_id: a.req.action.id,
      action_hash: a.hash,
      reason_code: final.reason_code,
      matched_rule: final.matched_rule,
      policy_version: final.policy_version,
      kid: a.sig.kid,
      // The nonce is durable with this record: the store may not have written it yet (nonce-redo.ts).
      ...signatureAuditData(a.sig.created, a.sig.nonce),
      ...(final.approval_id ? { approval_id: final.approval_id } : {}),
      ...(proofJti ? { proof_jti: proofJti } : {}),
      ...(a.presented?.chain.length ? { chain: a.presented.chain } : {}),
    },
  };
}

/** What a dry run reports: the decision, the charges it would make and the full trace. */
export type DryRunResult = {
  decision: Decision["decision"];
  reason: string;
  reason_code: string;
  matched_rule: string | null;
  policy_version: string;
  obligations: Decision["obligations"];
  charges: Decision["charges"];
  trace: unknown[];
};

function minAssurance(decision: Decision): Assurance {
  const step = decision.obligations.find((o) => o.type === "STEP_UP_AUTH");
  const level = step?.params.min_assurance;
  return level === "SUBSTANTIAL" || level === "HIGH" ? level : "LOW";
}

/**
 * One authorization, in the order of ARCHITECTURE.md's hot path: approval token and presented
 * proofs checked, effective policy from the cache, the pure engine decision, ONE storage
 * transaction (nonce + single-use jti + conditional charges + decision + approval request), the
 * proof token on ALLOW, and the durable audit record before the answer is returned.
 */
export class AuthorizeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly policies: PolicyService,
    private readonly keys: InstanceKeys,
    private readonly proofs: ProofService,
  ) {}

  async authorize(
    agent: AgentContext,
    sig: SignatureInfo,
    req: AuthorizeRequest,
  ): Promise<AuthorizeResponse> {
    const a = await this.prepare(agent, sig, req);
    const final = await this.commit(a);
    const response: AuthorizeResponse = {
      decision: final.decision.decision,
      decision_id: a.row.id,
      action_hash: a.hash,
      reason: final.decision.reason,
      reason_code: final.decision.reason_code,
      matched_rule: final.decision.matched_rule,
      policy_version: a.row.policy_version,
      obligations: a.decision.obligations,
    };
    if (a.approvalRequest) response.approval_request_id = a.approvalRequest.id;
    let proofJti: string | undefined;
    if (final.decision.decision === "ALLOW") {
      const proof = await this.issue(a, final.decision);
      response.proof_token = proof.token;
      response.proof_expires_at = proof.expiresAt.toISOString();
      proofJti = proof.claims.jti;
    }
    if (a.decision.trace) {
      response.trace = final.limitExceeded
        ? [
            ...a.decision.trace,
            { step: "limit", outcome: "exceeded_at_commit", message: final.decision.reason },
          ]
        : a.decision.trace;
    }
    // The answer leaves only once its audit record is durable (ARCHITECTURE.md, the hot path).
    await this.ctx.audit.record(auditEvent(a, final.decision, proofJti));
    return response;
  }

  /** Everything before the transaction: tokens and proofs checked, policy evaluated. */
  private async prepare(agent: AgentContext, sig: SignatureInfo, req: AuthorizeRequest): Promise<Attempt> {
    const now = this.ctx.clock();
    const hash = await actionHash(req.action);
    const approval = req.approval_token
      ? await this.checkApprovalToken(agent, req.approval_token, hash, now)
      : null;
    const presented = req.presented_proofs?.length ? await this.proofs.presented(req.presented_proofs) : null;
    const input: EvaluationInput = {
      action: req.action,
      agent: { id: agent.agent.id, groups: agent.groups, attributes: agent.agent.attributes },
      owner: { id: agent.owner.id, type: agent.owner.type },
      context: {
        ...(approval ? { approval: { id: approval.approvalId, assurance: approval.assurance } } : {}),
        ...(presented ? { presented_proofs: presented.claims.map((c) => ({ ...c })) } : {}),
      },
    };
    const effective = await this.policies.effectiveFor(agent);
    const explain = req.explain === true;
    const decision = effective
      ? await this.evaluate(effective.compiled, input, now, explain)
      : noPolicy(explain);
    const policyVersion = effective ? effective.compiled.version : NO_POLICY_VERSION;
    const decisionId = this.ctx.ids("dec");
    const pending = decision.decision === "REQUIRE_APPROVAL" || decision.decision === "REQUIRE_STEP_UP";
    const approvalRequest = pending
      ? this.approvalRow(agent, req, hash, decisionId, decision, policyVersion, now)
      : undefined;
    const row: DecisionRow = {
      id: decisionId,
      owner_id: agent.owner.id,
      agent_id: agent.agent.id,
      decision: decision.decision,
      reason_code: decision.reason_code,
      reason: decision.reason,
      action_id: req.action.id,
      action_type: req.action.type,
      action_hash: hash,
      matched_rule: decision.matched_rule,
      policy_version: policyVersion,
      approval_id: approvalRequest?.id ?? approval?.approvalId ?? null,
      created_at: now.toISOString(),
    };
    return { agent, sig, req, now, hash, approval, presented, decision, row, approvalRequest };
  }

  /** ONE storage transaction: nonce, single-use approval jti, conditional charges, approval request. */
  private async commit(a: Attempt) {
    const result = await this.ctx.storage.commitAuthorization({
      nowMs: a.now.getTime(),
      nonce: {
        kid: a.sig.kid,
        nonce: a.sig.nonce,
        expiresAtMs: nonceExpiresAtMs(a.sig.created, this.ctx.config.signatureMaxSkewSeconds),
      },
      ...(a.approval ? { approvalJti: { jti: a.approval.jti, expiresAtMs: a.approval.exp * 1000 } } : {}),
      charges: a.decision.decision === "ALLOW" ? a.decision.charges : [],
      decision: a.row,
      ...(a.approvalRequest ? { approvalRequest: a.approvalRequest } : {}),
    });
    if (!result.ok) {
      throw result.code === "NONCE_REPLAY"
        ? new ApiError("NONCE_REPLAY", "this request was already received")
        : new ApiError("APPROVAL_TOKEN_USED", "this approval token was already used");
    }
    return result;
  }

  /** The proof token of an ALLOW (PROTOCOL.md §5); `aud` is the relying party's domain. */
  private issue(a: Attempt, final: DecisionRow) {
    const { config } = this.ctx;
    const domain = a.req.action.relying_party?.domain;
    return issueProof({
      key: this.keys.active(),
      issuer: this.ctx.issuer,
      agentId: a.agent.agent.id,
      ownerId: a.agent.owner.id,
      action: a.req.action,
      actionHash: a.hash,
      ...(domain ? { audience: domain } : {}),
      policyVersion: final.policy_version,
      matchedRule: final.matched_rule,
      decisionId: final.id,
      ttlSeconds: Math.min(a.decision.proof.ttl_seconds ?? config.proofTtlSeconds, config.maxProofTtlSeconds),
      now: a.now,
      ...(a.approval ? { approvalId: a.approval.approvalId, assurance: a.approval.assurance } : {}),
      ...(a.presented?.chain.length ? { chain: a.presented.chain } : {}),
    });
  }

  /**
   * Evaluates without any effect (no nonce, no charge, no decision row): for owners testing a policy
   * source or an agent's effective policy against an action. Counters are read, never written.
   */
  async dryRun(input: {
    ownerId: string;
    ownerType: "user" | "org";
    agent: AgentContext | null;
    action: EvaluationInput["action"];
    source?: string | undefined;
  }): Promise<DryRunResult> {
    const now = this.ctx.clock();
    const compiled = input.source
      ? this.policies.compileSource(input.source)
      : input.agent
        ? ((await this.policies.effectiveFor(input.agent))?.compiled ?? null)
        : null;
    const evalInput: EvaluationInput = {
      action: input.action,
      agent: input.agent
        ? { id: input.agent.agent.id, groups: input.agent.groups, attributes: input.agent.agent.attributes }
        : { id: "dry-run", groups: [] },
      owner: { id: input.ownerId, type: input.ownerType },
      context: {},
    };
    const d = compiled ? await this.evaluate(compiled, evalInput, now, true) : noPolicy(true);
    return {
      decision: d.decision,
      reason: d.reason,
      reason_code: d.reason_code,
      matched_rule: d.matched_rule,
      policy_version: compiled ? compiled.version : NO_POLICY_VERSION,
      obligations: d.obligations,
      charges: d.charges,
      trace: d.trace ?? [],
    };
  }

  private async evaluate(
    compiled: Parameters<typeof evaluate>[0],
    input: EvaluationInput,
    now: Date,
    explain: boolean,
  ): Promise<Decision> {
    // The engine reads counters synchronously; prefetch what it may read (works for async stores too).
    const queries = counterQueries(compiled, input, { now });
    // Most policies have no limits on most actions: nothing to read then.
    if (queries.length === 0) return evaluate(compiled, input, { now, counters: NO_COUNTERS, explain });
    const usage = await this.ctx.storage.counterUsage(queries, now.getTime());
    const byKey = new Map(queries.map((q, i) => [`${q.key}\u0000${q.window_seconds}`, usage[i] ?? 0]));
    const counters = {
      usage: (q: { key: string; window_seconds: number }) =>
        byKey.get(`${q.key}\u0000${q.window_seconds}`) ?? 0,
    };
    return evaluate(compiled, input, { now, counters, explain });
  }

  private async checkApprovalToken(
    agent: AgentContext,
    token: string,
    hash: string,
    now: Date,
  ): Promise<PresentedApproval> {
    try {
      const { claims } = await verifyApprovalToken({
        token,
        jwks: this.keys.jwks(),
        issuer: this.ctx.issuer,
        agentId: agent.agent.id,
        actionHash: hash,
        now,
        // Issued and checked by this same clock: no skew to tolerate.
        clockToleranceSeconds: 0,
      });
      return {
        jti: claims.jti,
        exp: claims.exp,
        approvalId: claims.approval_id,
        assurance: claims.assurance,
      };
    } catch (err) {
      if (err instanceof OpenLeashTokenError) {
        throw new ApiError(
          "APPROVAL_TOKEN_INVALID",
          "approval token is not valid for this agent and action",
          {
            reason: err.code,
          },
        );
      }
      throw err;
    }
  }

  private approvalRow(
    agent: AgentContext,
    req: AuthorizeRequest,
    hash: string,
    decisionId: string,
    decision: Decision,
    policyVersion: string,
    now: Date,
  ): ApprovalRow {
    return {
      id: this.ctx.ids("apr"),
      owner_id: agent.owner.id,
      agent_id: agent.agent.id,
      kind: decision.decision === "REQUIRE_STEP_UP" ? "STEP_UP" : "APPROVAL",
      status: "PENDING",
      action: { ...req.action },
      action_hash: hash,
      action_type: req.action.type,
      decision_id: decisionId,
      reason: decision.reason,
      matched_rule: decision.matched_rule,
      policy_version: policyVersion,
      min_assurance: minAssurance(decision),
      obligations: decision.obligations,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + this.ctx.config.approvalRequestTtlSeconds * 1000).toISOString(),
      decided_at: null,
      decided_by: null,
      assurance: null,
      decision_note: null,
    };
  }
}

function noPolicy(explain: boolean): Decision {
  const reason = "no policy is bound to this agent";
  return {
    decision: "DENY",
    reason,
    reason_code: "NO_POLICY" as Decision["reason_code"],
    matched_rule: null,
    obligations: [],
    proof: { required: false, ttl_seconds: null },
    charges: [],
    ...(explain ? { trace: [{ step: "layers", outcome: "none", message: reason }] } : {}),
  };
}
