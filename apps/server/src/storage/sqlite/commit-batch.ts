import type Database from "better-sqlite3";
import type { AuthorizationCommit, AuthorizationCommitResult } from "../types";

type Pending = {
  commit: AuthorizationCommit;
  resolve: (r: AuthorizationCommitResult) => void;
  reject: (e: unknown) => void;
};

/**
 * Group commit for authorizations: the commits that arrive within one event-loop turn run in ONE
 * SQLite transaction, each inside its own SAVEPOINT (better-sqlite3 nests transactions that way).
 * Every authorization stays atomic and they still apply one after another — the conditional
 * charge of the second sees the first — but the WAL is written once per batch instead of once per
 * request, which is most of the storage cost of an authorization under concurrency.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private readonly runBatch: (batch: Pending[]) => void;

  constructor(
    db: Database.Database,
    private readonly commitOne: (c: AuthorizationCommit) => AuthorizationCommitResult,
  ) {
    this.runBatch = db.transaction((batch: Pending[]) => {
      for (const p of batch) {
        try {
          p.resolve(this.commitOne(p.commit));
        } catch (err) {
          // commitOne is itself a transaction: its savepoint is already rolled back.
          p.reject(err);
        }
      }
    });
  }

  /** Queues a commit; it runs with the others queued in this turn. */
  submit(commit: AuthorizationCommit): Promise<AuthorizationCommitResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ commit, resolve, reject });
      if (this.queue.length === 1) setImmediate(() => this.flush());
    });
  }

  /** Runs everything queued now (also called before the database closes). */
  flush(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    try {
      this.runBatch(batch);
    } catch (err) {
      // The outer COMMIT failed (disk full, I/O error): nothing of the batch is durable.
      for (const p of batch) p.reject(err);
    }
  }
}
