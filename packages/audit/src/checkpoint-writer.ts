import { type FileHandle, open } from "node:fs/promises";
import { join } from "node:path";
import { type Checkpoint, type CheckpointSigner, serializeCheckpoint, signCheckpoint } from "./checkpoint";
import { assertCheckpointHolds, readLastCheckpoint } from "./checkpoints-file";
import { AuditError } from "./errors";
import { CHECKPOINT_FILE, type Segment } from "./files";
import { syncDir } from "./segment-writer";

/**
 * The seq of the newest checkpoint of the log in `dir` (-1 for none), for the writer to resume
 * from: cuts off a torn last checkpoint line and throws CORRUPT_LOG if the record the newest
 * checkpoint names is gone or changed (`head` is the log's last record after tail recovery).
 */
export async function recoverCheckpointSeq(
  dir: string,
  segments: Segment[],
  head: { seq: number; hash: string },
): Promise<number> {
  const last = await readLastCheckpoint(join(dir, CHECKPOINT_FILE), true);
  if (last) await assertCheckpointHolds(segments, last, head);
  return last?.seq ?? -1;
}

/** What a {@link CheckpointWriter} reads of the log it seals; the log passes views of its own state. */
export interface CheckpointedLog {
  /** The last durable record (`{ seq: 0, hash: GENESIS_HASH }` for an empty log). */
  durable(): { readonly seq: number; readonly hash: string };
  /** The write failure that stopped the log, or null while it works. */
  failure(): AuditError | null;
  /** Resolves when every append made before the call is durable (or failed). */
  barrier(): Promise<void>;
}

/**
 * Options of a {@link CheckpointWriter}: the checkpoint part of `AuditLogOptions` (documented
 * there, defaults resolved here) with the log's resolved clock.
 */
export interface CheckpointWriterOptions {
  /** Directory of the log; the checkpoints go to its `checkpoints.jsonl`. */
  dir: string;
  /** Signs checkpoints; without it `checkpoint()` throws NO_SIGNER and no timer runs. */
  signer?: CheckpointSigner;
  /** Clock for the checkpoints' `ts`. */
  now: () => Date;
  /** Sign a checkpoint in `finish()` when records were added since the last one (default true). */
  checkpointOnClose?: boolean;
  /** Sign a checkpoint every this many ms when records were added since the last one (default 60 000; 0: never). */
  checkpointIntervalMs?: number;
}

/**
 * Owns `checkpoints.jsonl` for the `AuditLog`: signs the log's durable head and appends it
 * (fdatasynced), one checkpoint at a time, on demand and from a periodic timer. A checkpoint only
 * ever covers durable records: it waits for the log's barrier before it reads the head.
 *
 * The file is opened on the first checkpoint, so a log that never checkpoints never creates it.
 */
export class CheckpointWriter {
  readonly #dir: string;
  readonly #signer: CheckpointSigner | undefined;
  readonly #now: () => Date;
  readonly #onClose: boolean;
  readonly #log: CheckpointedLog;
  #file: FileHandle | null = null;
  /** Serialises checkpoints: each waits for the one before (never rejects, so a failure does not stick). */
  #chain: Promise<unknown> = Promise.resolve();
  #lastSeq: number;
  #lastError: string | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #periodicBusy = false;
  #stopped = false;

  /**
   * `lastSeq` is the seq of the newest checkpoint already in the file (-1 for none). With a signer
   * and an interval, starts the periodic timer; it is unref'd, so it never keeps the process alive.
   */
  constructor(opts: CheckpointWriterOptions, lastSeq: number, log: CheckpointedLog) {
    this.#dir = opts.dir;
    this.#signer = opts.signer;
    this.#now = opts.now;
    this.#onClose = opts.checkpointOnClose ?? true;
    this.#log = log;
    this.#lastSeq = lastSeq;
    const intervalMs = opts.checkpointIntervalMs ?? 60_000;
    if (this.#signer && intervalMs > 0) {
      this.#timer = setInterval(() => this.#periodicCheckpoint(), intervalMs);
      this.#timer.unref();
    }
  }

  /** The newest checkpointed seq (-1 for none). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Why the last background checkpoint failed, or null if it succeeded (or none ran yet). */
  get lastError(): string | null {
    return this.#lastError;
  }

  /** A background checkpoint failure is kept in `lastError` (`stats().lastCheckpointError`) and retried next interval. */
  #periodicCheckpoint(): void {
    if (
      this.#periodicBusy ||
      this.#stopped ||
      this.#log.failure() ||
      this.#lastSeq >= this.#log.durable().seq
    )
      return;
    this.#periodicBusy = true;
    this.checkpoint()
      .then(
        () => {
          this.#lastError = null;
        },
        (err: unknown) => {
          this.#lastError = err instanceof Error ? err.message : String(err);
        },
      )
      .finally(() => {
        this.#periodicBusy = false;
      });
  }

  /**
   * Queues a checkpoint of the durable head, taken after every earlier append is on disk and
   * every earlier checkpoint is written. Throws NO_SIGNER without a signer, the log's WRITE_FAILED
   * once it failed.
   */
  checkpoint(): Promise<Checkpoint> {
    const run = this.#chain.then(() => this.#checkpointNow());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async #checkpointNow(): Promise<Checkpoint> {
    const signer = this.#signer;
    if (!signer) throw new AuditError("NO_SIGNER", "checkpoint() needs a signer in AuditLog.open options");
    this.#assertWorking();
    await this.#log.barrier();
    this.#assertWorking();
    const cp = await signCheckpoint(signer, this.#log.durable(), this.#now().toISOString());
    if (!this.#file) {
      this.#file = await open(join(this.#dir, CHECKPOINT_FILE), "a", 0o644);
      syncDir(this.#dir); // the file's directory entry must survive a crash too
    }
    await this.#file.write(`${serializeCheckpoint(cp)}\n`);
    await this.#file.datasync();
    this.#lastSeq = cp.seq;
    return cp;
  }

  #assertWorking(): void {
    const failed = this.#log.failure();
    if (failed) throw failed;
  }

  /** Stops the periodic timer for good: the log is closing (and refuses `checkpoint()` itself from now on). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
  }

  /**
   * Waits for the queued checkpoints; then, with a signer and `checkpointOnClose`, signs one more
   * when records were added since the last one and the log has not failed. Called by the log's
   * `close()` after its pending appends are durable.
   */
  async finish(): Promise<void> {
    await this.#chain;
    const head = this.#log.durable();
    const sealed = this.#lastSeq >= head.seq || head.seq === 0;
    if (this.#signer && this.#onClose && !this.#log.failure() && !sealed) await this.#checkpointNow();
  }

  /** Closes the checkpoints file, if a checkpoint opened it. */
  async close(): Promise<void> {
    await this.#file?.close();
    this.#file = null;
  }
}
