import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { appendFile, readFile, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AuditError,
  AuditLog,
  CHECKPOINT_FILE,
  GENESIS_HASH,
  LOCK_FILE,
  computeRecordHash,
  segmentName,
  serializeRecord,
  verifyAuditLog,
} from "../src/index";
import { makeSigner, steppingClock, tempDir } from "./helpers";

async function lines(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => n.startsWith("audit-")).sort();
  const out: string[] = [];
  for (const n of names) out.push(...(await readFile(join(dir, n), "utf8")).split("\n").filter(Boolean));
  return out;
}

describe("AuditLog append", () => {
  it("writes hash-chained JSONL records and resolves with them", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, now: steppingClock() });
    expect(log.head()).toEqual({ seq: 0, hash: GENESIS_HASH });
    const a = await log.append({
      type: "agent.registered",
      owner_id: "own_1",
      agent_id: "agt_1",
      actor: { type: "owner", id: "own_1" },
    });
    const b = await log.append({
      type: "authorization.decision",
      agent_id: "agt_1",
      decision: "ALLOW",
      action_type: "purchase",
      data: { amount_minor: 500 },
    });
    expect(a).toMatchObject({ v: 1, seq: 1, prev: GENESIS_HASH, ts: "2026-01-01T00:00:00.000Z" });
    expect(b).toMatchObject({ seq: 2, prev: a.hash, decision: "ALLOW", data: { amount_minor: 500 } });
    expect(a.hash).toBe(computeRecordHash(a));
    expect(log.head()).toEqual({ seq: 2, hash: b.hash });
    await log.close();
    const written = await lines(dir);
    expect(written).toEqual([serializeRecord(a), serializeRecord(b)]);
    expect(JSON.parse(written[0]!)).toEqual(a);
    expect(written[0]!.startsWith('{"v":1,"seq":1,')).toBe(true);
  });

  it("returns exactly the data a reader parses back from the line", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    const r = await log.append({
      type: "x",
      data: {
        when: new Date(0),
        zero: -0,
        gone: undefined,
        nested: { list: [1, "two", null, { b: 2, a: 1 }] },
        map: new Map(),
      },
    });
    await log.close();
    const [line] = await lines(dir);
    expect(r).toEqual(JSON.parse(line!));
    expect(r.data).toStrictEqual({
      when: "1970-01-01T00:00:00.000Z",
      zero: 0,
      nested: { list: [1, "two", null, { a: 1, b: 2 }] },
      map: {},
    });
    expect(Object.is(r.data!.zero, 0)).toBe(true);
    expect(line).toContain(
      '"data":{"map":{},"nested":{"list":[1,"two",null,{"a":1,"b":2}]},"when":"1970-01-01T00:00:00.000Z","zero":0}',
    );
  });

  it("group-commits concurrent appends in order with no gaps", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    const records = await Promise.all(
      Array.from({ length: 500 }, (_, i) => log.append({ type: "t", data: { i } })),
    );
    expect(records.map((r) => r.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(records.map((r) => r.data?.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));
    // All 500 were appended in one tick, so they share one write + one fdatasync.
    expect(log.stats()).toMatchObject({ appends: 500, commits: 1 });
    await log.close();
    expect(await verifyAuditLog({ dir })).toMatchObject({ ok: true, records: 500 });
  });

  it("continues the chain after reopening", async () => {
    const dir = await tempDir();
    let log = await AuditLog.open({ dir });
    const first = await log.append({ type: "a" });
    await log.close();
    log = await AuditLog.open({ dir });
    expect(log.head()).toEqual({ seq: 1, hash: first.hash });
    const second = await log.append({ type: "b" });
    expect(second).toMatchObject({ seq: 2, prev: first.hash });
    await log.close();
    expect((await verifyAuditLog({ dir })).ok).toBe(true);
  });

  it("rotates by size and keeps one chain across files", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, maxFileBytes: 1000 });
    for (let i = 0; i < 40; i++) await log.append({ type: "x", data: { i, pad: "p".repeat(100) } });
    await Promise.all(Array.from({ length: 40 }, (_, i) => log.append({ type: "y", data: { i } })));
    await log.close();
    const files = (await readdir(dir)).filter((n) => n.startsWith("audit-")).sort();
    expect(files.length).toBeGreaterThan(5);
    expect(files[0]).toBe("audit-0000000000000001.jsonl");
    for (const f of files) {
      const content = await readFile(join(dir, f), "utf8");
      const firstSeq = Number(f.slice(6, 22));
      expect(JSON.parse(content.split("\n")[0]!).seq).toBe(firstSeq);
      expect(Buffer.byteLength(content) <= 1000 || content.split("\n").length === 2).toBe(true);
    }
    expect(await verifyAuditLog({ dir })).toMatchObject({ ok: true, records: 80, segments: files.length });
  });

  it("refuses bad events with a typed error and changes nothing", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, maxRecordBytes: 2000 });
    const bad: unknown[] = [
      null,
      { type: "" },
      { type: "has space" },
      { type: "x", seq: 5 },
      { type: "x", owner_id: 3 },
      { type: "x", agent_id: "lone \ud800 surrogate" },
      { type: "x", actor: { type: "owner" } },
      { type: "x", data: [1] },
      { type: "x", data: new Date(0) },
      { type: "x", data: { n: Number.NaN } },
    ];
    for (const ev of bad) {
      await expect(log.append(ev as never)).rejects.toMatchObject({
        name: "AuditError",
        code: "INVALID_EVENT",
      });
    }
    await expect(log.append({ type: "x", data: { big: "b".repeat(5000) } })).rejects.toMatchObject({
      code: "RECORD_TOO_LARGE",
    });
    const ok = await log.append({ type: "x" });
    expect(ok.seq).toBe(1);
    await log.close();
    await expect(log.append({ type: "x" })).rejects.toMatchObject({ code: "CLOSED" });
    expect(await lines(dir)).toHaveLength(1);
  });

  it("never writes secrets: redacts by default, rejects when asked", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    const r = await log.append({ type: "owner.login", data: { session_token: "S3CR3T-1", user: "alice" } });
    expect(r.data).toEqual({ session_token: "[REDACTED]", user: "alice" });
    await log.close();
    const strict = await AuditLog.open({ dir, secrets: "reject" });
    await expect(strict.append({ type: "x", data: { password: "S3CR3T-2" } })).rejects.toMatchObject({
      code: "SECRET_IN_EVENT",
      field: "data.password",
    });
    await strict.close();
    const all = (await lines(dir)).join("\n");
    expect(all).not.toContain("S3CR3T");
    expect((await verifyAuditLog({ dir })).records).toBe(1);
  });
});

describe("AuditLog lock", () => {
  it("allows one writer per directory and releases on close", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "LOCKED" });
    await log.close();
    const again = await AuditLog.open({ dir });
    await again.close();
  });

  it("lets only one of two simultaneous opens in one process win", async () => {
    const dir = join(await tempDir(), "nested", "audit");
    const results = await Promise.allSettled([AuditLog.open({ dir }), AuditLog.open({ dir: `${dir}/.` })]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost[0]?.reason).toMatchObject({ code: "LOCKED" });
    await (won[0] as PromiseFulfilledResult<AuditLog>).value.close();
    const log = await AuditLog.open({ dir });
    await expect(log.checkpoint()).rejects.toMatchObject({ code: "NO_SIGNER" });
    await log.close();
    await expect(log.checkpoint()).rejects.toMatchObject({ code: "CLOSED" });
  });

  it("takes over a lock whose process is dead", async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ["-e", ""]);
    const pid = child.pid!;
    await new Promise((r) => child.on("exit", r));
    await writeFile(
      join(dir, LOCK_FILE),
      JSON.stringify({ pid, host: (await import("node:os")).hostname(), since: "x" }),
    );
    const log = await AuditLog.open({ dir });
    await log.append({ type: "x" });
    await log.close();
  });

  it("takes over a lock naming our own pid that this process does not hold (a restarted container)", async () => {
    const dir = await tempDir();
    const host = (await import("node:os")).hostname();
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host, since: "earlier" }));
    const log = await AuditLog.open({ dir });
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "LOCKED" });
    await log.close();
  });

  it("refuses a lock held by another live process", async () => {
    const dir = await tempDir();
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 20000)"]);
    try {
      const host = (await import("node:os")).hostname();
      await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: child.pid, host, since: "x" }));
      const err = await AuditLog.open({ dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).code).toBe("LOCKED");
      expect((err as AuditError).message).toContain(String(child.pid));
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("AuditLog checkpoints and recovery", () => {
  it("signs checkpoints that verify with the public JWKS only", async () => {
    const dir = await tempDir();
    const { signer, jwks } = makeSigner();
    const log = await AuditLog.open({ dir, signer });
    await log.append({ type: "x" });
    const cp = await log.checkpoint();
    expect(cp).toMatchObject({ v: 1, seq: 1, hash: log.head().hash, kid: signer.kid });
    await log.append({ type: "y" });
    await log.close(); // seals seq 2
    const report = await verifyAuditLog({ dir, publicKeys: jwks });
    expect(report).toMatchObject({ ok: true, records: 2, checkpoints: 2, signatures_checked: true });
    const other = makeSigner();
    expect((await verifyAuditLog({ dir, publicKeys: other.jwks })).first_error?.code).toBe(
      "CHECKPOINT_BAD_SIGNATURE",
    );
  });

  it("checkpoints in the background when records were added", async () => {
    const dir = await tempDir();
    const { signer, jwks } = makeSigner();
    const log = await AuditLog.open({ dir, signer, checkpointIntervalMs: 10, checkpointOnClose: false });
    await log.append({ type: "x" });
    for (let i = 0; i < 300 && log.stats().lastCheckpointSeq < 1; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(log.stats()).toMatchObject({ lastCheckpointSeq: 1, lastCheckpointError: null });
    await log.close();
    expect(await verifyAuditLog({ dir, publicKeys: jwks })).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it("refuses to open a log rewritten behind its newest checkpoint", async () => {
    const dir = await tempDir();
    const { signer } = makeSigner();
    const log = await AuditLog.open({ dir, signer, checkpointOnClose: false, checkpointIntervalMs: 0 });
    for (let i = 0; i < 5; i++) await log.append({ type: "x", data: { i } });
    await log.checkpoint();
    for (let i = 5; i < 10; i++) await log.append({ type: "x", data: { i } });
    await log.close();
    const file = join(dir, "audit-0000000000000001.jsonl");
    let prev = "";
    const rewritten = (await readFile(file, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const r = JSON.parse(line);
        if (prev) r.prev = prev;
        if (r.seq === 3) r.data = { i: 99 };
        r.hash = computeRecordHash(r);
        prev = r.hash;
        return serializeRecord(r);
      });
    await writeFile(file, `${rewritten.join("\n")}\n`);
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "CORRUPT_LOG" });
  });

  it("needs a signer to checkpoint", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    await expect(log.checkpoint()).rejects.toMatchObject({ code: "NO_SIGNER" });
    await log.close();
  });

  it("repairs a torn last line on open and keeps every complete record", async () => {
    const dir = await tempDir();
    let log = await AuditLog.open({ dir });
    const kept = await log.append({ type: "x", data: { n: 1 } });
    await log.close();
    const file = join(dir, "audit-0000000000000001.jsonl");
    await appendFile(file, '{"v":1,"seq":2,"id":"torn","ts":"2026');
    expect((await verifyAuditLog({ dir })).torn_tail).toMatchObject({ line: 2 });
    log = await AuditLog.open({ dir });
    expect(log.head()).toEqual({ seq: 1, hash: kept.hash });
    const next = await log.append({ type: "y" });
    expect(next).toMatchObject({ seq: 2, prev: kept.hash });
    await log.close();
    const report = await verifyAuditLog({ dir });
    expect(report).toMatchObject({ ok: true, records: 2 });
    expect(report.torn_tail).toBeUndefined();
  });

  it("reuses an empty segment left by a crash right after rotation", async () => {
    const dir = await tempDir();
    let log = await AuditLog.open({ dir, maxFileBytes: 300 });
    for (let i = 0; i < 4; i++) await log.append({ type: "x", data: { pad: "p".repeat(100) } });
    const head = log.head();
    await log.close();
    await writeFile(join(dir, segmentName(head.seq + 1)), "");
    log = await AuditLog.open({ dir, maxFileBytes: 300 });
    expect(log.head()).toEqual(head);
    const next = await log.append({ type: "y" });
    await log.close();
    expect(next).toMatchObject({ seq: head.seq + 1, prev: head.hash });
    expect(await readFile(join(dir, segmentName(head.seq + 1)), "utf8")).toBe(`${serializeRecord(next)}\n`);
    expect((await verifyAuditLog({ dir })).ok).toBe(true);
    await writeFile(join(dir, segmentName(head.seq + 5)), "");
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "CORRUPT_LOG" });
  });

  it("repairs a torn checkpoint line", async () => {
    const dir = await tempDir();
    const { signer, jwks } = makeSigner();
    let log = await AuditLog.open({ dir, signer });
    await log.append({ type: "x" });
    await log.close();
    await appendFile(join(dir, CHECKPOINT_FILE), '{"v":1,"typ":"openleash.audit.che');
    log = await AuditLog.open({ dir, signer });
    await log.close();
    const cps = (await readFile(join(dir, CHECKPOINT_FILE), "utf8")).split("\n");
    expect(cps).toHaveLength(2); // one whole line and the final newline: the partial one is gone
    expect(await verifyAuditLog({ dir, publicKeys: jwks })).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it("scans the durable records after a seq across segments, oldest first, until told to stop", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, maxFileBytes: 600 }); // a few records per segment
    for (let i = 1; i <= 12; i++) await log.append({ type: "t", data: { i } });
    expect(readdirSync(dir).filter((n) => n.startsWith("audit-")).length).toBeGreaterThan(2);
    const after = async (seq: number, stopAt = Number.POSITIVE_INFINITY) => {
      const seen: number[] = [];
      await log.scan(seq, (r) => {
        seen.push(r.seq);
        return r.seq < stopAt;
      });
      return seen;
    };
    expect(await after(0)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await after(7)).toEqual([8, 9, 10, 11, 12]);
    expect(await after(4, 6)).toEqual([5, 6]);
    expect(await after(12)).toEqual([]);
    // An append still waiting for its fsync is not visited yet.
    const pending = log.append({ type: "t", data: { i: 13 } });
    expect(await after(11)).toEqual([12]);
    await pending;
    expect(await after(11)).toEqual([12, 13]);
    await log.close();
  });

  it.runIf(existsSync("/dev/full"))("stops with WRITE_FAILED when the disk refuses a write", async () => {
    const dir = await tempDir();
    await symlink("/dev/full", join(dir, segmentName(1))); // every write: ENOSPC
    const log = await AuditLog.open({ dir });
    const results = await Promise.allSettled([log.append({ type: "a" }), log.append({ type: "b" })]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: "WRITE_FAILED" });
    await expect(log.append({ type: "c" })).rejects.toMatchObject({ code: "WRITE_FAILED" });
    expect(log.head().seq).toBe(0);
    await log.close();
  });

  it("cuts NUL blocks left by a power loss", async () => {
    const dir = await tempDir();
    let log = await AuditLog.open({ dir });
    await log.append({ type: "x" });
    await log.close();
    await appendFile(
      join(dir, "audit-0000000000000001.jsonl"),
      Buffer.concat([Buffer.alloc(100), Buffer.from("\n")]),
    );
    log = await AuditLog.open({ dir });
    expect(log.head().seq).toBe(1);
    await log.close();
    expect((await verifyAuditLog({ dir })).ok).toBe(true);
  });

  it("refuses to open over a damaged last record or a log shorter than its checkpoint", async () => {
    const dir = await tempDir();
    const { signer } = makeSigner();
    const log = await AuditLog.open({ dir, signer });
    await log.append({ type: "x" });
    await log.append({ type: "y" });
    await log.close();
    const file = join(dir, "audit-0000000000000001.jsonl");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace('"type":"y"', '"type":"z"'));
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "CORRUPT_LOG" });
    await writeFile(file, `${original.split("\n")[0]}\n`);
    await expect(AuditLog.open({ dir })).rejects.toMatchObject({ code: "CORRUPT_LOG" });
  });
});
