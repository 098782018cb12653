import { listSegments } from "./files";
import { MAX_QUERY_LIMIT, queryAuditLog, scanForward } from "./query";
import type { AuditRecord } from "./schema";

/** Options of {@link tailAuditLog}. */
export interface TailOptions {
  dir: string;
  /** How many of the newest records to yield first (default 10; 0 for none). */
  n?: number;
  /** Keep yielding records as they are appended, until `signal` aborts (default false). */
  follow?: boolean;
  /** Stops a follow. */
  signal?: AbortSignal;
  /** How often a follow looks for new records, in ms (default 250). */
  pollIntervalMs?: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

async function newest(dir: string, n: number): Promise<{ records: AuditRecord[]; lastSeq: number }> {
  const out: AuditRecord[] = [];
  let cursor: string | undefined;
  let lastSeq = 0;
  do {
    const limit = Math.min(MAX_QUERY_LIMIT, Math.max(1, n - out.length));
    const page = await queryAuditLog(dir, { order: "desc", limit, cursor });
    if (out.length === 0 && page.records[0]) lastSeq = page.records[0].seq;
    if (n > 0) out.push(...page.records);
    cursor = page.next_cursor ?? undefined;
  } while (cursor && out.length < n);
  return { records: out.slice(0, n).reverse(), lastSeq };
}

/**
 * Yields the last `n` records oldest first, then, with `follow`, every record appended afterwards
 * (polling; it follows rotation into new segments) until `signal` aborts. Reads only complete
 * lines and needs no lock, so it can watch a log another process is writing.
 *
 * @example for await (const r of tailAuditLog({ dir, n: 5, follow: true, signal })) console.log(r.type)
 */
export async function* tailAuditLog(options: TailOptions): AsyncGenerator<AuditRecord> {
  const n = options.n ?? 10;
  if (!Number.isInteger(n) || n < 0) throw new TypeError("n must be a non-negative integer");
  const first = await newest(options.dir, n);
  yield* first.records;
  let lastSeq = first.lastSeq;
  const poll = options.pollIntervalMs ?? 250;
  while (options.follow && !options.signal?.aborted) {
    const batch: AuditRecord[] = [];
    const segments = await listSegments(options.dir).then(
      (l) => l.segments,
      () => [],
    );
    await scanForward(segments, lastSeq + 1, Number.MAX_SAFE_INTEGER, (r) => {
      batch.push(r);
      return batch.length < MAX_QUERY_LIMIT;
    });
    for (const r of batch) {
      if (options.signal?.aborted) return;
      yield r;
      lastSeq = r.seq;
    }
    if (batch.length === 0) await sleep(poll, options.signal);
  }
}
