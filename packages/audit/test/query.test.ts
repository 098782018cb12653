import { beforeAll, describe, expect, it } from "vitest";
import { type AuditQuery, type AuditRecord, AuditLog, queryAuditLog, tailAuditLog } from "../src/index";
import { steppingClock, suiteTempDir, tempDir } from "./helpers";

const DECISIONS = ["ALLOW", "DENY", "REQUIRE_APPROVAL"];
const TYPES = ["authorization.decision", "agent.registered", "policy.created"];

async function fill(dir: string, n: number, maxFileBytes?: number): Promise<AuditRecord[]> {
  const log = await AuditLog.open({ dir, now: steppingClock(), ...(maxFileBytes ? { maxFileBytes } : {}) });
  const out = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      log.append({
        type: TYPES[i % 3]!,
        owner_id: `own_${i % 2}`,
        agent_id: `agt_${i % 5}`,
        ...(i % 3 === 0 ? { decision: DECISIONS[i % 4 === 0 ? 0 : 1]! } : {}),
        data: { i, note: "n".repeat(i % 40) },
      }),
    ),
  );
  await log.close();
  return out;
}

async function collect(dir: string, q: AuditQuery): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await queryAuditLog(dir, { ...q, cursor });
    expect(page.records.length).toBeLessThanOrEqual(q.limit ?? 50);
    out.push(...page.records);
    if (!page.next_cursor) return out;
    cursor = page.next_cursor;
  }
  throw new Error("did not finish");
}

function brute(all: AuditRecord[], q: AuditQuery): AuditRecord[] {
  const types = q.type === undefined ? null : [q.type].flat();
  const since = q.since ? new Date(q.since).toISOString() : null;
  const until = q.until ? new Date(q.until).toISOString() : null;
  const hit = all.filter(
    (r) =>
      (!types || types.includes(r.type)) &&
      (!q.owner_id || r.owner_id === q.owner_id) &&
      (!q.agent_id || r.agent_id === q.agent_id) &&
      (!q.decision || r.decision === q.decision) &&
      (!since || r.ts >= since) &&
      (!until || r.ts < until),
  );
  return q.order === "asc" ? hit : hit.reverse();
}

describe("query", () => {
  let dir: string;
  let all: AuditRecord[];
  beforeAll(async () => {
    dir = await suiteTempDir();
    all = await fill(dir, 240, 4000);
  });

  const cases: AuditQuery[] = [
    {},
    { order: "asc" },
    { agent_id: "agt_3", limit: 7 },
    { owner_id: "own_1", type: "authorization.decision", order: "asc", limit: 3 },
    { decision: "DENY", limit: 1 },
    { type: ["agent.registered", "policy.created"], limit: 33 },
    { since: "2026-01-01T00:01:00Z", until: "2026-01-01T00:02:30Z", limit: 10 },
    { since: "2026-01-01T00:01:00Z", until: "2026-01-01T00:02:30Z", order: "asc", limit: 9 },
    { agent_id: "nobody" },
  ];

  it.each(cases)("pages match a full scan: %j", async (q) => {
    const expected = brute(all, q);
    const got = await collect(dir, q);
    expect(got.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
    expect(got).toEqual(expected);
  });

  it("defaults to newest first, 50 a page", async () => {
    const page = await queryAuditLog(dir);
    expect(page.records).toHaveLength(50);
    expect(page.records[0]!.seq).toBe(240);
    expect(page.next_cursor).toEqual(expect.any(String));
  });

  it("refuses bad queries with typed errors", async () => {
    await expect(queryAuditLog(dir, { limit: 0 })).rejects.toMatchObject({ code: "INVALID_QUERY" });
    await expect(queryAuditLog(dir, { limit: 1001 })).rejects.toMatchObject({ code: "INVALID_QUERY" });
    await expect(queryAuditLog(dir, { since: "yesterday-ish" })).rejects.toMatchObject({
      code: "INVALID_QUERY",
    });
    await expect(queryAuditLog(dir, { order: "up" as never })).rejects.toMatchObject({
      code: "INVALID_QUERY",
    });
    await expect(queryAuditLog(dir, { cursor: "garbage" })).rejects.toMatchObject({ code: "INVALID_CURSOR" });
    const asc = await queryAuditLog(dir, { order: "asc", limit: 1 });
    await expect(queryAuditLog(dir, { cursor: asc.next_cursor! })).rejects.toMatchObject({
      code: "INVALID_CURSOR",
    });
  });

  it("finds its place by binary search in a large file", async () => {
    const big = await tempDir();
    const records = await fill(big, 3000);
    const page = await queryAuditLog(big, { order: "asc", limit: 5, cursor: encodeCursorFor(1733, "a") });
    expect(page.records.map((r) => r.seq)).toEqual([1734, 1735, 1736, 1737, 1738]);
    const back = await queryAuditLog(big, { limit: 3, cursor: encodeCursorFor(2222, "d") });
    expect(back.records).toEqual([records[2220], records[2219], records[2218]]);
    // Whole-file pages in both directions cross many read chunks.
    expect(await collect(big, { order: "desc", limit: 1000 })).toEqual([...records].reverse());
    expect(await collect(big, { order: "asc", limit: 999 })).toEqual(records);
  });

  it("is not fooled by look-alike members nested in data", async () => {
    const d = await tempDir();
    const log = await AuditLog.open({ dir: d });
    await log.append({ type: "x", agent_id: "agt_1", data: { agent_id: "agt_3", type: "y" } });
    const real = await log.append({ type: "y", agent_id: "agt_3" });
    await log.close();
    expect((await queryAuditLog(d, { agent_id: "agt_3" })).records).toEqual([real]);
    expect((await queryAuditLog(d, { type: "y", order: "asc" })).records).toEqual([real]);
  });

  it("sees only durable records through AuditLog.query", async () => {
    const d = await tempDir();
    const log = await AuditLog.open({ dir: d });
    const pending = log.append({ type: "x" });
    const r = await pending;
    expect((await log.query()).records).toEqual([r]);
    await log.close();
  });
});

/** Cursors are opaque to users; the test builds one to jump into the middle of a big file. */
function encodeCursorFor(seq: number, o: "a" | "d"): string {
  return Buffer.from(JSON.stringify({ s: seq, o })).toString("base64url");
}

describe("tail", () => {
  it("yields the last n records, then follows new ones across rotation", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, maxFileBytes: 600 });
    for (let i = 0; i < 5; i++) await log.append({ type: "before", data: { i } });
    const ac = new AbortController();
    const seen: number[] = [];
    const reader = (async () => {
      for await (const r of tailAuditLog({
        dir,
        n: 2,
        follow: true,
        signal: ac.signal,
        pollIntervalMs: 10,
      })) {
        seen.push(r.seq);
        if (r.seq === 12) ac.abort();
      }
    })();
    // The last two come from the initial read: append more only once it has happened.
    while (seen.length < 2) await new Promise((r) => setTimeout(r, 5));
    for (let i = 0; i < 7; i++) await log.append({ type: "after", data: { i, pad: "x".repeat(80) } });
    await reader;
    await log.close();
    expect(seen).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it("without follow just returns the last n", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    for (let i = 0; i < 3; i++) await log.append({ type: "x" });
    const got: number[] = [];
    for await (const r of log.tail({ n: 10 })) got.push(r.seq);
    await log.close();
    expect(got).toEqual([1, 2, 3]);
  });
});
