import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { canonicalJson, quote, wellFormed } from "./canonical";
import type { Checkpoint, CheckpointSigner } from "./checkpoint";
import { CheckpointWriter, recoverCheckpointSeq } from "./checkpoint-writer";
import { AuditError } from "./errors";
import { listSegments } from "./files";
import { type DirLock, acquireDirLock } from "./lock";
import { type AuditPage, type AuditQuery, queryAuditLog, scanForward } from "./query";
import { type Encoded, sealRecord } from "./record";
import { recoverTail } from "./recovery";
import { type SecretPolicy, guardAndEncode } from "./redact";
import { type AuditEventInput, type AuditRecord, assertEventInput } from "./schema";
import { SegmentWriter, syncDir } from "./segment-writer";
import { type TailOptions, tailAuditLog } from "./tail";

/** Options of {@link AuditLog.open}. */
export interface AuditLogOptions {
  /** Directory of the log (created if missing); the server uses `<data>/audit`. */
  dir: string;
  /** Rotate to a new segment file before one would grow past this many bytes (default 64 MiB). */
  maxFileBytes?: number;
  /** Signs checkpoints; without it `checkpoint()` throws NO_SIGNER. */
  signer?: CheckpointSigner;
  /** Clock, injectable for tests (default `() => new Date()`). */
  now?: () => Date;
  /** Event id generator (default `crypto.randomUUID`). */
  newId?: () => string;
  /** What to do with secret-looking values in `data` (default `"redact"`, see `redactSecrets`). */
  secrets?: SecretPolicy;
  /** Largest accepted line in bytes (default 64 KiB); larger events throw RECORD_TOO_LARGE. */
  maxRecordBytes?: number;
  /** Sign a checkpoint in `close()` when records were added since the last one (default true with a signer). */
  checkpointOnClose?: boolean;
  /**
   * With a signer, also sign a checkpoint every this many ms when records were added since the last
   * one (default 60 000; 0 turns it off). This bounds how many of the newest records could be cut off
   * without `verifyAuditLog` noticing. The timer is unref'd: it never keeps the process alive.
   */
  checkpointIntervalMs?: number;
}

/** The default clock; `#nextTs` recognises it to format each millisecond only once. */
const systemNow = (): Date => new Date();

interface Pending {
  record: AuditRecord;
  line: Buffer;
  resolve: (r: AuditRecord) => void;
  reject: (e: unknown) => void;
}

/**
 * The single writer of an audit directory. Appends are hash-chained, serialized in order, and
 * group-committed: the appends made during one event-loop turn (or while the previous batch waits
 * for its fsync) go out together in one write + fdatasync, and each `append` promise resolves only
 * after its bytes are on disk.
 *
 * @example
 * const log = await AuditLog.open({ dir: "./.openleash/audit", signer });
 * await log.append({ type: "agent.registered", owner_id: "own_1", agent_id: "agt_1" });
 * await log.checkpoint();
 * await log.close();
 */
export class AuditLog {
  readonly dir: string;
  readonly #opts: Required<
    Omit<AuditLogOptions, "dir" | "signer" | "checkpointOnClose" | "checkpointIntervalMs">
  >;
  readonly #lock: DirLock;
  readonly #writer: SegmentWriter;
  /** Last assigned (maybe not yet durable) record. */
  #seq: number;
  #hash: string;
  #ts: string;
  /** The system clock's last millisecond and its ISO form (see `#systemIso`). */
  #isoMs = Number.NaN;
  #iso = "";
  /** Last durable record. */
  #durable: { seq: number; hash: string };
  #pending: Pending[] = [];
  #draining: Promise<void> | null = null;
  #failed: AuditError | null = null;
  #closed = false;
  readonly #checkpoints: CheckpointWriter;
  #stats = { appends: 0, commits: 0, bytes: 0 };

  private constructor(
    opts: AuditLogOptions,
    lock: DirLock,
    writer: SegmentWriter,
    head: { seq: number; hash: string; ts: string },
    lastCheckpointSeq: number,
  ) {
    this.dir = opts.dir;
    this.#opts = {
      maxFileBytes: opts.maxFileBytes ?? 64 * 1024 * 1024,
      now: opts.now ?? systemNow,
      newId: opts.newId ?? randomUUID,
      secrets: opts.secrets ?? "redact",
      maxRecordBytes: opts.maxRecordBytes ?? 64 * 1024,
    };
    this.#lock = lock;
    this.#writer = writer;
    this.#seq = head.seq;
    this.#hash = head.hash;
    this.#ts = head.ts;
    this.#durable = { seq: head.seq, hash: head.hash };
    // Signs checkpoints on demand, on close and (with a signer) from an unref'd periodic timer.
    this.#checkpoints = new CheckpointWriter({ ...opts, now: this.#opts.now }, lastCheckpointSeq, {
      durable: () => this.#durable,
      failure: () => this.#failed,
      barrier: () => this.#barrier(),
    });
  }

  /**
   * Opens (creating if needed) the log in `options.dir`: takes the directory lock (throws LOCKED if
   * another live process has it), repairs a torn tail left by a crash, and checks the newest
   * checkpoint is not beyond the end of the log (CORRUPT_LOG if records it sealed are gone).
   */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    if (!options || typeof options.dir !== "string" || options.dir === "") {
      throw new TypeError("AuditLog.open needs options.dir");
    }
    if (
      options.maxFileBytes !== undefined &&
      !(Number.isInteger(options.maxFileBytes) && options.maxFileBytes > 0)
    ) {
      throw new TypeError("maxFileBytes must be a positive integer");
    }
    const created = await mkdir(options.dir, { recursive: true });
    // Make new directories' entries durable: fsync each parent up to the first directory created.
    for (let d = resolve(options.dir); created !== undefined && d !== dirname(created); ) {
      d = dirname(d);
      syncDir(d);
    }
    const lock = await acquireDirLock(options.dir);
    try {
      const { segments } = await listSegments(options.dir);
      const head = await recoverTail(segments);
      const lastCheckpointSeq = await recoverCheckpointSeq(options.dir, segments, head);
      const last = segments[segments.length - 1];
      const writer = await SegmentWriter.open(
        options.dir,
        last ?? null,
        options.maxFileBytes ?? 64 * 1024 * 1024,
      );
      return new AuditLog(options, lock, writer, head, lastCheckpointSeq);
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /**
   * Counters since open: durable `appends`, group `commits` (batches, each one write + one
   * fdatasync per segment it touches) and `bytes` written; `appends / commits` is the average group size. Also the
   * newest checkpointed seq (-1 for none) and why the last background checkpoint failed, if it did.
   */
  stats(): {
    appends: number;
    commits: number;
    bytes: number;
    lastCheckpointSeq: number;
    lastCheckpointError: string | null;
  } {
    return {
      ...this.#stats,
      lastCheckpointSeq: this.#checkpoints.lastSeq,
      lastCheckpointError: this.#checkpoints.lastError,
    };
  }

  /** The last durable record: `{ seq: 0, hash: GENESIS_HASH }` for an empty log. */
  head(): { seq: number; hash: string } {
    return { ...this.#durable };
  }

  /**
   * Appends one event and resolves with the stored record once it is on disk (after fdatasync).
   * Throws INVALID_EVENT / SECRET_IN_EVENT / RECORD_TOO_LARGE before anything changes, CLOSED after
   * `close()`, WRITE_FAILED if the disk failed (the log then refuses all further appends).
   */
  append(event: AuditEventInput): Promise<AuditRecord> {
    try {
      if (this.#closed) throw new AuditError("CLOSED", "the audit log is closed");
      if (this.#failed) throw this.#failed;
      const item = this.#build(event);
      return new Promise<AuditRecord>((resolve, reject) => {
        this.#pending.push({ record: item.record, line: item.line, resolve, reject });
        this.#kick();
      });
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Builds the next record; commits to seq/hash only when every check passed. The hot path of every
   * append: `data` is guarded and canonicalized in one pass, each member quoted once for both the hash
   * body and the line (see `guardAndEncode`, `sealRecord`; same bytes as the general functions).
   */
  #build(event: AuditEventInput): { record: AuditRecord; line: Buffer } {
    assertEventInput(event);
    const record: AuditRecord = {
      v: 1,
      seq: this.#seq + 1,
      id: this.#opts.newId(),
      ts: this.#nextTs(),
      type: event.type,
      prev: this.#hash,
      hash: "",
    };
    if (event.owner_id !== undefined) record.owner_id = event.owner_id;
    if (event.org_id !== undefined) record.org_id = event.org_id;
    if (event.agent_id !== undefined) record.agent_id = event.agent_id;
    if (event.decision !== undefined) record.decision = event.decision;
    if (event.action_type !== undefined) record.action_type = event.action_type;
    const enc: Encoded = { actor: undefined, data: undefined };
    if (event.actor !== undefined) {
      const { type, id } = event.actor;
      record.actor = { type, id };
      // canonicalJson({ type, id }): members sorted, id first. Both were checked, but a getter may
      // answer differently the second time: then canonicalJson refuses a lone surrogate as before.
      enc.actor =
        wellFormed(id) && wellFormed(type)
          ? `{"id":${quote(id)},"type":${quote(type)}}`
          : canonicalJson(record.actor);
    }
    if (event.data !== undefined) {
      // The guarded plain copy (toJSON applied, undefined members dropped, -0 as 0) is the object a
      // reader parses back from the line; its canonical JSON serves both the hash and the line.
      const guarded = guardAndEncode(event.data, this.#opts.secrets);
      record.data = guarded.value as Record<string, unknown>;
      enc.data = guarded.json;
    }
    const line = Buffer.from(sealRecord(record, enc), "utf8");
    if (line.length > this.#opts.maxRecordBytes) {
      throw new AuditError(
        "RECORD_TOO_LARGE",
        `record of ${line.length} bytes exceeds ${this.#opts.maxRecordBytes}`,
      );
    }
    this.#seq = record.seq;
    this.#hash = record.hash;
    this.#ts = record.ts;
    return { record, line };
  }

  /** Timestamps never decrease along the log (a clock stepping back repeats the last one), so time ranges can stop scans early. */
  #nextTs(): string {
    const now = this.#opts.now === systemNow ? this.#systemIso() : this.#opts.now().toISOString();
    // ISO strings of one format compare like the instants they name (Math.max does not apply to strings).
    if (now > this.#ts) return now;
    return this.#ts;
  }

  /** `new Date().toISOString()`, formatted once per millisecond: appends come many to a millisecond. */
  #systemIso(): string {
    const ms = Date.now();
    if (ms !== this.#isoMs) {
      this.#isoMs = ms;
      this.#iso = new Date(ms).toISOString();
    }
    return this.#iso;
  }

  /**
   * Group commit: the first append of an event-loop turn schedules one flush for the end of that
   * turn (`setImmediate`, after the poll phase has handed over every request that was ready), so
   * all appends made meanwhile go out in one write + fdatasync; while a flush waits for its fsync,
   * new appends queue for the next one.
   */
  #kick(): void {
    if (this.#draining) return;
    this.#draining = new Promise<void>((done) => {
      setImmediate(() => this.#flush(done));
    });
  }

  /**
   * Writes the pending batch (synchronously: it only reaches the page cache) and fdatasyncs it on
   * the thread pool, so the event loop goes on serving requests during the fsync; those append to
   * the next batch, which starts when this one is durable.
   */
  #flush(done: () => void): void {
    const batch = this.#pending;
    const finish = () => {
      this.#draining = null;
      done();
      if (this.#pending.length > 0 && !this.#failed) this.#kick();
    };
    if (batch.length === 0) {
      finish();
      return;
    }
    this.#pending = [];
    let bytes: number;
    try {
      bytes = this.#writer.write(batch);
    } catch (cause) {
      this.#fail(batch, cause);
      finish();
      return;
    }
    this.#writer.sync((err) => {
      if (err) this.#fail(batch, err);
      else {
        this.#stats.appends += batch.length;
        this.#stats.commits++;
        this.#stats.bytes += bytes;
        const last = batch[batch.length - 1]!.record;
        this.#durable = { seq: last.seq, hash: last.hash };
        for (const p of batch) p.resolve(p.record);
      }
      finish();
    });
  }

  /** After a failed write or fsync the file state is unknown (an fsync error is not retryable), so stop. */
  #fail(batch: Pending[], cause: unknown): void {
    this.#failed = new AuditError(
      "WRITE_FAILED",
      "writing the audit log failed; it accepts no more appends",
      {
        cause,
      },
    );
    const all = [...batch, ...this.#pending];
    this.#pending = [];
    for (const p of all) p.reject(this.#failed);
  }

  /** Resolves when every append made before the call is durable (or failed). */
  async #barrier(): Promise<void> {
    while (this.#draining || this.#pending.length > 0) {
      this.#kick();
      await this.#draining;
    }
  }

  /**
   * Signs the current durable head with the signer and appends it to `checkpoints.jsonl` (fsynced)
   * after every earlier append is on disk. Checkpoints let `verifyAuditLog` detect a truncated or
   * rewritten log (see README). Throws NO_SIGNER without a signer.
   */
  checkpoint(): Promise<Checkpoint> {
    if (this.#closed) return Promise.reject(new AuditError("CLOSED", "the audit log is closed"));
    return this.#checkpoints.checkpoint();
  }

  /** Pages through durable records; see {@link queryAuditLog}. */
  query(q: AuditQuery = {}): Promise<AuditPage> {
    return queryAuditLog(this.dir, q, { maxSeq: this.#durable.seq });
  }

  /**
   * Visits the durable records after `afterSeq`, oldest first, until `visit` returns false; for a
   * reader that keeps its own position in the log (the server replays nonces from its last mark).
   */
  async scan(afterSeq: number, visit: (r: AuditRecord) => boolean | undefined): Promise<void> {
    const maxSeq = this.#durable.seq;
    if (afterSeq >= maxSeq) return;
    const { segments } = await listSegments(this.dir);
    await scanForward(segments, afterSeq + 1, maxSeq, (r) => visit(r) !== false);
  }

  /**
   * Last `n` records, then (with `follow`) new ones as they are written; see {@link tailAuditLog}.
   * It reads the files, so a followed record can show up a moment before its fsync completes.
   */
  tail(options: Omit<TailOptions, "dir"> = {}): AsyncGenerator<AuditRecord> {
    return tailAuditLog({ ...options, dir: this.dir });
  }

  /**
   * Waits for pending appends, seals the log with a checkpoint when there is a signer and records
   * were added since the last one, closes the files and releases the lock. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#checkpoints.stop();
    try {
      await this.#barrier();
      await this.#checkpoints.finish();
    } finally {
      await this.#writer.close();
      await this.#checkpoints.close();
      await this.#lock.release();
    }
  }
}
