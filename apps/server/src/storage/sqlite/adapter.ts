import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type {
  AgentKeyRow,
  AgentRow,
  ApiTokenRow,
  ApprovalRow,
  ApprovalStatus,
  BindingRow,
  DeferredNonces,
  GroupRow,
  InviteRow,
  OwnerRow,
  PolicyRow,
  PolicyVersionRow,
  RedeemInviteInput,
  RedeemInviteResult,
  Storage,
} from "../types";
import { AuthorizationStatements, writesOnlyNonce } from "./authorization";
import { type Checkpointer, startCheckpointer } from "./checkpointer";
import { CommitBatcher } from "./commit-batch";
import { migrate } from "./migrations";
import { agentFromRaw, approvalFromRaw, inviteFromRaw, keyFromRaw } from "./rows";

/** Options of {@link openSqliteStorage}. */
export type SqliteStorageOptions = {
  /** Folder holding `openleash.db`; `":memory:"` is accepted for throwaway stores. */
  dataDir: string;
  /** WAL durability; NORMAL survives process crashes, FULL also power loss. */
  synchronous?: "NORMAL" | "FULL";
  /**
   * Checkpoint the WAL from a worker thread instead of inside commits (the server turns this on:
   * it keeps multi-millisecond checkpoint stalls off the event loop). Default false.
   */
  backgroundCheckpoints?: boolean;
  /** Told when background checkpointing fails (automatic checkpoints are then back on). */
  onBackgroundError?: (err: unknown) => void;
  /** How often the background thread checkpoints (default 1000 ms). */
  checkpointIntervalMs?: number;
  /**
   * Acknowledge commits that write nothing but their nonce from memory (see `DeferredNonces` in
   * storage/types.ts): only for a caller that keeps those nonces durable elsewhere and replays them
   * after a crash, as the server does with its audit log. Default false: every commit is written
   * before it resolves.
   */
  deferNonces?: boolean;
};

type Raw = Record<string, unknown>;

/**
 * The embedded storage: better-sqlite3 in WAL mode in `<dataDir>/openleash.db`. Statements are
 * prepared once; every multi-row change is one transaction.
 */
export class SqliteStorage implements Storage {
  readonly db: Database.Database;
  private readonly auth: AuthorizationStatements;
  private readonly batcher: CommitBatcher;
  private readonly stmts = new Map<string, Database.Statement>();
  private readonly checkpointer: Checkpointer | null = null;
  readonly deferredNonces: DeferredNonces | undefined;

  constructor(options: SqliteStorageOptions) {
    const file = options.dataDir === ":memory:" ? ":memory:" : join(options.dataDir, "openleash.db");
    if (file !== ":memory:") mkdirSync(options.dataDir, { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma(`synchronous = ${options.synchronous === "FULL" ? "FULL" : "NORMAL"}`);
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    migrate(this.db);
    this.auth = new AuthorizationStatements(this.db);
    this.batcher = new CommitBatcher(this.db, this.auth.commit);
    if (options.deferNonces) {
      const auth = this.auth;
      this.deferredNonces = {
        mark: () => auth.deferredMark(),
        persist: (mark) => auth.persistDeferred(mark),
        restore: (nonces, mark) => auth.restoreDeferred(nonces, mark),
      };
    }
    if (options.backgroundCheckpoints && file !== ":memory:") {
      this.db.pragma("wal_autocheckpoint = 0");
      this.checkpointer = startCheckpointer({
        file,
        synchronous: options.synchronous ?? "NORMAL",
        ...(options.checkpointIntervalMs !== undefined ? { intervalMs: options.checkpointIntervalMs } : {}),
        // The thread copied the bulk; copying what was committed meanwhile here lets the WAL rewind.
        onCheckpoint: () => {
          if (this.db.open) this.db.pragma("wal_checkpoint(PASSIVE)");
        },
        onFailure: (err) => {
          // SQLite's default: checkpoint inside the commit that takes the WAL past 1000 pages.
          if (this.db.open) this.db.pragma("wal_autocheckpoint = 1000");
          options.onBackgroundError?.(err);
        },
      });
    }
  }

  /** A cached prepared statement (prepared once, reused: no per-request SQL parsing). */
  private q(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.stmts.set(sql, s);
    }
    return s;
  }

  private one<T>(sql: string, ...params: unknown[]): T | null {
    return (this.q(sql).get(...params) as T | undefined) ?? null;
  }

  private all<T>(sql: string, ...params: unknown[]): T[] {
    return this.q(sql).all(...params) as T[];
  }

  async getSetting(key: string) {
    return this.one<{ value: string }>("SELECT value FROM settings WHERE key = ?", key)?.value ?? null;
  }
  async setSetting(key: string, value: string) {
    this.q(
      "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    ).run(key, value);
  }
  async setSettingIfAbsent(key: string, value: string) {
    return this.q("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)").run(key, value).changes === 1;
  }

  async createOwner(owner: OwnerRow, token: ApiTokenRow) {
    this.db.transaction(() => {
      this.q("INSERT INTO owners (id, type, name, created_at) VALUES (@id, @type, @name, @created_at)").run(
        owner,
      );
      this.insertToken(token);
    })();
  }
  async getOwner(id: string) {
    return this.one<OwnerRow>("SELECT * FROM owners WHERE id = ?", id);
  }
  async listOwners() {
    return this.all<OwnerRow>("SELECT * FROM owners ORDER BY created_at, rowid");
  }
  private insertToken(t: ApiTokenRow) {
    this.q(
      `INSERT INTO api_tokens (id, owner_id, name, token_hash, created_at, revoked_at)
       VALUES (@id, @owner_id, @name, @token_hash, @created_at, @revoked_at)`,
    ).run(t);
  }
  async createApiToken(token: ApiTokenRow) {
    this.insertToken(token);
  }
  async findApiToken(tokenHash: string) {
    return this.one<ApiTokenRow>("SELECT * FROM api_tokens WHERE token_hash = ?", tokenHash);
  }
  async revokeApiToken(ownerId: string, id: string, at: string) {
    const sql = "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND owner_id = ? AND revoked_at IS NULL";
    return this.q(sql).run(at, id, ownerId).changes === 1;
  }
  async listApiTokens(ownerId: string) {
    return this.all<ApiTokenRow>(
      "SELECT * FROM api_tokens WHERE owner_id = ? ORDER BY created_at, rowid",
      ownerId,
    );
  }

  private insertAgent(agent: AgentRow, keys: AgentKeyRow[]) {
    this.q(
      `INSERT INTO agents (id, owner_id, name, status, attributes, created_at, updated_at)
       VALUES (@id, @owner_id, @name, @status, @attributes, @created_at, @updated_at)`,
    ).run({ ...agent, attributes: JSON.stringify(agent.attributes) });
    for (const k of keys) this.insertKey(k);
  }
  private insertKey(k: AgentKeyRow) {
    this.q(
      `INSERT INTO agent_keys (kid, agent_id, public_jwk, status, created_at, revoked_at)
       VALUES (@kid, @agent_id, @public_jwk, @status, @created_at, @revoked_at)`,
    ).run({ ...k, public_jwk: JSON.stringify(k.public_jwk) });
  }
  async createAgent(agent: AgentRow, keys: AgentKeyRow[]) {
    this.db.transaction(() => this.insertAgent(agent, keys))();
  }
  async getAgent(id: string) {
    const r = this.one<Raw>("SELECT * FROM agents WHERE id = ?", id);
    return r ? agentFromRaw(r) : null;
  }
  async listAgents(ownerId: string) {
    return this.all<Raw>("SELECT * FROM agents WHERE owner_id = ? ORDER BY created_at, rowid", ownerId).map(
      agentFromRaw,
    );
  }
  async updateAgent(id: string, patch: { name?: string; status?: AgentRow["status"]; updated_at: string }) {
    this.q(
      `UPDATE agents SET name = COALESCE(@name, name), status = COALESCE(@status, status), updated_at = @updated_at
       WHERE id = @id`,
    ).run({ id, name: patch.name ?? null, status: patch.status ?? null, updated_at: patch.updated_at });
    return this.getAgent(id);
  }
  async addAgentKey(key: AgentKeyRow) {
    if (this.one("SELECT 1 FROM agent_keys WHERE kid = ?", key.kid)) return false;
    this.insertKey(key);
    return true;
  }
  async getAgentKey(kid: string) {
    const r = this.one<Raw>("SELECT * FROM agent_keys WHERE kid = ?", kid);
    return r ? keyFromRaw(r) : null;
  }
  async listAgentKeys(agentId: string) {
    return this.all<Raw>(
      "SELECT * FROM agent_keys WHERE agent_id = ? ORDER BY created_at, rowid",
      agentId,
    ).map(keyFromRaw);
  }
  async revokeAgentKey(kid: string, at: string) {
    const sql =
      "UPDATE agent_keys SET status = 'REVOKED', revoked_at = ? WHERE kid = ? AND status = 'ACTIVE'";
    return this.q(sql).run(at, kid).changes === 1;
  }

  async createInvite(invite: InviteRow) {
    this.q(
      `INSERT INTO invites (id, owner_id, token_hash, agent_name, group_ids, created_at, expires_at, used_at, agent_id)
       VALUES (@id, @owner_id, @token_hash, @agent_name, @group_ids, @created_at, @expires_at, @used_at, @agent_id)`,
    ).run({ ...invite, group_ids: JSON.stringify(invite.group_ids) });
  }
  async listInvites(ownerId: string) {
    return this.all<Raw>("SELECT * FROM invites WHERE owner_id = ? ORDER BY created_at, rowid", ownerId).map(
      inviteFromRaw,
    );
  }
  async redeemInvite(input: RedeemInviteInput): Promise<RedeemInviteResult> {
    return this.db.transaction((): RedeemInviteResult => {
      const raw = this.one<Raw>("SELECT * FROM invites WHERE token_hash = ?", input.tokenHash);
      const invite = raw ? inviteFromRaw(raw) : null;
      if (!invite || invite.used_at !== null || invite.expires_at <= input.now) {
        return { ok: false, code: "INVITE_INVALID" };
      }
      if (this.one("SELECT 1 FROM agent_keys WHERE kid = ?", input.key.kid))
        return { ok: false, code: "KEY_EXISTS" };
      const agent: AgentRow = { ...input.agent, owner_id: invite.owner_id };
      this.insertAgent(agent, [input.key]);
      for (const g of invite.group_ids) {
        if (this.one("SELECT 1 FROM groups WHERE id = ? AND owner_id = ?", g, invite.owner_id)) {
          this.q("INSERT OR IGNORE INTO group_members (group_id, agent_id) VALUES (?, ?)").run(g, agent.id);
        }
      }
      this.q("UPDATE invites SET used_at = ?, agent_id = ? WHERE id = ?").run(input.now, agent.id, invite.id);
      return { ok: true, agent, invite: { ...invite, used_at: input.now, agent_id: agent.id } };
    })();
  }

  async createGroup(group: GroupRow) {
    this.q(
      "INSERT INTO groups (id, owner_id, name, created_at) VALUES (@id, @owner_id, @name, @created_at)",
    ).run(group);
  }
  async getGroup(id: string) {
    return this.one<GroupRow>("SELECT * FROM groups WHERE id = ?", id);
  }
  async listGroups(ownerId: string) {
    return this.all<GroupRow>("SELECT * FROM groups WHERE owner_id = ? ORDER BY created_at, rowid", ownerId);
  }
  async deleteGroup(id: string) {
    return this.db.transaction(() => {
      this.q("DELETE FROM bindings WHERE scope = 'group' AND target_id = ?").run(id);
      return this.q("DELETE FROM groups WHERE id = ?").run(id).changes === 1;
    })();
  }
  async addGroupMember(groupId: string, agentId: string) {
    this.q("INSERT OR IGNORE INTO group_members (group_id, agent_id) VALUES (?, ?)").run(groupId, agentId);
  }
  async removeGroupMember(groupId: string, agentId: string) {
    return (
      this.q("DELETE FROM group_members WHERE group_id = ? AND agent_id = ?").run(groupId, agentId)
        .changes === 1
    );
  }
  async listGroupMembers(groupId: string) {
    const rows = this.all<{ agent_id: string }>(
      "SELECT agent_id FROM group_members WHERE group_id = ? ORDER BY agent_id",
      groupId,
    );
    return rows.map((r) => r.agent_id);
  }
  async listAgentGroups(agentId: string) {
    const rows = this.all<{ group_id: string }>(
      "SELECT group_id FROM group_members WHERE agent_id = ? ORDER BY group_id",
      agentId,
    );
    return rows.map((r) => r.group_id);
  }

  private insertVersion(v: PolicyVersionRow) {
    this.q(
      `INSERT INTO policy_versions (policy_id, version, source, sha256, created_at)
       VALUES (@policy_id, @version, @source, @sha256, @created_at)`,
    ).run(v);
  }
  async createPolicy(policy: PolicyRow, version: PolicyVersionRow) {
    this.db.transaction(() => {
      this.q(
        `INSERT INTO policies (id, owner_id, name, latest_version, created_at, updated_at)
         VALUES (@id, @owner_id, @name, @latest_version, @created_at, @updated_at)`,
      ).run(policy);
      this.insertVersion(version);
    })();
  }
  async getPolicy(id: string) {
    return this.one<PolicyRow>("SELECT * FROM policies WHERE id = ?", id);
  }
  async listPolicies(ownerId: string) {
    return this.all<PolicyRow>(
      "SELECT * FROM policies WHERE owner_id = ? ORDER BY created_at, rowid",
      ownerId,
    );
  }
  async addPolicyVersion(policyId: string, source: string, sha256: string, at: string) {
    return this.db.transaction((): PolicyVersionRow | null => {
      const p = this.one<PolicyRow>("SELECT * FROM policies WHERE id = ?", policyId);
      if (!p) return null;
      const v: PolicyVersionRow = {
        policy_id: policyId,
        version: p.latest_version + 1,
        source,
        sha256,
        created_at: at,
      };
      this.insertVersion(v);
      this.q("UPDATE policies SET latest_version = ?, updated_at = ? WHERE id = ?").run(
        v.version,
        at,
        policyId,
      );
      return v;
    })();
  }
  async getPolicyVersion(policyId: string, version: number) {
    const sql = "SELECT * FROM policy_versions WHERE policy_id = ? AND version = ?";
    return this.one<PolicyVersionRow>(sql, policyId, version);
  }
  async listPolicyVersions(policyId: string) {
    const sql =
      "SELECT policy_id, version, sha256, created_at FROM policy_versions WHERE policy_id = ? ORDER BY version";
    return this.all<Omit<PolicyVersionRow, "source">>(sql, policyId);
  }

  async createBinding(b: BindingRow) {
    this.q(
      `INSERT INTO bindings (id, owner_id, policy_id, policy_version, scope, target_id, position, created_at)
       VALUES (@id, @owner_id, @policy_id, @policy_version, @scope, @target_id, @position, @created_at)`,
    ).run(b);
  }
  async getBinding(id: string) {
    return this.one<BindingRow>("SELECT * FROM bindings WHERE id = ?", id);
  }
  async listBindings(ownerId: string) {
    const sql = "SELECT * FROM bindings WHERE owner_id = ? ORDER BY position, created_at, rowid";
    return this.all<BindingRow>(sql, ownerId);
  }
  async deleteBinding(id: string) {
    return this.q("DELETE FROM bindings WHERE id = ?").run(id).changes === 1;
  }

  async recordNonce(kid: string, nonce: string, expiresAtMs: number) {
    return this.auth.recordNonce(kid, nonce, expiresAtMs);
  }
  async counterUsage(queries: Array<{ key: string; window_seconds: number }>, nowMs: number) {
    return queries.map((q) => this.auth.usageOf(q.key, q.window_seconds, nowMs));
  }
  commitAuthorization(commit: Parameters<Storage["commitAuthorization"]>[0]) {
    // Nothing but the nonce to write: decided in memory now, the row follows (DeferredNonces).
    if (this.deferredNonces && writesOnlyNonce(commit))
      return Promise.resolve(this.auth.commitNonceOnly(commit));
    return this.batcher.submit(commit);
  }
  async isJtiUsed(jti: string) {
    return this.auth.isJtiUsed(jti);
  }

  async getApproval(id: string) {
    const r = this.one<Raw>("SELECT * FROM approvals WHERE id = ?", id);
    return r ? approvalFromRaw(r) : null;
  }
  async listApprovals(ownerId: string, status?: ApprovalStatus) {
    const rows = status
      ? this.all<Raw>(
          "SELECT * FROM approvals WHERE owner_id = ? AND status = ? ORDER BY created_at, rowid",
          ownerId,
          status,
        )
      : this.all<Raw>("SELECT * FROM approvals WHERE owner_id = ? ORDER BY created_at, rowid", ownerId);
    return rows.map(approvalFromRaw);
  }
  async decideApproval(id: string, u: Parameters<Storage["decideApproval"]>[1]): Promise<ApprovalRow | null> {
    const changed = this.q(
      `UPDATE approvals SET status = @status, decided_at = @decided_at, decided_by = @decided_by,
       assurance = @assurance, decision_note = @decision_note WHERE id = @id AND status = 'PENDING'`,
    ).run({ id, ...u }).changes;
    return changed === 1 ? this.getApproval(id) : null;
  }

  /** `sliceRows`: rows looked at between two event-loop turns (tests make it small). */
  async pruneExpired(nowMs: number, sliceRows?: number) {
    return this.auth.prune(nowMs, sliceRows);
  }
  async close() {
    if (!this.db.open) return;
    this.batcher.flush();
    // Queued nonces are written; the mark stays where the caller last put it (a replay from there
    // finds them known).
    this.auth.persistDeferred(null);
    await this.checkpointer?.stop();
    this.db.close();
  }
}

/** Opens (creating and migrating when needed) the SQLite store of a data folder. */
export function openSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  return new SqliteStorage(options);
}
