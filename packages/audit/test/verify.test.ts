import { readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  AuditLog,
  CHECKPOINT_FILE,
  type AuditRecord,
  computeRecordHash,
  serializeRecord,
  verifyAuditLog,
} from "../src/index";
import { makeSigner, steppingClock, tempDir } from "./helpers";

/** A sealed log of 30 records over several files: the subject every test mutates. */
let dir: string;
let files: string[];
let jwks: { keys: object[] };

beforeEach(async () => {
  dir = await tempDir();
  const s = makeSigner();
  jwks = s.jwks;
  const log = await AuditLog.open({ dir, signer: s.signer, maxFileBytes: 2500, now: steppingClock() });
  for (let i = 1; i <= 30; i++) {
    await log.append({
      type: "authorization.decision",
      agent_id: `agt_${i % 3}`,
      decision: "ALLOW",
      data: { i },
    });
    if (i === 12) await log.checkpoint();
  }
  await log.close();
  files = (await readdir(dir)).filter((n) => n.startsWith("audit-")).sort();
});

async function readLines(file: string): Promise<string[]> {
  return (await readFile(join(dir, file), "utf8")).split("\n").slice(0, -1);
}

async function writeLines(file: string, lines: string[]): Promise<void> {
  await writeFile(join(dir, file), lines.map((l) => `${l}\n`).join(""));
}

async function expectProblem(file: string, line: number, code: string) {
  const report = await verifyAuditLog({ dir, publicKeys: jwks });
  expect(report.ok).toBe(false);
  expect(report.first_error).toMatchObject({ file: join(dir, file), line, code });
  return report;
}

describe("verifyAuditLog on hostile input", () => {
  it("accepts the untouched log", async () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const report = await verifyAuditLog({ dir, publicKeys: jwks });
    expect(report).toMatchObject({
      ok: true,
      records: 30,
      checkpoints: 2,
      signatures_checked: true,
      checkpoints_unverified: 0,
      sealed_seq: 30,
    });
    expect(report.first_error).toBeUndefined();
  });

  it("finds an edited line", async () => {
    const lines = await readLines(files[1]!);
    lines[2] = lines[2]!.replace('"decision":"ALLOW"', '"decision":"DENY"');
    await writeLines(files[1]!, lines);
    await expectProblem(files[1]!, 3, "HASH_MISMATCH");
  });

  it("finds a deleted line", async () => {
    const lines = await readLines(files[0]!);
    lines.splice(3, 1);
    await writeLines(files[0]!, lines);
    await expectProblem(files[0]!, 4, "SEQ_GAP");
  });

  it("finds re-ordered lines", async () => {
    const lines = await readLines(files[0]!);
    [lines[1], lines[2]] = [lines[2]!, lines[1]!];
    await writeLines(files[0]!, lines);
    await expectProblem(files[0]!, 2, "SEQ_GAP");
  });

  it("finds a duplicated line", async () => {
    const lines = await readLines(files[0]!);
    lines.splice(2, 0, lines[1]!);
    await writeLines(files[0]!, lines);
    await expectProblem(files[0]!, 3, "DUPLICATE_RECORD");
  });

  it("finds a garbage line and an empty line", async () => {
    const lines = await readLines(files[0]!);
    await writeLines(files[0]!, [...lines.slice(0, 2), "not json {", ...lines.slice(2)]);
    await expectProblem(files[0]!, 3, "BAD_JSON");
    await writeLines(files[0]!, [...lines.slice(0, 1), "", ...lines.slice(1)]);
    await expectProblem(files[0]!, 2, "BAD_JSON");
  });

  it("finds a line re-encoded with the same content", async () => {
    const lines = await readLines(files[0]!);
    lines[0] = JSON.stringify(JSON.parse(lines[0]!), null, 0).replace('"v":1,', '"v":1, ');
    await writeLines(files[0]!, lines);
    await expectProblem(files[0]!, 1, "NON_CANONICAL");
  });

  it("finds a truncated line in the middle of the log", async () => {
    const content = await readFile(join(dir, files[0]!), "utf8");
    const cut = content.indexOf("\n") + 40;
    await writeFile(join(dir, files[0]!), content.slice(0, cut) + content.slice(content.indexOf("\n", cut)));
    await expectProblem(files[0]!, 2, "BAD_JSON");
  });

  it("finds records removed from the end, thanks to the checkpoint", async () => {
    const last = files[files.length - 1]!;
    const lines = await readLines(last);
    await writeLines(last, lines.slice(0, -2));
    const report = await expectProblem(last, lines.length - 1, "LOG_TRUNCATED");
    expect(report.first_error?.message).toContain("sealed seq 30");
  });

  it.each([
    ["CHAIN_BROKEN", (r: AuditRecord) => ({ ...r, prev: "f".repeat(64) })],
    ["TS_NOT_MONOTONIC", (r: AuditRecord) => ({ ...r, ts: "2025-01-01T00:00:00.000Z" })],
    ["BAD_SCHEMA", (r: AuditRecord) => ({ ...r, extra: 1 })],
  ] as const)("finds %s even when the line's own hash was recomputed", async (code, mutate) => {
    const lines = await readLines(files[0]!);
    const changed = mutate(JSON.parse(lines[3]!) as AuditRecord) as AuditRecord;
    changed.hash = computeRecordHash(changed);
    lines[3] = code === "BAD_SCHEMA" ? JSON.stringify(changed) : serializeRecord(changed);
    await writeLines(files[0]!, lines);
    await expectProblem(files[0]!, 4, code);
  });

  it("finds a malformed segment file name", async () => {
    await writeFile(join(dir, "audit-12.jsonl"), "");
    const report = await verifyAuditLog({ dir });
    expect(report.first_error).toMatchObject({ file: join(dir, "audit-12.jsonl"), code: "BAD_SEGMENT_NAME" });
  });

  it("finds a deleted middle file", async () => {
    await rm(join(dir, files[1]!));
    await expectProblem(files[2]!, 0, "SEGMENT_MISSING");
  });

  it("finds a deleted first file", async () => {
    await rm(join(dir, files[0]!));
    await expectProblem(files[1]!, 0, "SEGMENT_MISSING");
  });

  it("finds a consistently rewritten chain through the signed checkpoint", async () => {
    // Rewrite record 5 and re-hash everything after it: the chain is valid again, the checkpoint is not.
    const all: { file: string; records: AuditRecord[] }[] = [];
    for (const f of files)
      all.push({ file: f, records: (await readLines(f)).map((l) => JSON.parse(l) as AuditRecord) });
    let prev: string | null = null;
    for (const part of all) {
      for (const r of part.records) {
        if (prev !== null) r.prev = prev;
        if (r.seq === 5) r.decision = "DENY";
        if (r.seq >= 5) r.hash = computeRecordHash(r);
        prev = r.hash;
      }
      await writeLines(
        part.file,
        part.records.map((r) => serializeRecord(r)),
      );
    }
    const where = all.find((p) => p.records.some((r) => r.seq === 12))!;
    const line = where.records.findIndex((r) => r.seq === 12) + 1;
    await expectProblem(where.file, line, "CHECKPOINT_MISMATCH");
  });

  it("finds a forged checkpoint signature and an unknown kid", async () => {
    const cpPath = join(dir, CHECKPOINT_FILE);
    const lines = (await readFile(cpPath, "utf8")).split("\n").filter(Boolean);
    const cp = JSON.parse(lines[0]!);
    const forged = {
      ...cp,
      seq: 11,
      hash: (JSON.parse((await readLines(files[0]!))[0]!) as AuditRecord).hash,
    };
    await writeFile(cpPath, `${JSON.stringify(forged)}\n${lines[1]}\n`);
    let report = await verifyAuditLog({ dir, publicKeys: jwks });
    expect(report.first_error).toMatchObject({ file: cpPath, line: 1, code: "CHECKPOINT_BAD_SIGNATURE" });
    // A kid the JWKS does not list (a retired, pruned key) is not checked: counted, not trusted.
    await writeFile(cpPath, `${JSON.stringify({ ...cp, kid: "retired-key" })}\n${lines[1]}\n`);
    report = await verifyAuditLog({ dir, publicKeys: jwks });
    expect(report).toMatchObject({ ok: true, checkpoints: 2, checkpoints_unverified: 1, sealed_seq: 30 });
    report = await verifyAuditLog({ dir, publicKeys: jwks, strict: true });
    expect(report.first_error).toMatchObject({ file: cpPath, line: 1, code: "CHECKPOINT_UNKNOWN_KID" });
  });

  it("reports how far the log is sealed by verified signatures", async () => {
    const cpPath = join(dir, CHECKPOINT_FILE);
    const lines = (await readFile(cpPath, "utf8")).split("\n").filter(Boolean);
    await writeFile(cpPath, `${lines[0]}\n`);
    expect(await verifyAuditLog({ dir, publicKeys: jwks })).toMatchObject({ ok: true, sealed_seq: 12 });
    expect(await verifyAuditLog({ dir })).toMatchObject({
      ok: true,
      sealed_seq: 0,
      signatures_checked: false,
    });
  });

  it("uses anchors kept elsewhere to catch a log cut off together with its checkpoints", async () => {
    const cpPath = join(dir, CHECKPOINT_FILE);
    const saved = (await readFile(cpPath, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const last = files[files.length - 1]!;
    await writeLines(last, (await readLines(last)).slice(0, -1));
    await writeFile(cpPath, `${JSON.stringify(saved[0])}\n`);
    expect((await verifyAuditLog({ dir, publicKeys: jwks })).ok).toBe(true); // undetectable from the inside
    const report = await verifyAuditLog({ dir, publicKeys: jwks, anchors: [saved[1]] });
    expect(report.first_error).toMatchObject({ code: "LOG_TRUNCATED" });
    expect(report.first_error?.message).toContain("anchor 1");
    const forged = { ...saved[1], seq: 29 };
    expect((await verifyAuditLog({ dir, publicKeys: jwks, anchors: [forged] })).first_error).toMatchObject({
      file: "anchor 1",
      code: "CHECKPOINT_BAD_SIGNATURE",
    });
    expect((await verifyAuditLog({ dir, anchors: [{ nope: 1 }] })).first_error?.code).toBe(
      "CHECKPOINT_BAD_SCHEMA",
    );
  });

  it("reports a missing directory", async () => {
    const report = await verifyAuditLog({ dir: join(dir, "nope") });
    expect(report).toMatchObject({ ok: false, first_error: { code: "NOT_FOUND" } });
  });
});
