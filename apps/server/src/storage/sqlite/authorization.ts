import type Database from "better-sqlite3";
import type {
  ApprovalRow,
  AuthorizationCommit,
  AuthorizationCommitResult,
  ChargeInput,
  DecisionRow,
} from "../types";
import { approvalToParams } from "./rows";

class LimitExceeded extends Error {
  constructor(readonly charge: ChargeInput) {
    super("limit exceeded");
  }
}

class JtiUsed extends Error {}

/** True when {@link AuthorizationStatements.commit} will write nothing but the nonce. */
function writesOnlyNonce(c: AuthorizationCommit): boolean {
  const d = c.decision.decision;
  return (
    !c.approvalJti &&
    (d !== "ALLOW" || c.charges.length === 0) &&
    (!c.approvalRequest || d === "ALLOW" || d === "DENY")
  );
}

/**
 * The hot-path writes of one authorization, with prepared statements. Everything happens in ONE
 * SQLite transaction: better-sqlite3 runs it synchronously, so nothing interleaves between the
 * re-check of a counter and its charge (the conditional apply the engine's `Charge` asks for).
 */
export class AuthorizationStatements {
  private readonly insertNonce: Database.Statement;
  private readonly latest: Database.Statement;
  private readonly window: Database.Statement;
  private readonly insertCharge: Database.Statement;
  private readonly jtiExists: Database.Statement;
  private readonly insertJti: Database.Statement;
  private readonly insertApproval: Database.Statement;
  readonly commit: (c: AuthorizationCommit) => AuthorizationCommitResult;
  private readonly applyCharges: (charges: ChargeInput[], nowMs: number) => void;

  constructor(private readonly db: Database.Database) {
    this.insertNonce = db.prepare("INSERT OR IGNORE INTO nonces (kid, nonce, expires_at) VALUES (?, ?, ?)");
    // Each charge row carries the running total of its key (`cum`), so the usage of any window is
    // two index lookups (cum at now − cum at now − window) instead of a SUM over every charge in it.
    this.latest = db.prepare(
      "SELECT ts, cum FROM charges WHERE key = ? ORDER BY ts DESC, rowid DESC LIMIT 1",
    );
    // hi = running total at `now`; lo = running total at the window start, or just before the oldest
    // remaining row when nothing is that old (pruned or never charged). One statement, index-only.
    this.window = db.prepare(
      `SELECT (SELECT cum FROM charges WHERE key = @key AND ts <= @now ORDER BY ts DESC, rowid DESC LIMIT 1) AS hi,
       COALESCE((SELECT cum FROM charges WHERE key = @key AND ts <= @start ORDER BY ts DESC, rowid DESC LIMIT 1),
                (SELECT cum - amount FROM charges WHERE key = @key ORDER BY ts ASC, rowid ASC LIMIT 1)) AS lo`,
    );
    this.insertCharge = db.prepare(
      "INSERT INTO charges (key, ts, amount, cum, expires_at) VALUES (?, ?, ?, ?, ?)",
    );
    this.jtiExists = db.prepare("SELECT 1 FROM used_jtis WHERE jti = ?");
    this.insertJti = db.prepare("INSERT INTO used_jtis (jti, expires_at) VALUES (?, ?)");
    this.insertApproval = db.prepare(
      `INSERT INTO approvals (id, owner_id, agent_id, kind, status, action, action_hash, action_type, decision_id,
       reason, matched_rule, policy_version, min_assurance, obligations, created_at, expires_at, decided_at,
       decided_by, assurance, decision_note) VALUES (@id, @owner_id, @agent_id, @kind, @status, @action,
       @action_hash, @action_type, @decision_id, @reason, @matched_rule, @policy_version, @min_assurance,
       @obligations, @created_at, @expires_at, @decided_at, @decided_by, @assurance, @decision_note)`,
    );
    // A nested transaction is a SAVEPOINT: a charge that no longer fits rolls back the ones before it.
    this.applyCharges = db.transaction((charges: ChargeInput[], nowMs: number) => {
      for (const ch of charges) {
        const used = this.usageOf(ch.key, ch.window_seconds, nowMs);
        if (used + ch.amount > ch.max) throw new LimitExceeded(ch);
        const last = this.latest.get(ch.key) as { ts: number; cum: number } | undefined;
        // Timestamps never go backwards within a key, so running totals stay ordered by ts.
        const ts = Math.max(nowMs, last?.ts ?? nowMs);
        this.insertCharge.run(
          ch.key,
          ts,
          ch.amount,
          (last?.cum ?? 0) + ch.amount,
          ts + ch.window_seconds * 1000,
        );
      }
    });
    const body = (c: AuthorizationCommit): AuthorizationCommitResult => {
      if (this.insertNonce.run(c.nonce.kid, c.nonce.nonce, c.nonce.expiresAtMs).changes === 0) {
        return { ok: false, code: "NONCE_REPLAY" };
      }
      if (c.approvalJti && this.jtiExists.get(c.approvalJti.jti)) throw new JtiUsed();
      let decision: DecisionRow = c.decision;
      let limitExceeded: ChargeInput | null = null;
      if (decision.decision === "ALLOW") {
        try {
          if (c.charges.length > 0) this.applyCharges(c.charges, c.nowMs);
          if (c.approvalJti) this.insertJti.run(c.approvalJti.jti, c.approvalJti.expiresAtMs);
        } catch (err) {
          if (!(err instanceof LimitExceeded)) throw err;
          limitExceeded = err.charge;
          decision = {
            ...decision,
            decision: "DENY",
            reason_code: "LIMIT_EXCEEDED",
            reason: `limit ${err.charge.limit_id} exceeded`,
          };
        }
      }
      if (c.approvalRequest && decision.decision !== "ALLOW" && decision.decision !== "DENY") {
        this.insertApproval.run(approvalToParams(c.approvalRequest));
      }
      return { ok: true, decision, limitExceeded };
    };
    const tx = db.transaction(body);
    this.commit = (c) => {
      // A commit that writes only its nonce is one statement, atomic on its own: no SAVEPOINT needed.
      if (writesOnlyNonce(c)) return body(c);
      try {
        return tx(c);
      } catch (err) {
        if (err instanceof JtiUsed) return { ok: false, code: "APPROVAL_TOKEN_USED" };
        throw err;
      }
    };
  }

  /** Sum of charges for `key` in (now - window, now]. */
  usageOf(key: string, windowSeconds: number, nowMs: number): number {
    const start = nowMs - windowSeconds * 1000;
    const r = this.window.get({ key, now: nowMs, start }) as { hi: number | null; lo: number | null };
    return r.hi === null ? 0 : r.hi - (r.lo ?? 0);
  }

  /** Records a nonce outside an authorization (other signed agent requests). */
  recordNonce(kid: string, nonce: string, expiresAtMs: number): boolean {
    return this.insertNonce.run(kid, nonce, expiresAtMs).changes === 1;
  }

  /** True when a single-use token id has been consumed. */
  isJtiUsed(jti: string): boolean {
    return this.jtiExists.get(jti) !== undefined;
  }

  /** Inserts an approval row (tests and backfills). */
  insertApprovalRow(a: ApprovalRow): void {
    this.insertApproval.run(approvalToParams(a));
  }

  /** Deletes expired nonces, charges and jtis. */
  prune(nowMs: number): { nonces: number; charges: number; jtis: number } {
    const db = this.db;
    return db.transaction(() => ({
      nonces: db.prepare("DELETE FROM nonces WHERE expires_at < ?").run(nowMs).changes,
      charges: db.prepare("DELETE FROM charges WHERE expires_at < ?").run(nowMs).changes,
      jtis: db.prepare("DELETE FROM used_jtis WHERE expires_at < ?").run(nowMs).changes,
    }))();
  }
}
