import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import Database from "better-sqlite3";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { DATA_LOCK_FILE, DataFolderLockedError } from "../src/lock";
import { createServer, openDataFolder } from "../src/server";
import { silentLogger } from "../src/util/logger";
import type { SqliteStorage } from "../src/storage";
import { purchase, STARTER_POLICY, TestClock, TestServer } from "./helpers";

describe("data folder lifecycle", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "openleash-life-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("a second server on the same folder refuses, naming the pid and PostgreSQL", async () => {
    const first = await TestServer.start({}, dir);
    try {
      const err = await createServer({ dataDir: dir, logger: silentLogger, env: {} }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(DataFolderLockedError);
      expect((err as Error).message).toContain(String(process.pid));
      expect((err as Error).message).toContain("PostgreSQL");
      expect((err as Error).message).toContain("OPENLEASH_DATABASE_URL");
      await expect(openDataFolder({ dataDir: dir, logger: silentLogger, env: {} })).rejects.toThrow(
        DataFolderLockedError,
      );
    } finally {
      await first.close(false);
    }
    // Released on close: the folder opens again.
    const again = await openDataFolder({ dataDir: dir, logger: silentLogger, env: {} });
    await again.close();
  });

  it("takes over a lock left by a process that no longer exists", async () => {
    await writeFile(join(dir, DATA_LOCK_FILE), "2147483646\n");
    const folder = await openDataFolder({ dataDir: dir, logger: silentLogger, env: {} });
    expect((await readFile(join(dir, DATA_LOCK_FILE), "utf8")).trim()).toBe(String(process.pid));
    await folder.close();
  });

  it("restart keeps keys, data and nonces; the admin token is created only once", async () => {
    const first = await TestServer.start({}, dir);
    expect(first.adminToken).toMatch(/^ola_/);
    const owner = await first.createOwner();
    const agent = await first.enrollAgent(owner.token);
    await first.bindPolicy(owner.token, STARTER_POLICY);
    const init = await first.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const ok = await first.send("/v1/authorize", init);
    expect(ok.json.decision).toBe("ALLOW");
    const jwks = first.services.keys.jwks();
    const adminToken = first.adminToken;
    await first.close(false);

    const second = await TestServer.start({}, dir);
    try {
      expect(second.server.bootstrap.adminToken).toBeNull();
      expect(second.services.keys.jwks()).toEqual(jwks);
      expect((await second.call("GET", "/v1/admin/owners", { token: adminToken })).status).toBe(200);
      expect((await second.send("/v1/authorize", init)).json.code).toBe("NONCE_REPLAY");
      const proof = await second.call("POST", "/v1/verify-proof", { body: { token: ok.json.proof_token } });
      expect(proof.json.valid).toBe(true);
      const audit = await second.call("GET", "/v1/admin/audit?type=authorization.decision", {
        token: adminToken,
      });
      expect(audit.json.records.map((r: { data: { decision_id: string } }) => r.data.decision_id)).toContain(
        ok.json.decision_id,
      );
    } finally {
      await second.close(false);
    }
  });

  it("nonces answered since the store's last write come back from the audit log after a crash", async () => {
    const first = await TestServer.start({}, dir);
    const owner = await first.createOwner();
    const agent = await first.enrollAgent(owner.token);
    await first.bindPolicy(owner.token, STARTER_POLICY);
    const storage = first.services.context.storage as SqliteStorage;
    // What the store holds before the requests: the state a crash right after them would leave.
    storage.deferredNonces!.persist(first.services.context.audit.head().seq);
    const before = {
      mark: storage.deferredNonces!.mark()!,
      rowid: storage.db.prepare("SELECT coalesce(max(rowid), 0) FROM nonce_batches").pluck().get() as number,
    };
    const answered = [];
    for (const action of [purchase(100), purchase(200), { ...purchase(1), type: "transfer" }]) {
      const req = await first.signed(agent, "POST", "/v1/authorize", { action });
      const res = await first.send("/v1/authorize", req);
      expect(res.status).toBe(200);
      answered.push({ req, decision: res.json.decision as string });
    }
    expect(answered.map((a) => a.decision)).toEqual(["ALLOW", "ALLOW", "DENY"]);
    const records = (
      await first.call("GET", "/v1/admin/audit?type=authorization.decision&order=asc", {
        token: first.adminToken,
      })
    ).json.records;
    const nonceOf = (req: { headers: Record<string, string> }) =>
      /;nonce="([^"]+)"/.exec(req.headers["signature-input"]!)![1]!;
    expect(records.map((r: { data: { sig_nonce: string } }) => r.data.sig_nonce)).toEqual(
      answered.map((a) => Buffer.from(nonceOf(a.req)).toString("base64url")),
    );
    expect(records[0].data.sig_created).toBe(Math.floor(first.clock.now().getTime() / 1000));
    await first.close(false);

    // A crash between the answers and the store's next write: their rows and the mark are not there.
    const db = new Database(join(dir, "openleash.db"));
    db.prepare("DELETE FROM nonce_batches WHERE rowid > ?").run(before.rowid);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'nonces.mark'").run(String(before.mark));
    db.close();

    // Ten minutes later every one of those nonces has expired: nothing to bring back.
    const later = new TestClock();
    later.advance(600);
    const expired = await TestServer.start({}, dir, later);
    const afterExpiry = (expired.services.context.storage as SqliteStorage).deferredNonces!;
    expect(afterExpiry.mark()).toBe(expired.services.context.audit.head().seq);
    await expired.close(false);
    const rows = () => {
      const d = new Database(join(dir, "openleash.db"), { readonly: true });
      const n = d
        .prepare("SELECT coalesce(sum(length(keys)), 0) / 16 FROM nonce_batches WHERE rowid > ?")
        .pluck()
        .get(before.rowid);
      d.close();
      return n;
    };
    expect(rows()).toBe(0);
    const reset = new Database(join(dir, "openleash.db"));
    reset.prepare("UPDATE settings SET value = ? WHERE key = 'nonces.mark'").run(String(before.mark));
    reset.close();

    // Within the skew window, the restart replays them from the audit log and refuses each again.
    const second = await TestServer.start({}, dir);
    try {
      expect(rows()).toBe(3);
      for (const a of answered) {
        const again = await second.send("/v1/authorize", a.req);
        expect([again.status, again.json.code]).toEqual([401, "NONCE_REPLAY"]);
      }
      const fresh = await second.signed(agent, "POST", "/v1/authorize", { action: purchase(300) });
      expect((await second.send("/v1/authorize", fresh)).json.decision).toBe("ALLOW");
    } finally {
      await second.close(false);
    }
  });

  it("openDataFolder gives the service layer without HTTP", async () => {
    const folder = await openDataFolder({ dataDir: dir, logger: silentLogger, env: {} });
    try {
      expect(folder.bootstrap.adminToken).toMatch(/^ola_/);
      const { owner, apiToken } = await folder.owners.createOwner(
        { name: "cli", type: "user" },
        { type: "system", id: "cli" },
      );
      expect((await folder.owners.authenticate(apiToken))?.owner.id).toBe(owner.id);
      const reset = await folder.owners.resetAdminToken();
      expect(await folder.owners.authenticateAdmin(reset)).toBe(true);
      expect(await folder.owners.authenticateAdmin(folder.bootstrap.adminToken!)).toBe(false);
    } finally {
      await folder.close();
    }
  });

  it("listens on 127.0.0.1 by default and serves /v1/health over HTTP", async () => {
    const server = await createServer({ dataDir: dir, port: 0, logger: silentLogger, env: {} });
    try {
      const { url } = await server.listen();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.services.context.issuer).toBe(url);
      const res = await fetch(`${url}/v1/health`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { status: string }).status).toBe("ok");
    } finally {
      await server.close();
    }
  });

  it("refuses OPENLEASH_DATABASE_URL (embedded store only in this version)", async () => {
    const err = await createServer({
      dataDir: dir,
      logger: silentLogger,
      env: { OPENLEASH_DATABASE_URL: "postgres://x" },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
  });
});

describe("loadConfig", () => {
  it("defaults, then file, then env, then overrides", async () => {
    expect(loadConfig({ env: {} })).toMatchObject({
      host: "127.0.0.1",
      port: 8787,
      maxBodyBytes: 65536,
      signatureMaxSkewSeconds: 120,
    });
    const dir = await mkdtemp(join(tmpdir(), "openleash-cfg-"));
    const file = join(dir, "openleash.yaml");
    await writeFile(file, "port: 9000\nproofTtlSeconds: 60\nhost: 0.0.0.0\n");
    const c = loadConfig({
      env: { OPENLEASH_PORT: "9100", OPENLEASH_CONFIG: file },
      overrides: { host: "::1" },
    });
    expect(c).toMatchObject({ port: 9100, proofTtlSeconds: 60, host: "::1" });
    const trusted = loadConfig({
      env: {
        OPENLEASH_TRUSTED_ISSUERS:
          '[{"issuer":"https://a.example","jwksUri":"https://a.example/.well-known/jwks.json"}]',
      },
    });
    expect(trusted.trustedIssuers).toHaveLength(1);
    await rm(dir, { recursive: true, force: true });
  });

  it("names the bad key", () => {
    expect(() => loadConfig({ env: { OPENLEASH_PORT: "eighty" } })).toThrow(/OPENLEASH_PORT/);
    expect(() => loadConfig({ env: {}, overrides: { port: 70000 } })).toThrow(/port/);
    expect(() => loadConfig({ env: {}, overrides: { proofTtlSeconds: 7200 } })).toThrow(ConfigError);
    expect(() => loadConfig({ env: {}, configFile: "/nonexistent/openleash.yaml" })).toThrow(ConfigError);
  });
});
