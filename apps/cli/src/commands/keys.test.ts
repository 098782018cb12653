import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryAuditLog } from "@openleash/audit";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";
import { createServer, silentLogger } from "@openleash/server";

let dir: string;

function io() {
  return captureIO(dir);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-keys-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Listed = {
  keys: Array<{
    kid: string;
    status: string;
    created_at: string;
    activated_at: string | null;
    retired_at: string | null;
    publish_until: string | null;
    jwk: Record<string, unknown>;
  }>;
};

async function list(...extra: string[]): Promise<Listed> {
  const { io: value, out } = io();
  expect(await main(["keys", "list", "--json", ...extra], value), out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Listed;
}

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash keys on a data folder", { timeout: 30_000 }, () => {
  it("lists the active and next key; rotate promotes next and keeps the old key published", async () => {
    const before = await list();
    expect(before.keys.map((k) => k.status)).toEqual(["active", "next"]);
    for (const k of before.keys) expect(k.jwk.d).toBeUndefined(); // public halves only

    const rotated = io();
    expect(await main(["keys", "rotate"], rotated.io)).toBe(0);
    expect(rotated.out.stdout).toContain("Rotated.");

    const after = await list();
    expect(after.keys.map((k) => k.status)).toEqual(["active", "next", "retired"]);
    expect(after.keys[0]!.kid).toBe(before.keys[1]!.kid);
    expect(after.keys[2]!.kid).toBe(before.keys[0]!.kid);
    const audit = await queryAuditLog(join(dir, ".openleash", "audit"), { type: "key.rotated" });
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]!.data).toEqual({ active_kid: after.keys[0]!.kid });
  });

  it("usage mistakes exit 2, an unreachable server exits 1", async () => {
    for (const argv of [["keys"], ["keys", "spin"], ["keys", "list", "--url", "http://x", "--data", "d"]]) {
      expect(await main(argv, io().io)).toBe(2);
    }
    expect(await main(["keys", "rotate", "--url", "http://127.0.0.1:9"], io().io)).toBe(2);
    const { io: value, out } = io();
    expect(await main(["keys", "list", "--url", "http://127.0.0.1:9", "--admin-token", "ola_x"], value)).toBe(
      1,
    );
    expect(out.stderr).toContain("cannot reach");
  });

  it("the text listing shows each key's status and the dates that matter for it", async () => {
    const { io: value, out } = io();
    expect(await main(["keys", "rotate"], value)).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe("Rotated. Instance signing keys now:");
    expect(lines[1]).toMatch(/^ {2}active {3}\S+ {2}active since \d{4}-/);
    expect(lines[2]).toMatch(/^ {2}next {5}\S+ {2}published since \d{4}-/);
    expect(lines[3]).toMatch(/^ {2}retired {2}\S+ {2}retired \d{4}-.*, published until \d{4}-/);
  });
});

describe("openleash keys through a running server (--url)", { timeout: 30_000 }, () => {
  it("list and rotate use the admin API; the listing matches the server's own key ring", async () => {
    const server = await createServer({
      dataDir: join(dir, "srv"),
      port: 0,
      env: {},
      logger: silentLogger,
      config: { logLevel: "silent" },
    });
    try {
      const { url } = await server.listen();
      const token = server.bootstrap.adminToken!;
      const before = await list("--url", url, "--admin-token", token);
      expect(before.keys.map((k) => k.status)).toEqual(["active", "next"]);
      expect(before.keys[0]!.kid).toBe(server.services.keys.active().kid);
      expect(before.keys[0]!.activated_at).toBe(before.keys[0]!.created_at);
      for (const k of before.keys) expect(k.jwk.d).toBeUndefined();

      const rotated = io();
      rotated.io.env = { OPENLEASH_ADMIN_TOKEN: token };
      expect(await main(["keys", "rotate", "--url", url, "--json"], rotated.io)).toBe(0);
      const after = JSON.parse(rotated.out.stdout) as Listed;
      expect(after.keys.map((k) => [k.kid, k.status])).toEqual([
        [before.keys[1]!.kid, "active"],
        [expect.any(String), "next"],
        [before.keys[0]!.kid, "retired"],
      ]);
      expect(after.keys[2]!.retired_at).not.toBeNull();
      expect(after.keys[2]!.publish_until).not.toBeNull();
      expect(after).toEqual(await list("--url", url, "--admin-token", token));

      // The listing is an admin API: no token is a usage mistake, a wrong one is refused by the server.
      expect(await main(["keys", "list", "--url", url], io().io)).toBe(2);
      const wrong = io();
      expect(await main(["keys", "list", "--url", url, "--admin-token", "ola_wrong"], wrong.io)).toBe(1);
      expect(wrong.out.stderr).toContain("INVALID_TOKEN");
    } finally {
      await server.close();
    }
  });
});
