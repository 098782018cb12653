import { open } from "node:fs/promises";
import { AuditError } from "./errors";
import { type Segment, linesBackward, linesForward, listSegments, offsetOfSeq } from "./files";
import { parseRecordLine } from "./parse";
import type { AuditRecord } from "./schema";

/** Filters and paging for `query`. Every filter is an exact match; all given filters must hold. */
export interface AuditQuery {
  owner_id?: string;
  org_id?: string;
  agent_id?: string;
  /** One event type or any of several. */
  type?: string | string[];
  decision?: string;
  action_type?: string;
  /** Inclusive lower bound on `ts` (any date string `Date` parses). */
  since?: string;
  /** Exclusive upper bound on `ts`. */
  until?: string;
  /** `"desc"` (newest first, the default) or `"asc"`. */
  order?: "asc" | "desc";
  /** Page size, 1..1000, default 50. */
  limit?: number;
  /** `next_cursor` of the previous page (same order). */
  cursor?: string;
}

/** One page of records and the cursor of the next page (null on the last page). */
export interface AuditPage {
  records: AuditRecord[];
  next_cursor: string | null;
}

/** Page size when `limit` is not given. */
export const DEFAULT_QUERY_LIMIT = 50;
/** Largest accepted `limit`. */
export const MAX_QUERY_LIMIT = 1000;

function toIso(value: string, name: string): string {
  const t = Date.parse(value);
  if (typeof value !== "string" || Number.isNaN(t))
    throw new AuditError("INVALID_QUERY", `${name} is not a date`);
  return new Date(t).toISOString();
}

function encodeCursor(seq: number, order: "asc" | "desc"): string {
  return Buffer.from(JSON.stringify({ s: seq, o: order === "asc" ? "a" : "d" })).toString("base64url");
}

function decodeCursor(cursor: string, order: "asc" | "desc"): number {
  try {
    const c = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { s?: unknown; o?: unknown };
    if (typeof c.s === "number" && Number.isSafeInteger(c.s) && c.s >= 0 && c.o === order[0]) return c.s;
  } catch {
    // fall through
  }
  throw new AuditError("INVALID_CURSOR", "cursor is malformed or belongs to the other order");
}

interface Plan {
  order: "asc" | "desc";
  limit: number;
  since?: string;
  until?: string;
  startSeq: number;
  match: (r: AuditRecord) => boolean;
  /** Cheap pre-filter on the raw line: every group needs one of its strings present. */
  needles: string[][];
}

function plan(q: AuditQuery): Plan {
  const order = q.order ?? "desc";
  if (order !== "asc" && order !== "desc")
    throw new AuditError("INVALID_QUERY", 'order must be "asc" or "desc"');
  const limit = q.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    throw new AuditError("INVALID_QUERY", `limit must be an integer from 1 to ${MAX_QUERY_LIMIT}`);
  }
  const types = q.type === undefined ? null : new Set(Array.isArray(q.type) ? q.type : [q.type]);
  const since = q.since === undefined ? undefined : toIso(q.since, "since");
  const until = q.until === undefined ? undefined : toIso(q.until, "until");
  const fields = (["owner_id", "org_id", "agent_id", "decision", "action_type"] as const).filter(
    (f) => q[f] !== undefined,
  );
  const match = (r: AuditRecord): boolean =>
    (types === null || types.has(r.type)) &&
    fields.every((f) => r[f] === q[f]) &&
    (since === undefined || r.ts >= since) &&
    (until === undefined || r.ts < until);
  // Lines are written in one canonical layout, so a top-level `"agent_id":"x"` appears verbatim in a
  // matching line; lines without it are skipped before JSON.parse. A nested look-alike only costs a parse.
  const needles = fields.map((f) => [`"${f}":${JSON.stringify(q[f])}`]);
  if (types) needles.push([...types].map((t) => `"type":${JSON.stringify(t)}`));
  const cursorSeq = q.cursor === undefined ? null : decodeCursor(q.cursor, order);
  const startSeq =
    order === "asc" ? (cursorSeq ?? 0) + 1 : cursorSeq === null ? Number.MAX_SAFE_INTEGER : cursorSeq - 1;
  return { order, limit, since, until, startSeq, match, needles };
}

/**
 * Pages through the log in `dir` without loading whole files: segments are picked by name, the
 * start line is found by binary search on byte offsets, then lines are streamed forward (`asc`) or
 * read backwards in chunks (`desc`). Timestamps never decrease along the log, so a time range also
 * ends the scan early. `maxSeq` hides records beyond a point (a writer passes its durable head).
 * Reading needs no lock and works while a writer appends; a partial last line is ignored.
 *
 * @example await queryAuditLog("./.openleash/audit", { agent_id: "agt_1", limit: 20 })
 */
export async function queryAuditLog(
  dir: string,
  q: AuditQuery = {},
  options: { maxSeq?: number } = {},
): Promise<AuditPage> {
  const p = plan(q);
  const maxSeq = options.maxSeq ?? Number.MAX_SAFE_INTEGER;
  const found: AuditRecord[] = [];
  const visit = (r: AuditRecord): boolean => {
    if (
      p.order === "asc" ? p.until !== undefined && r.ts >= p.until : p.since !== undefined && r.ts < p.since
    ) {
      return false;
    }
    if (p.match(r)) found.push(r);
    return found.length <= p.limit;
  };
  const segments = await listSegments(dir).then((l) => l.segments, missingDirIsEmpty);
  // Skipping lines unparsed would hide the timestamp that ends a time-bounded scan early.
  const bounded = p.order === "asc" ? p.until !== undefined : p.since !== undefined;
  const skip =
    bounded || p.needles.length === 0
      ? undefined
      : (text: string) => p.needles.some((group) => !group.some((n) => text.includes(n)));
  if (p.order === "asc") await scanForward(segments, p.startSeq, maxSeq, visit, skip);
  else await scanBackward(segments, Math.min(p.startSeq, maxSeq), visit, skip);
  const records = found.slice(0, p.limit);
  const last = records[records.length - 1];
  return { records, next_cursor: found.length > p.limit && last ? encodeCursor(last.seq, p.order) : null };
}

function missingDirIsEmpty(err: NodeJS.ErrnoException): Segment[] {
  if (err.code === "ENOENT") return [];
  throw err;
}

function parseOrThrow(text: string, seg: Segment, offset: number): AuditRecord {
  const r = parseRecordLine(text);
  if (!r) throw new AuditError("CORRUPT_LOG", `${seg.name}: unreadable record at byte ${offset}`);
  return r;
}

/** Visits records with seq in [startSeq, maxSeq] oldest first until `visit` returns false. */
export async function scanForward(
  segments: Segment[],
  startSeq: number,
  maxSeq: number,
  visit: (r: AuditRecord) => boolean,
  skip?: (text: string) => boolean,
): Promise<void> {
  let first = segments.findLastIndex((s) => s.firstSeq <= startSeq);
  if (first < 0) first = 0;
  for (let i = first; i < segments.length; i++) {
    const seg = segments[i]!;
    if (seg.firstSeq > maxSeq) return;
    const fh = await open(seg.path, "r");
    try {
      const size = (await fh.stat()).size;
      const from = startSeq > seg.firstSeq ? await offsetOfSeq(fh, size, startSeq, seg.name) : 0;
      for await (const line of linesForward(fh, from, size)) {
        if (!line.complete) break;
        if (skip?.(line.text)) continue;
        const r = parseOrThrow(line.text, seg, line.offset);
        if (r.seq < startSeq) continue;
        if (r.seq > maxSeq || !visit(r)) return;
      }
    } finally {
      await fh.close();
    }
  }
}

/** Visits records with seq <= startSeq newest first until `visit` returns false. */
export async function scanBackward(
  segments: Segment[],
  startSeq: number,
  visit: (r: AuditRecord) => boolean,
  skip?: (text: string) => boolean,
): Promise<void> {
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    if (seg.firstSeq > startSeq) continue;
    const fh = await open(seg.path, "r");
    try {
      const size = (await fh.stat()).size;
      const end = await offsetOfSeq(fh, size, startSeq + 1, seg.name);
      for await (const line of linesBackward(fh, end)) {
        if (skip?.(line.text)) continue;
        const r = parseOrThrow(line.text, seg, line.offset);
        if (r.seq > startSeq) continue;
        if (!visit(r)) return;
      }
    } finally {
      await fh.close();
    }
  }
}
