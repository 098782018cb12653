import type { AuditRecord } from "@openleash/audit";
import type { DeferredNonces, NonceEntry } from "../storage";
import type { Logger } from "../util/logger";
import type { AuditService } from "./audit";

/**
 * The audit log as the redo log of the replay check.
 *
 * An authorization that writes nothing but its nonce is acknowledged by the store from memory
 * (`DeferredNonces`, storage/types.ts). Its nonce still reaches the disk before the answer leaves:
 * the decision's audit record carries it (`sig_nonce`, `sig_created`) and is fsync'd first. The store
 * writes its queued nonce rows every {@link PERSIST_INTERVAL_MS} together with the audit seq they
 * cover (the mark), and a start after a crash replays the decision records after the mark into the
 * store before the server answers anything. So a request answered before a crash is refused as a
 * replay after it, without a SQLite transaction per group of answers.
 */

/** The audit event type of a decision. */
export const DECISION_EVENT = "authorization.decision";

/** How often queued nonce rows are written (≈ 400 rows at 4 000 authorizations/s). */
export const PERSIST_INTERVAL_MS = 100;

/** When a request's nonce may be forgotten: once its `created` is outside the skew window for good. */
export function nonceExpiresAtMs(created: number, maxSkewSeconds: number): number {
  return (created + maxSkewSeconds + 1) * 1000;
}

/**
 * The signature members of a decision's audit data. The nonce is stored as base64url of its UTF-8
 * bytes: nonces are chosen by the agent, and no encoding of one can then look like a credential to
 * the audit log's secret guard (which would otherwise redact it, and its replay check with it).
 */
export function signatureAuditData(
  created: number,
  nonce: string,
): { sig_created: number; sig_nonce: string } {
  return { sig_created: created, sig_nonce: Buffer.from(nonce, "utf8").toString("base64url") };
}

/** The nonce a decision record carries, or null when it has none (older records, other events). */
export function nonceOfRecord(r: AuditRecord, maxSkewSeconds: number): NonceEntry | null {
  const d = r.data as { kid?: unknown; sig_nonce?: unknown; sig_created?: unknown } | undefined;
  if (r.type !== DECISION_EVENT || !d) return null;
  const { kid, sig_nonce: nonce, sig_created: created } = d;
  if (typeof kid !== "string" || typeof nonce !== "string" || typeof created !== "number") return null;
  return {
    kid,
    nonce: Buffer.from(nonce, "base64url").toString("utf8"),
    expiresAtMs: nonceExpiresAtMs(created, maxSkewSeconds),
  };
}

/**
 * Replays the unexpired nonces of the decision records after the store's mark (none when the store
 * never had a mark: a folder from before deferred nonces holds every nonce already) and moves the
 * mark to the log's head. Runs before the server answers anything.
 */
export async function replayDeferredNonces(
  deferred: DeferredNonces,
  audit: AuditService,
  maxSkewSeconds: number,
  nowMs: number,
): Promise<{ scanned: number; restored: number }> {
  const head = audit.head().seq;
  // A mark past the head (an audit folder restored from an older copy): nothing newer to replay.
  const from = Math.min(deferred.mark() ?? head, head);
  const nonces: NonceEntry[] = [];
  let scanned = 0;
  await audit.scan(from, (r) => {
    scanned++;
    const n = nonceOfRecord(r, maxSkewSeconds);
    if (n && n.expiresAtMs > nowMs) nonces.push(n);
    return true;
  });
  deferred.restore(nonces, head);
  return { scanned, restored: nonces.length };
}

/**
 * Writes the store's queued nonces every {@link PERSIST_INTERVAL_MS} with the audit log's durable
 * head as the mark. That is safe because a record is appended only after its nonce was acknowledged:
 * every record up to the head has its nonce in the queue being written or in an earlier write.
 * Returns the stop function, which writes what is left with the final head (call it after the audit
 * log closed, so that its last records are durable).
 */
export function startNoncePersister(
  deferred: DeferredNonces,
  audit: AuditService,
  logger: Logger,
  intervalMs = PERSIST_INTERVAL_MS,
): () => void {
  let failing = false;
  const persist = () => {
    try {
      deferred.persist(audit.head().seq);
      if (failing) logger.warn("deferred nonces are written again");
      failing = false;
    } catch (err) {
      // The rows stay queued and the mark stays behind them: the audit log still holds the nonces.
      if (!failing) logger.error("writing deferred nonces failed; retrying", { err: String(err) });
      failing = true;
    }
  };
  const timer = setInterval(persist, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    persist();
  };
}
