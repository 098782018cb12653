import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

/** Options of {@link startCheckpointer}. */
export type CheckpointerOptions = {
  /** The database file (WAL mode). */
  file: string;
  /** `synchronous` of the checkpointing connection: it decides how the checkpoint syncs. */
  synchronous: "NORMAL" | "FULL";
  /**
   * How often to checkpoint (default 1 s). Longer means fewer fsyncs and pages written once however
   * often they changed meanwhile, against a larger WAL: at 1 s, p99 at c8 was 4.4–4.8 ms against
   * 4.9–5.2 ms at 250 ms (bench/authorize, 2026-11-26 05:45), with a WAL of about a second of writes.
   */
  intervalMs?: number;
  /** A checkpoint failed or the thread died; the caller turns automatic checkpoints back on. */
  onFailure(err: unknown): void;
  /** After each checkpoint of the thread: the caller finishes it on its own connection (see below). */
  onCheckpoint(): void;
};

/** A running background checkpointer. */
export type Checkpointer = {
  /** Runs a last checkpoint and stops the thread. */
  stop(): Promise<void>;
};

// CommonJS source of the worker: one connection of its own that copies WAL frames into the database
// file with PASSIVE checkpoints, which never block the writer (https://sqlite.org/wal.html §6).
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = " + workerData.synchronous);
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
    parentPort.postMessage({ checkpointed: true });
  } catch (err) {
    parentPort.postMessage({ error: String(err && err.message || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (m) => {
  if (m !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. With automatic checkpoints, every ~1000 WAL
 * pages one commit on the main thread also copies those pages into the database file and fsyncs it
 * twice — a stall of several milliseconds that every in-flight authorization waits out (it set the
 * p99 at concurrency 8, bench/authorize). Here a worker thread with its own connection checkpoints
 * every `intervalMs`; the caller sets `wal_autocheckpoint = 0` on its connection while this runs.
 *
 * Under continuous writes a checkpoint from another thread never quite catches up: commits land
 * while it copies, so the WAL is never fully backfilled when a writer starts and SQLite never
 * rewinds it — the file grows without bound. So after each of the thread's checkpoints the caller
 * runs one more PASSIVE checkpoint on its own connection (`onCheckpoint`): it only has the few
 * frames committed meanwhile to copy, and the next commit then starts the WAL over.
 */
export function startCheckpointer(options: CheckpointerOptions): Checkpointer {
  const module = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    // The thread holds one connection and a timer: a small heap keeps the server's RSS down.
    resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16, codeRangeSizeMb: 4 },
    workerData: {
      module,
      file: options.file,
      synchronous: options.synchronous,
      intervalMs: options.intervalMs ?? 1000,
    },
  });
  worker.unref();
  let stopped = false;
  let failed = false;
  const fail = (err: unknown) => {
    if (stopped || failed) return;
    failed = true;
    options.onFailure(err);
    void worker.terminate();
  };
  const done = new Promise<void>((resolve) => {
    worker.on("message", (m: { error?: string; stopped?: boolean; checkpointed?: boolean }) => {
      if (m.error) fail(new Error(m.error));
      if (m.checkpointed && !stopped && !failed) options.onCheckpoint();
      if (m.stopped) resolve();
    });
    worker.once("error", (err: unknown) => {
      fail(workerError(err));
      resolve();
    });
    worker.once("exit", () => {
      if (!stopped) fail(new Error("the checkpoint thread exited"));
      resolve();
    });
  });
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      if (!failed) worker.postMessage("stop");
      await done;
      await worker.terminate();
    },
  };
}

/**
 * An error thrown in a worker arrives structured-cloned: a SqliteError, for one, comes over as
 * `{ code }` without its message. This keeps whatever describes it.
 */
function workerError(err: unknown): Error {
  if (err instanceof Error && err.message) return err;
  const { message, code } = (err ?? {}) as { message?: unknown; code?: unknown };
  const parts = [typeof message === "string" ? message : "", typeof code === "string" ? code : ""];
  const text = parts.filter(Boolean).join(" ") || "unknown error";
  return new Error(`the checkpoint thread failed: ${text}`);
}
