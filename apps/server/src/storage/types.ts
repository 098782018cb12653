/**
 * The one storage interface every backend implements (SQLite embedded today, PostgreSQL later).
 * All methods are async so a networked backend fits; the SQLite adapter resolves synchronously
 * underneath. Times are ISO-8601 strings on rows and epoch milliseconds for nonces and counters.
 */

/** Whether an owner is a person or an organization. */
export type OwnerType = "user" | "org";
/** Lifecycle of an agent: only ACTIVE agents are authenticated; REVOKED is final. */
export type AgentStatus = "ACTIVE" | "SUSPENDED" | "REVOKED";
/** An agent key is usable while ACTIVE. */
export type KeyStatus = "ACTIVE" | "REVOKED";
/** Where a policy binding applies: owner-wide, to a group, or to one agent. */
export type BindingScope = "owner" | "group" | "agent";
/** Plain human approval, or a step-up needing a minimum assurance. */
export type ApprovalKind = "APPROVAL" | "STEP_UP";
/** Lifecycle of an approval request. */
export type ApprovalStatus = "PENDING" | "APPROVED" | "DENIED" | "EXPIRED";
/** eIDAS assurance levels, in increasing order (PROTOCOL.md §6). */
export type Assurance = "LOW" | "SUBSTANTIAL" | "HIGH";
/** The four answers of an authorization (PROTOCOL.md §4). */
export type DecisionKind = "ALLOW" | "DENY" | "REQUIRE_APPROVAL" | "REQUIRE_STEP_UP";

/** An owner (user or organization). */
export type OwnerRow = { id: string; type: OwnerType; name: string; created_at: string };
/** An owner API token; only the SHA-256 of the secret is stored. */
export type ApiTokenRow = {
  id: string;
  owner_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
};
/** An agent and its status. */
export type AgentRow = {
  id: string;
  owner_id: string;
  name: string;
  status: AgentStatus;
  attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
};
/** An agent's Ed25519 public key; `kid` is its RFC 7638 thumbprint. */
export type AgentKeyRow = {
  kid: string;
  agent_id: string;
  public_jwk: Record<string, unknown>;
  status: KeyStatus;
  created_at: string;
  revoked_at: string | null;
};
/** A single-use agent invite; only the SHA-256 of its token is stored. */
export type InviteRow = {
  id: string;
  owner_id: string;
  token_hash: string;
  agent_name: string | null;
  group_ids: string[];
  created_at: string;
  expires_at: string;
  used_at: string | null;
  agent_id: string | null;
};
/** A group of agents (policies can be bound to it). */
export type GroupRow = { id: string; owner_id: string; name: string; created_at: string };
/** A policy; its text lives in immutable versions. */
export type PolicyRow = {
  id: string;
  owner_id: string;
  name: string;
  latest_version: number;
  created_at: string;
  updated_at: string;
};
/** An immutable policy version: the YAML as uploaded plus its content hash. */
export type PolicyVersionRow = {
  policy_id: string;
  version: number;
  source: string;
  sha256: string;
  created_at: string;
};
/** A policy bound owner-wide, to a group or to an agent. */
export type BindingRow = {
  id: string;
  owner_id: string;
  policy_id: string;
  /** Pinned version, or null to follow the policy's latest version. */
  policy_version: number | null;
  scope: BindingScope;
  /** Group or agent id; null for an owner-wide binding. */
  target_id: string | null;
  position: number;
  created_at: string;
};
/** An approval request created by a REQUIRE_APPROVAL / REQUIRE_STEP_UP decision. */
export type ApprovalRow = {
  id: string;
  owner_id: string;
  agent_id: string;
  kind: ApprovalKind;
  status: ApprovalStatus;
  action: Record<string, unknown>;
  action_hash: string;
  action_type: string;
  decision_id: string;
  reason: string;
  matched_rule: string | null;
  policy_version: string;
  min_assurance: Assurance;
  obligations: Array<{ type: string; params: Record<string, unknown> }>;
  created_at: string;
  expires_at: string;
  decided_at: string | null;
  decided_by: string | null;
  assurance: Assurance | null;
  decision_note: string | null;
};
/** One decision as the transaction sees it (the audit log is its durable record). */
export type DecisionRow = {
  id: string;
  owner_id: string;
  agent_id: string;
  decision: DecisionKind;
  reason_code: string;
  reason: string;
  action_id: string;
  action_type: string;
  action_hash: string;
  matched_rule: string | null;
  policy_version: string;
  approval_id: string | null;
  created_at: string;
};

/** A limit charge to apply iff room remains: usage(key, window) + amount <= max. */
export type ChargeInput = {
  key: string;
  limit_id: string;
  window_seconds: number;
  amount: number;
  max: number;
};

/**
 * Everything one authorization writes, applied in ONE transaction (ARCHITECTURE.md, the hot path).
 * The decision itself is not stored here: the audit log is its durable record.
 */
export type AuthorizationCommit = {
  nowMs: number;
  /** The request's nonce, kept until `expiresAtMs` (created + skew window). */
  nonce: NonceEntry;
  /** Jti of a presented approval token, consumed only if the decision stays ALLOW. */
  approvalJti?: { jti: string; expiresAtMs: number };
  /** Charges to apply when `decision.decision` is ALLOW; any that no longer fits turns it into a DENY. */
  charges: ChargeInput[];
  decision: DecisionRow;
  /** Created with the decision when it is REQUIRE_APPROVAL / REQUIRE_STEP_UP. */
  approvalRequest?: ApprovalRow;
};

/** Outcome of a commit: the (possibly downgraded) decision, or why nothing was written. */
export type AuthorizationCommitResult =
  | { ok: true; decision: DecisionRow; limitExceeded: ChargeInput | null }
  | { ok: false; code: "NONCE_REPLAY" | "APPROVAL_TOKEN_USED" };

/** What redeeming an invite creates: the agent and its first key. */
export type RedeemInviteInput = {
  tokenHash: string;
  now: string;
  agent: AgentRow;
  key: AgentKeyRow;
};
/** Outcome of redeeming an invite. */
export type RedeemInviteResult =
  | { ok: true; agent: AgentRow; invite: InviteRow }
  | { ok: false; code: "INVITE_INVALID" | "KEY_EXISTS" };

/** The storage contract; see `contract.ts` for the executable specification. */
export interface Storage {
  /** Key/value settings (admin token hash, instance key ring state, ...). */
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string): Promise<void>;
  /** Sets the value only if the key is absent; returns whether it was set (first-start bootstrap). */
  setSettingIfAbsent(key: string, value: string): Promise<boolean>;

  createOwner(owner: OwnerRow, token: ApiTokenRow): Promise<void>;
  getOwner(id: string): Promise<OwnerRow | null>;
  listOwners(): Promise<OwnerRow[]>;
  createApiToken(token: ApiTokenRow): Promise<void>;
  findApiToken(tokenHash: string): Promise<ApiTokenRow | null>;
  revokeApiToken(ownerId: string, id: string, at: string): Promise<boolean>;
  listApiTokens(ownerId: string): Promise<ApiTokenRow[]>;

  createAgent(agent: AgentRow, keys: AgentKeyRow[]): Promise<void>;
  getAgent(id: string): Promise<AgentRow | null>;
  listAgents(ownerId: string): Promise<AgentRow[]>;
  updateAgent(
    id: string,
    patch: { name?: string; status?: AgentStatus; updated_at: string },
  ): Promise<AgentRow | null>;
  addAgentKey(key: AgentKeyRow): Promise<boolean>;
  getAgentKey(kid: string): Promise<AgentKeyRow | null>;
  listAgentKeys(agentId: string): Promise<AgentKeyRow[]>;
  revokeAgentKey(kid: string, at: string): Promise<boolean>;

  createInvite(invite: InviteRow): Promise<void>;
  listInvites(ownerId: string): Promise<InviteRow[]>;
  /** Atomically: the invite is unused and unexpired → mark it used, create the agent with its key. */
  redeemInvite(input: RedeemInviteInput): Promise<RedeemInviteResult>;

  createGroup(group: GroupRow): Promise<void>;
  getGroup(id: string): Promise<GroupRow | null>;
  listGroups(ownerId: string): Promise<GroupRow[]>;
  deleteGroup(id: string): Promise<boolean>;
  addGroupMember(groupId: string, agentId: string): Promise<void>;
  removeGroupMember(groupId: string, agentId: string): Promise<boolean>;
  listGroupMembers(groupId: string): Promise<string[]>;
  listAgentGroups(agentId: string): Promise<string[]>;

  createPolicy(policy: PolicyRow, version: PolicyVersionRow): Promise<void>;
  getPolicy(id: string): Promise<PolicyRow | null>;
  listPolicies(ownerId: string): Promise<PolicyRow[]>;
  /** Appends version `latest_version + 1`; returns it, or null when the policy does not exist. */
  addPolicyVersion(
    policyId: string,
    source: string,
    sha256: string,
    at: string,
  ): Promise<PolicyVersionRow | null>;
  getPolicyVersion(policyId: string, version: number): Promise<PolicyVersionRow | null>;
  listPolicyVersions(policyId: string): Promise<Array<Omit<PolicyVersionRow, "source">>>;

  createBinding(binding: BindingRow): Promise<void>;
  getBinding(id: string): Promise<BindingRow | null>;
  listBindings(ownerId: string): Promise<BindingRow[]>;
  deleteBinding(id: string): Promise<boolean>;

  /** Records a nonce; false when it was already seen for that key (a replay). */
  recordNonce(kid: string, nonce: string, expiresAtMs: number): Promise<boolean>;
  /** Sum of charges per query in (now - window, now]. */
  counterUsage(queries: Array<{ key: string; window_seconds: number }>, nowMs: number): Promise<number[]>;
  commitAuthorization(commit: AuthorizationCommit): Promise<AuthorizationCommitResult>;
  /**
   * Present when the store was opened to defer nonce-only commits (see {@link DeferredNonces});
   * undefined when every commit is written before {@link commitAuthorization} resolves.
   */
  readonly deferredNonces?: DeferredNonces;
  isJtiUsed(jti: string): Promise<boolean>;

  getApproval(id: string): Promise<ApprovalRow | null>;
  listApprovals(ownerId: string, status?: ApprovalStatus): Promise<ApprovalRow[]>;
  /** Moves a PENDING request to APPROVED/DENIED/EXPIRED; null if it was not pending. */
  decideApproval(
    id: string,
    update: {
      status: Exclude<ApprovalStatus, "PENDING">;
      decided_at: string;
      decided_by: string | null;
      assurance: Assurance | null;
      decision_note: string | null;
    },
  ): Promise<ApprovalRow | null>;

  /** Drops nonces, counters and used jtis whose window has passed. */
  pruneExpired(nowMs: number): Promise<{ nonces: number; charges: number; jtis: number }>;
  close(): Promise<void>;
}

/** A nonce as the replay check keys it, with the moment it can be forgotten. */
export type NonceEntry = { kid: string; nonce: string; expiresAtMs: number };

/**
 * Nonce-only authorizations acknowledged from memory. When a store defers them,
 * {@link Storage.commitAuthorization} of a commit that writes nothing but its nonce checks the nonce
 * against an in-memory set and resolves without writing; the caller makes the nonce durable
 * elsewhere before it answers (the server: in the decision's audit record, fsync'd before the answer
 * leaves) and hands the store its position in that other log with every {@link persist}. After a
 * crash the caller replays that log from {@link mark} into {@link restore}.
 *
 * Only a store with a single writer can defer (the SQLite data folder: one server holds it);
 * replicas on a shared database check nonces in the database itself.
 */
export interface DeferredNonces {
  /**
   * The position (audit seq) up to which every acknowledged nonce is in the store, as written by the
   * last {@link persist} or {@link restore}; null if neither ever ran on this store.
   */
  mark(): number | null;
  /**
   * Writes the queued nonces and `mark` in one transaction. The caller vouches that the nonce of every
   * record up to `mark` was acknowledged before this call. On failure nothing is written and the
   * queue and the old mark stay.
   */
  persist(mark: number): void;
  /**
   * Takes the nonces replayed from the caller's log after `mark()` (those already known are skipped)
   * and writes them, with everything queued, and the new `mark`.
   */
  restore(nonces: NonceEntry[], mark: number): void;
}
