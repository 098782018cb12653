import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AuditEventInput,
  AuditLog,
  type AuditRecord,
  GENESIS_HASH,
  computeRecordHash,
  redactSecrets,
  segmentName,
  serializeRecord,
  verifyAuditLog,
} from "../src/index";
import { goldenEvents, goldenOptions } from "./golden-events";
import { steppingClock, tempDir } from "./helpers";

const GOLDEN = join(import.meta.dirname, "fixtures", "append-golden.jsonl");

/** What append must produce, from the general functions: guard, canonical hash, schema-order line. */
function expectedRecord(ev: AuditEventInput, seq: number, id: string, ts: string, prev: string): AuditRecord {
  const rec: AuditRecord = { v: 1, seq, id, ts, type: ev.type, prev, hash: "" };
  for (const k of ["owner_id", "org_id", "agent_id", "decision", "action_type"] as const) {
    if (ev[k] !== undefined) rec[k] = ev[k];
  }
  if (ev.actor) rec.actor = { type: ev.actor.type, id: ev.actor.id };
  if (ev.data) rec.data = redactSecrets(ev.data, "redact");
  rec.hash = computeRecordHash(rec);
  return rec;
}

/** A small deterministic PRNG so a failure can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = ["a", "ü", "€uro", "\u2028", 'q"', "b\\s", "😀", "t\t", "\u0001", "Bearer x", "eyJa.b.c", ""];
const VALUES: unknown[] = [...STRINGS, 0, -0, 1.5, 1e21, -7, true, false, null, new Date(0)];

function randomEvent(r: () => number, i: number): AuditEventInput {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const ev: AuditEventInput = { type: pick(["authorization.decision", "agent.registered", "x.y:z-1"]) };
  if (r() < 0.7) ev.owner_id = `own_${pick(STRINGS)}${i}`;
  if (r() < 0.2) ev.org_id = `org_${i}`;
  if (r() < 0.7) ev.agent_id = `agt_${pick(STRINGS)}${i}`;
  if (r() < 0.6) ev.actor = { type: pick(["agent", "owner"]), id: `id_${pick(STRINGS)}${i}` };
  if (r() < 0.6) ev.decision = pick(["ALLOW", "DENY", "REQUIRE_APPROVAL"]);
  if (r() < 0.6) ev.action_type = pick(["purchase", "email.send"]);
  if (r() < 0.8) {
    const data: Record<string, unknown> = {};
    const n = Math.floor(r() * 8);
    for (let k = 0; k < n; k++) {
      const key = pick(["decision_id", "kid", "token", "b", "a", "10", "9", "é", "chain", "x-api-key"]);
      data[key] = r() < 0.2 ? [pick(VALUES), { jti: pick(STRINGS), iss: pick(STRINGS) }] : pick(VALUES);
    }
    ev.data = data;
  }
  return ev;
}

describe("append bytes", () => {
  it("writes the golden fixture byte for byte (records pinned before the one-pass encoder)", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, ...goldenOptions() });
    const records: AuditRecord[] = [];
    for (const ev of goldenEvents()) records.push(await log.append(ev));
    await log.close();
    const golden = await readFile(GOLDEN, "utf8");
    expect(await readFile(join(dir, segmentName(1)), "utf8")).toBe(golden);
    const lines = golden.split("\n").filter(Boolean);
    expect(records).toEqual(lines.map((l) => JSON.parse(l)));
    const copy = await tempDir();
    await writeFile(join(copy, segmentName(1)), golden);
    expect(await verifyAuditLog({ dir: copy })).toMatchObject({ ok: true, records: lines.length });
  });

  it("matches the general functions on 400 random events, record and line", async () => {
    const dir = await tempDir();
    let n = 0;
    const log = await AuditLog.open({ dir, now: steppingClock(), newId: () => `evt_${++n}` });
    const r = rng(42);
    const events = Array.from({ length: 400 }, (_, i) => randomEvent(r, i));
    const got = await Promise.all(events.map((ev) => log.append(ev)));
    await log.close();
    const clock = steppingClock();
    let prev = GENESIS_HASH;
    const want = events.map((ev, i) => {
      const rec = expectedRecord(ev, i + 1, `evt_${i + 1}`, clock().toISOString(), prev);
      prev = rec.hash;
      return rec;
    });
    expect(got.map((rec) => JSON.stringify(rec))).toEqual(want.map((rec) => JSON.stringify(rec)));
    const written = await readFile(join(dir, segmentName(1)), "utf8");
    expect(written).toBe(want.map((rec) => `${serializeRecord(rec)}\n`).join(""));
    expect((await verifyAuditLog({ dir })).ok).toBe(true);
  });

  it("stamps records with the system clock when none is injected", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir });
    const before = new Date().toISOString();
    const records = await Promise.all(Array.from({ length: 300 }, () => log.append({ type: "x" })));
    await new Promise((r) => setTimeout(r, 5));
    const later = await log.append({ type: "x" });
    const after = new Date().toISOString();
    await log.close();
    expect(later.ts > records[records.length - 1]!.ts).toBe(true);
    expect(later.ts <= after).toBe(true);
    for (let i = 0; i < records.length; i++) {
      const ts = records[i]!.ts;
      expect(new Date(ts).toISOString()).toBe(ts);
      expect(ts >= before && ts <= after).toBe(true);
      if (i > 0) expect(ts >= records[i - 1]!.ts).toBe(true);
    }
  });
});
