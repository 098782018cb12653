import type Database from "better-sqlite3";
import type {
  ApprovalRow,
  AuthorizationCommit,
  AuthorizationCommitResult,
  ChargeInput,
  DecisionRow,
  NonceEntry,
} from "../types";
import {
  MAX_BATCH_ENTRIES,
  NonceGuard,
  type NonceKey,
  nonceKey,
  packNonces,
  unpackNonces,
} from "./nonce-guard";
import { approvalToParams } from "./rows";

class LimitExceeded extends Error {
  constructor(readonly charge: ChargeInput) {
    super("limit exceeded");
  }
}

class JtiUsed extends Error {}

/** True when an authorization commit writes nothing but its nonce. */
export function writesOnlyNonce(c: AuthorizationCommit): boolean {
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
 *
 * Nonces are checked by the in-memory {@link NonceGuard} (this process is the data folder's only
 * writer) and appended to `nonce_batches`, many to a row. An authorization that writes nothing but
 * its nonce can be acknowledged without waiting for SQLite ({@link commitNonceOnly}): its nonce is
 * queued, and the caller keeps it durable elsewhere until {@link persistDeferred} writes the queue
 * together with the caller's mark in that other log (storage/types.ts, `DeferredNonces`).
 */
export class AuthorizationStatements {
  private readonly guard = new NonceGuard();
  private readonly insertBatch: Database.Statement;
  /** Nonces acknowledged but not yet written: h1, h2, expires_at, flattened. */
  private deferred: number[] = [];
  private readonly writeDeferred: (rows: number[], mark: number | null) => void;
  private readonly readMark: Database.Statement;
  private readonly latest: Database.Statement;
  private readonly window: Database.Statement;
  private readonly insertCharge: Database.Statement;
  private readonly jtiExists: Database.Statement;
  private readonly insertJti: Database.Statement;
  private readonly insertApproval: Database.Statement;
  private readonly pruneNonces: Database.Statement;
  private readonly pruneJtis: Database.Statement;
  private readonly pruneCharges: Database.Statement;
  readonly commit: (c: AuthorizationCommit) => AuthorizationCommitResult;
  private readonly applyCharges: (charges: ChargeInput[], nowMs: number) => void;

  constructor(private readonly db: Database.Database) {
    this.insertBatch = db.prepare("INSERT INTO nonce_batches (expires_at, keys) VALUES (?, ?)");
    this.readMark = db.prepare(`SELECT value FROM settings WHERE key = '${MARK_KEY}'`).pluck();
    const writeMark = db.prepare(
      `INSERT INTO settings (key, value) VALUES ('${MARK_KEY}', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
    this.writeDeferred = db.transaction((rows: number[], mark: number | null) => {
      for (let i = 0; i < rows.length; i += 3 * MAX_BATCH_ENTRIES) {
        const { keys, expiresAt } = packNonces(rows, i, Math.min(rows.length, i + 3 * MAX_BATCH_ENTRIES));
        this.insertBatch.run(expiresAt, keys);
      }
      if (mark !== null) writeMark.run(String(mark));
    });
    // Everything not yet pruned counts, as rows did before (pruneExpired drops the expired ones).
    const add = (key: NonceKey, expiresAtMs: number) => this.guard.add(key, expiresAtMs);
    for (const keys of db.prepare("SELECT keys FROM nonce_batches").pluck().iterate()) {
      unpackNonces(keys as Buffer, add);
    }
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
    // A batch goes once its latest nonce has expired; RETURNING counts the pairs it held.
    this.pruneNonces = db
      .prepare(
        "DELETE FROM nonce_batches WHERE rowid IN (SELECT rowid FROM nonce_batches WHERE expires_at < ? LIMIT ?) RETURNING length(keys)",
      )
      .pluck();
    // Approval-token ids are few (one per approved action): no expiry index, each slice scans.
    this.pruneJtis = db.prepare(
      "DELETE FROM used_jtis WHERE jti IN (SELECT jti FROM used_jtis WHERE expires_at < ? LIMIT ?)",
    );
    this.pruneCharges = db.prepare(
      "DELETE FROM charges WHERE rowid IN (SELECT rowid FROM charges WHERE expires_at < ? LIMIT ?)",
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
    const body = (c: AuthorizationCommit, key: NonceKey): AuthorizationCommitResult => {
      if (!this.guard.add(key, c.nonce.expiresAtMs)) return { ok: false, code: "NONCE_REPLAY" };
      this.appendOne(key, c.nonce.expiresAtMs);
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
      const key = nonceKey(c.nonce.kid, c.nonce.nonce);
      try {
        return tx(c, key);
      } catch (err) {
        // Rolled back: the nonce was not used after all (body refuses a replay without throwing).
        this.guard.remove(key);
        if (err instanceof JtiUsed) return { ok: false, code: "APPROVAL_TOKEN_USED" };
        throw err;
      }
    };
  }

  /**
   * An authorization that writes nothing but its nonce: checked and recorded in memory now, its row
   * queued for {@link persistDeferred}. Only for a caller that keeps the nonce durable meanwhile.
   */
  commitNonceOnly(c: AuthorizationCommit): AuthorizationCommitResult {
    const key = nonceKey(c.nonce.kid, c.nonce.nonce);
    if (!this.guard.add(key, c.nonce.expiresAtMs)) return { ok: false, code: "NONCE_REPLAY" };
    this.deferred.push(key.h1, key.h2, c.nonce.expiresAtMs);
    return { ok: true, decision: c.decision, limitExceeded: null };
  }

  /**
   * Writes the queued nonce rows and, unless null, the caller's `mark` in one transaction (page
   * cache; as durable as SQLite's commits are). On failure the rows stay queued and the old mark stays.
   */
  persistDeferred(mark: number | null): void {
    if (!this.db.open || (this.deferred.length === 0 && mark === null)) return;
    const rows = this.deferred;
    this.deferred = [];
    try {
      this.writeDeferred(rows, mark);
    } catch (err) {
      this.deferred = rows.concat(this.deferred);
      throw err;
    }
  }

  /** The mark of the last {@link persistDeferred} that carried one; null if none ever did. */
  deferredMark(): number | null {
    const v = this.readMark.get() as string | undefined;
    return v === undefined ? null : Number(v);
  }

  /** Queues nonces replayed from the caller's log (known ones are skipped) and persists with `mark`. */
  restoreDeferred(nonces: NonceEntry[], mark: number): void {
    for (const n of nonces) {
      const key = nonceKey(n.kid, n.nonce);
      if (this.guard.add(key, n.expiresAtMs)) this.deferred.push(key.h1, key.h2, n.expiresAtMs);
    }
    this.persistDeferred(mark);
  }

  /** Sum of charges for `key` in (now - window, now]. */
  usageOf(key: string, windowSeconds: number, nowMs: number): number {
    const start = nowMs - windowSeconds * 1000;
    const r = this.window.get({ key, now: nowMs, start }) as { hi: number | null; lo: number | null };
    return r.hi === null ? 0 : r.hi - (r.lo ?? 0);
  }

  /** Records a nonce outside an authorization (other signed agent requests): written before it returns. */
  recordNonce(kid: string, nonce: string, expiresAtMs: number): boolean {
    const key = nonceKey(kid, nonce);
    if (!this.guard.add(key, expiresAtMs)) return false;
    try {
      this.appendOne(key, expiresAtMs);
    } catch (err) {
      this.guard.remove(key);
      throw err;
    }
    return true;
  }

  /** A batch of one: a nonce written before its request is answered. */
  private appendOne(key: NonceKey, expiresAtMs: number): void {
    const { keys } = packNonces([key.h1, key.h2, expiresAtMs]);
    this.insertBatch.run(expiresAtMs, keys);
  }

  /** True when a single-use token id has been consumed. */
  isJtiUsed(jti: string): boolean {
    return this.jtiExists.get(jti) !== undefined;
  }

  /** Inserts an approval row (tests and backfills). */
  insertApprovalRow(a: ApprovalRow): void {
    this.insertApproval.run(approvalToParams(a));
  }

  /**
   * Deletes expired nonces, charges and single-use jtis a slice at a time, letting the event loop
   * run between slices. At a sustained few thousand authorizations per second the nonce table holds
   * several hundred thousand rows, and one DELETE over all of them held every request for ≈ 200 ms
   * once a minute. Only rows whose `expires_at` has passed are ever deleted.
   */
  async prune(
    nowMs: number,
    sliceRows = PRUNE_SLICE_ROWS,
  ): Promise<{ nonces: number; charges: number; jtis: number }> {
    const counts = { nonces: 0, charges: 0, jtis: 0 };
    if (!this.db.open) return counts;
    // The guard forgets what the table loses, a slice of its slots at a time. Queued rows are left
    // for their writer: an expired one is dropped by the next prune.
    for (let from = 0; from < this.guard.capacity && this.db.open; ) {
      from = this.guard.forgetExpired(nowMs, from, GUARD_SLICE_SLOTS).next;
      await nextTurn();
    }
    this.guard.compactIfSparse();
    // Batches are in insertion order, which is nearly expiry order: each slice reads from the front,
    // a few batches at a time (each holds up to ≈ 100 ms of nonces). Charges have an expiry index. A
    // server closing meanwhile ends the sweep; the next one goes on.
    const batchSlice = Math.max(1, sliceRows >> 6);
    while (this.db.open) {
      const lengths = this.pruneNonces.all(nowMs, batchSlice) as number[];
      for (const bytes of lengths) counts.nonces += bytes / 16;
      if (lengths.length < batchSlice) break;
      await nextTurn();
    }
    for (const [name, statement] of [
      ["charges", this.pruneCharges],
      ["jtis", this.pruneJtis],
    ] as const) {
      while (this.db.open) {
        const deleted = statement.run(nowMs, sliceRows).changes;
        counts[name] += deleted;
        if (deleted < sliceRows) break;
        await nextTurn();
      }
    }
    return counts;
  }
}

/** Rows a prune slice looks at: a few milliseconds of work between two event-loop turns. */
const PRUNE_SLICE_ROWS = 4096;
/** `settings` key of the deferred nonces' mark (storage/types.ts, `DeferredNonces.mark`). */
const MARK_KEY = "nonces.mark";
/** Guard slots a prune slice looks at (≈ 1 ms). */
const GUARD_SLICE_SLOTS = 65_536;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
