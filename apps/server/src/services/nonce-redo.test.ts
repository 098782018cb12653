import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteStorage } from "../storage";
import type { Logger } from "../util/logger";
import { AuditService } from "./audit";
import { DECISION_EVENT, nonceOfRecord, signatureAuditData, startNoncePersister } from "./nonce-redo";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function folder() {
  const dir = await mkdtemp(join(tmpdir(), "openleash-nonce-redo-"));
  dirs.push(dir);
  const storage = openSqliteStorage({ dataDir: dir, deferNonces: true });
  const audit = await AuditService.open({ dir: join(dir, "audit") });
  return { storage, audit, deferred: storage.deferredNonces! };
}

const commit = (nonce: string) => ({
  nowMs: Date.now(),
  nonce: { kid: "k", nonce, expiresAtMs: Date.now() + 600_000 },
  charges: [],
  decision: {
    id: `dec_${nonce}`,
    owner_id: "own_1",
    agent_id: "agt_1",
    decision: "DENY" as const,
    reason_code: "DEFAULT_DENY",
    reason: "no rule",
    action_id: "a",
    action_type: "t",
    action_hash: "h",
    matched_rule: null,
    policy_version: "1",
    approval_id: null,
    created_at: new Date().toISOString(),
  },
});

async function until(check: () => boolean) {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}

describe("nonce redo", () => {
  it("the audit data carries any nonce so that it reads back exactly and never looks like a secret", async () => {
    const { audit, storage } = await folder();
    // Agent-chosen nonces: a JWS look-alike and a Bearer credential would trip the secret guard as text.
    const nonces = [
      "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln",
      "Bearer 0123456789abcdefghij",
      "plain-Nonce_1",
    ];
    for (const nonce of nonces) {
      await audit.record({
        type: DECISION_EVENT,
        data: { kid: "k", ...signatureAuditData(1_800_000_000, nonce) },
      });
    }
    const records = (await audit.query({ order: "asc" })).records;
    expect(records.map((r) => nonceOfRecord(r, 120))).toEqual(
      nonces.map((nonce) => ({ kid: "k", nonce, expiresAtMs: (1_800_000_000 + 121) * 1000 })),
    );
    await audit.close();
    await storage.close();
  });

  it("the persister writes the queue with the audit head as mark, logs one error while writes fail and says when they work again", async () => {
    const { storage, audit, deferred } = await folder();
    const said: string[] = [];
    const note = (level: string) => (msg: string) => said.push(`${level}: ${msg}`);
    const logger: Logger = { debug() {}, info() {}, warn: note("warn"), error: note("error") };
    const stop = startNoncePersister(deferred, audit, logger, 5);
    const rows = () =>
      storage.db
        .prepare("SELECT coalesce(sum(length(keys)), 0) / 16 FROM nonce_batches")
        .pluck()
        .get() as number;

    await storage.commitAuthorization(commit("a"));
    await audit.record({ type: DECISION_EVENT, data: { kid: "k", ...signatureAuditData(1, "a") } });
    await until(() => rows() === 1 && deferred.mark() === 1);

    storage.db.exec("ALTER TABLE nonce_batches RENAME TO nonce_batches_away");
    await storage.commitAuthorization(commit("b"));
    await audit.record({ type: DECISION_EVENT, data: { kid: "k", ...signatureAuditData(1, "b") } });
    await new Promise((r) => setTimeout(r, 40)); // several ticks, all failing
    expect(deferred.mark()).toBe(1); // the mark stays behind the unwritten row
    expect(said).toEqual(["error: writing deferred nonces failed; retrying"]);

    storage.db.exec("ALTER TABLE nonce_batches_away RENAME TO nonce_batches");
    await until(() => rows() === 2 && deferred.mark() === 2);
    expect(said).toEqual([
      "error: writing deferred nonces failed; retrying",
      "warn: deferred nonces are written again",
    ]);

    await storage.commitAuthorization(commit("c"));
    await audit.record({ type: DECISION_EVENT, data: { kid: "k", ...signatureAuditData(1, "c") } });
    await audit.close();
    stop(); // the last write, after the log closed
    expect([rows(), deferred.mark()]).toEqual([3, 3]);
    await storage.close();
  });
});
