import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { runStorageContract } from "../contract";
import { openSqliteStorage, type SqliteStorage } from "./adapter";
import { nonceKey } from "./nonce-guard";
import { MIGRATIONS } from "./migrations";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** A decision row for the commits below (each test changes what it needs). */
const denyRow = {
  id: "dec",
  owner_id: "o",
  agent_id: "a",
  decision: "DENY" as const,
  reason_code: "NO_RULE_MATCHED",
  reason: "r",
  action_id: "x",
  action_type: "purchase",
  action_hash: "h",
  matched_rule: null,
  policy_version: "pv",
  approval_id: null,
  created_at: "2026-11-26T10:00:00.000Z",
};

/** Rows in the nonce log. */
/** Nonces written to the store (pairs in all batches). */
const left = (s: SqliteStorage) =>
  s.db.prepare("SELECT coalesce(sum(length(keys)), 0) / 16 FROM nonce_batches").pluck().get();

async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "openleash-sqlite-"));
  dirs.push(d);
  return d;
}

runStorageContract("sqlite", async () => openSqliteStorage({ dataDir: await freshDir() }));

describe("sqlite adapter", () => {
  it("uses WAL and records the schema version; reopening keeps data and does not re-migrate", async () => {
    const dir = await freshDir();
    const a = openSqliteStorage({ dataDir: dir });
    expect(a.db.pragma("journal_mode", { simple: true })).toBe("wal");
    await a.setSetting("x", "1");
    await a.recordNonce("k", "n", Date.now() + 60_000);
    await a.close();
    const b = openSqliteStorage({ dataDir: dir });
    expect(b.db.prepare("SELECT version FROM schema_version").get()).toEqual({ version: MIGRATIONS.length });
    expect(await b.getSetting("x")).toBe("1");
    expect(await b.recordNonce("k", "n", Date.now() + 60_000)).toBe(false);
    await b.close();
  });

  it("prunes a slice at a time: only expired rows go, and the event loop runs between slices", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir() });
    const now = Date.parse("2026-11-26T10:00:00Z");
    const expired = (i: number) => i % 3 === 0;
    for (let i = 0; i < 600; i++) {
      await s.recordNonce(`kid${i % 4}`, `nonce${i}`, expired(i) ? now - 1 : now + 60_000);
    }
    const jti = s.db.prepare("INSERT INTO used_jtis (jti, expires_at) VALUES (?, ?)");
    for (let i = 0; i < 50; i++) jti.run(`jti${i}`, expired(i) ? now - 1 : now + 60_000);
    let turns = 0;
    let sweeping = true;
    const count = () => {
      if (!sweeping) return;
      turns++;
      setImmediate(count);
    };
    setImmediate(count);
    const pruned = await s.pruneExpired(now, 32);
    sweeping = false;
    expect(pruned).toEqual({ nonces: 200, charges: 0, jtis: 17 });
    // 200 expired nonces in slices of 32, then 50 jtis: the loop got a turn between slices.
    expect(turns).toBeGreaterThanOrEqual(Math.floor(200 / 32) + 1);
    expect(left(s)).toBe(400);
    expect(s.db.prepare("SELECT count(*) FROM nonce_batches WHERE expires_at < ?").pluck().get(now)).toBe(0);
    // The in-memory guard forgot exactly the expired ones.
    expect(await s.recordNonce("kid0", "nonce0", now + 60_000)).toBe(true);
    expect(await s.recordNonce("kid1", "nonce1", now + 60_000)).toBe(false);
    expect(s.db.prepare("SELECT count(*) FROM used_jtis").pluck().get()).toBe(33);
    // Nothing left to do: a second sweep deletes nothing.
    expect(await s.pruneExpired(now, 32)).toEqual({ nonces: 0, charges: 0, jtis: 0 });
    expect(left(s)).toBe(401);
    await s.close();
  });

  const nonceOnly = (nonce: string, now = Date.now()) => ({
    nowMs: now,
    nonce: { kid: "k", nonce, expiresAtMs: now + 600_000 },
    charges: [],
    decision: { ...denyRow, id: `dec_${nonce}`, decision: "ALLOW" as const, reason_code: "RULE_MATCHED" },
  });

  it("without deferNonces, a nonce-only authorization is written before it resolves", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir() });
    expect(s.deferredNonces).toBeUndefined();
    expect(await s.commitAuthorization(nonceOnly("a"))).toMatchObject({ ok: true });
    expect(left(s)).toBe(1);
    expect(await s.commitAuthorization(nonceOnly("a"))).toEqual({ ok: false, code: "NONCE_REPLAY" });
    await s.close();
  });

  it("with deferNonces, a nonce-only authorization is decided in memory; persist writes the rows with the mark, close without it", async () => {
    const dir = await freshDir();
    const s = openSqliteStorage({ dataDir: dir, deferNonces: true });
    const deferred = s.deferredNonces!;
    expect(deferred.mark()).toBeNull();
    expect(await s.commitAuthorization(nonceOnly("a"))).toMatchObject({
      ok: true,
      decision: { id: "dec_a" },
    });
    expect(left(s)).toBe(0); // acknowledged, not yet written
    expect(await s.commitAuthorization(nonceOnly("a"))).toEqual({ ok: false, code: "NONCE_REPLAY" });
    deferred.persist(7);
    expect([left(s), deferred.mark()]).toEqual([1, 7]);
    deferred.persist(9); // nothing queued: the mark still moves
    expect([left(s), deferred.mark()]).toEqual([1, 9]);
    await s.commitAuthorization(nonceOnly("b"));
    await s.close(); // writes what is left; the mark stays where the caller put it
    const again = openSqliteStorage({ dataDir: dir, deferNonces: true });
    expect([left(again), again.deferredNonces!.mark()]).toEqual([2, 9]);
    for (const n of ["a", "b"]) {
      expect(await again.commitAuthorization(nonceOnly(n))).toEqual({ ok: false, code: "NONCE_REPLAY" });
    }
    expect(await again.commitAuthorization(nonceOnly("c"))).toMatchObject({ ok: true });
    await again.close();
  });

  it("restore takes replayed nonces (known ones skipped), writes them with the queue and moves the mark", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir(), deferNonces: true });
    const deferred = s.deferredNonces!;
    const now = Date.now();
    await s.commitAuthorization(nonceOnly("queued", now));
    deferred.restore(
      [
        { kid: "k", nonce: "queued", expiresAtMs: now + 600_000 }, // already known: no second row
        { kid: "k", nonce: "lost", expiresAtMs: now + 600_000 },
        { kid: "other", nonce: "lost", expiresAtMs: now + 600_000 },
      ],
      42,
    );
    expect([left(s), deferred.mark()]).toEqual([3, 42]);
    for (const [kid, nonce] of [
      ["k", "lost"],
      ["other", "lost"],
    ]) {
      expect(await s.recordNonce(kid!, nonce!, now + 600_000)).toBe(false);
    }
    await s.close();
  });

  it("a deferred nonce write that fails keeps its rows queued and the old mark", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir(), deferNonces: true });
    const deferred = s.deferredNonces!;
    deferred.persist(1);
    expect(await s.commitAuthorization(nonceOnly("a"))).toMatchObject({ ok: true });
    s.db.exec("ALTER TABLE nonce_batches RENAME TO nonce_batches_away"); // every write to it now fails
    expect(() => deferred.persist(2)).toThrow(/no such table/);
    expect(deferred.mark()).toBe(1);
    expect(await s.commitAuthorization(nonceOnly("a"))).toEqual({ ok: false, code: "NONCE_REPLAY" });
    s.db.exec("ALTER TABLE nonce_batches_away RENAME TO nonce_batches");
    deferred.persist(3); // the queued row is still there, written now
    expect([left(s), deferred.mark()]).toEqual([1, 3]);
    await s.close();
  });

  /** A database of `dir` left at schema `version` by an older server (migrations 1..version applied). */
  function databaseAt(dir: string, version: number): Database.Database {
    const db = new Database(join(dir, "openleash.db"));
    db.exec("CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0)");
    for (const migration of MIGRATIONS.slice(0, version)) {
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
    }
    db.prepare("UPDATE schema_version SET version = ?").run(version);
    return db;
  }

  it("migration 2 turns the nonces of a schema-1 database into the nonce log; they stay refused", async () => {
    const dir = await freshDir();
    const old = databaseAt(dir, 1);
    const insert = old.prepare("INSERT INTO nonces (kid, nonce, expires_at) VALUES (?, ?, ?)");
    for (let i = 0; i < 50; i++) insert.run(`kid${i % 3}`, `nonce${i}`, Date.now() + 60_000);
    old.close();
    const s = openSqliteStorage({ dataDir: dir });
    expect(s.db.prepare("SELECT version FROM schema_version").pluck().get()).toBe(MIGRATIONS.length);
    expect(s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'nonces'").pluck().get()).toBe(0);
    expect(left(s)).toBe(50);
    expect(await s.recordNonce("kid1", "nonce1", Date.now() + 60_000)).toBe(false);
    expect(await s.recordNonce("kid2", "nonce1", Date.now() + 60_000)).toBe(true);
    await s.close();
  });

  it("migration 3 packs a schema-2 nonce log into batches; every pair stays refused, none is added", async () => {
    const dir = await freshDir();
    const old = databaseAt(dir, 2);
    const insert = old.prepare("INSERT INTO nonce_log (h1, h2, expires_at) VALUES (?, ?, ?)");
    const later = Date.now() + 60_000;
    old.transaction(() => {
      for (let i = 0; i < 2500; i++) {
        const key = nonceKey(`kid${i % 3}`, `nonce${i}`);
        insert.run(key.h1, key.h2, later + i);
      }
    })();
    old.close();
    const s = openSqliteStorage({ dataDir: dir });
    expect(s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'nonce_log'").pluck().get()).toBe(0);
    // 1024 pairs to a batch, each batch's expiry its latest pair's.
    expect(s.db.prepare("SELECT expires_at FROM nonce_batches ORDER BY rowid").pluck().all()).toEqual([
      later + 1023,
      later + 2047,
      later + 2499,
    ]);
    expect(left(s)).toBe(2500);
    for (const i of [0, 1023, 1024, 2499]) {
      expect(await s.recordNonce(`kid${i % 3}`, `nonce${i}`, later)).toBe(false);
    }
    expect(await s.recordNonce("kid0", "nonce1", later)).toBe(true); // kid1 had nonce1, not kid0
    await s.close();
  });

  it("a prune that outlives the database stops quietly", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir() });
    const now = Date.now();
    for (let i = 0; i < 100; i++) await s.recordNonce("k", `n${i}`, now - 1);
    const sweep = s.pruneExpired(now, 8);
    await s.close();
    await expect(sweep).resolves.toMatchObject({ charges: 0 });
  });

  it("group commit: a commit that fails inside a batch does not take the others down", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir() });
    const base = {
      nowMs: Date.parse("2026-11-26T10:00:00Z"),
      charges: [],
      decision: {
        ...denyRow,
        id: "d",
        decision: "REQUIRE_APPROVAL" as const,
        reason_code: "APPROVAL_REQUIRED",
        approval_id: "apr_same",
      },
    };
    const approval = {
      id: "apr_same",
      owner_id: "o",
      agent_id: "a",
      kind: "APPROVAL" as const,
      status: "PENDING" as const,
      action: {},
      action_hash: "h",
      action_type: "purchase",
      decision_id: "d",
      reason: "r",
      matched_rule: null,
      policy_version: "pv",
      min_assurance: "LOW" as const,
      obligations: [],
      created_at: "2026-11-26T10:00:00.000Z",
      expires_at: "2026-11-26T10:15:00.000Z",
      decided_at: null,
      decided_by: null,
      assurance: null,
      decision_note: null,
    };
    const nonce = (n: string) => ({ kid: "k", nonce: n, expiresAtMs: Date.now() + 600_000 });
    // Same event-loop turn: one batch. The second reuses the approval id and hits a UNIQUE violation.
    const [a, b, c] = await Promise.allSettled([
      s.commitAuthorization({ ...base, nonce: nonce("n1"), approvalRequest: approval }),
      s.commitAuthorization({ ...base, nonce: nonce("n2"), approvalRequest: approval }),
      s.commitAuthorization({ ...base, nonce: nonce("n3") }),
    ]);
    expect(a.status).toBe("fulfilled");
    expect(b.status).toBe("rejected");
    expect(c.status).toBe("fulfilled");
    // The failed one left nothing behind (its nonce is still unused); the others are durable.
    expect(await s.recordNonce("k", "n2", Date.now() + 600_000)).toBe(true);
    expect(await s.recordNonce("k", "n3", Date.now() + 600_000)).toBe(false);
    expect((await s.getApproval("apr_same"))?.status).toBe("PENDING");
    await s.close();
  });
});
