import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryAuditLog } from "@openleash/audit";
import { createServer, silentLogger } from "@openleash/server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";
import { captureIO } from "../testing/capture-io";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-admin-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens the folder as a server would and answers whether `token` is accepted as the admin token. */
async function adminAccepts(dataDir: string, token: string): Promise<boolean> {
  const server = await createServer({
    dataDir,
    env: {},
    logger: silentLogger,
    config: { logLevel: "silent" },
  });
  try {
    const res = await server.app.request("/v1/admin/owners", {
      headers: { authorization: `Bearer ${token}` },
    });
    return res.status === 200;
  } finally {
    await server.close();
  }
}

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash admin reset-token (in process)", { timeout: 30_000 }, () => {
  it("replaces the admin token: the old one is refused, the new one accepted; audited", async () => {
    const data = join(dir, "data");
    const first = await createServer({ dataDir: data, env: {}, logger: silentLogger });
    const original = first.bootstrap.adminToken!;
    await first.close();

    const { io, out } = captureIO(dir);
    expect(await main(["admin", "reset-token", "--data", "data"], io), out.stderr).toBe(0);
    const fresh = /\n {4}(ola_[A-Za-z0-9_-]+)\n/.exec(out.stdout)?.[1];
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(original);
    expect(out.stdout).toContain("no longer works");

    expect(await adminAccepts(data, original)).toBe(false);
    expect(await adminAccepts(data, fresh!)).toBe(true);

    // --json, a second time: the previous reset's token stops working too.
    const again = captureIO(dir);
    expect(await main(["admin", "reset-token", "--data", data, "--json"], again.io)).toBe(0);
    const parsed = JSON.parse(again.out.stdout) as { admin_token: string; data_dir: string };
    expect(again.out.stdout.trim().split("\n")).toHaveLength(1);
    expect(parsed.data_dir).toBe(data);
    expect(await adminAccepts(data, fresh!)).toBe(false);
    expect(await adminAccepts(data, parsed.admin_token)).toBe(true);

    const audit = await queryAuditLog(join(data, "audit"), { type: "admin.token_reset" });
    expect(audit.records).toHaveLength(2);
    // The audit log names the event, never the secret.
    expect(JSON.stringify(audit.records)).not.toContain("ola_");
  });

  it("refuses while a server holds the folder, naming its process; nothing changes", async () => {
    const data = join(dir, "held");
    const server = await createServer({ dataDir: data, env: {}, logger: silentLogger });
    const token = server.bootstrap.adminToken!;
    try {
      const { io, out } = captureIO(dir);
      expect(await main(["admin", "reset-token", "--data", data], io)).toBe(1);
      expect(out.stderr).toContain(`process ${process.pid}`);
      expect(out.stderr).toContain("Stop that server first");
      expect(out.stdout).toBe("");
      const res = await server.app.request("/v1/admin/owners", {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it("refuses a folder that does not exist instead of creating one; usage mistakes exit 2", async () => {
    const { io, out } = captureIO(dir);
    expect(await main(["admin", "reset-token", "--data", "missing"], io)).toBe(1);
    expect(out.stderr).toContain("no OpenLeash data folder");
    for (const argv of [["admin"], ["admin", "reset"], ["admin", "reset-token", "--url", "http://x"]]) {
      expect(await main(argv, captureIO(dir).io)).toBe(2);
    }
    const help = captureIO(dir);
    expect(await main(["admin", "--help"], help.io)).toBe(0);
    expect(help.out.stdout).toContain("reset-token");
  });
});
