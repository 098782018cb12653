import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyAuditLog } from "@openleash/audit";
import { openDataFolder } from "@openleash/server";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";

let dir: string;

function io() {
  return captureIO(dir);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-init-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function counts(dataDir: string) {
  const s = await openDataFolder({ dataDir, env: {} });
  try {
    const owners = await s.owners.listOwners();
    return { owners: owners.length };
  } finally {
    await s.close();
  }
}

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash init on a data folder", { timeout: 30_000 }, () => {
  it("creates owner, agent and starter policy, prints JSON and writes agent.env with mode 0600", async () => {
    const { io: value, out } = io();
    const code = await main(["init", "--owner", "alice", "--agent", "shopper", "--json"], value);
    expect(out.stderr).toBe("");
    expect(code).toBe(0);
    const r = JSON.parse(out.stdout);
    expect(r.owner.name).toBe("alice");
    expect(r.agent.name).toBe("shopper");
    expect(r.owner_api_token).toMatch(/^olo_/);
    expect(r.admin_token).toMatch(/^ola_/); // the folder was new: its admin token is shown here once
    expect(r.private_key_jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: r.key_id });
    expect(r.private_key_jwk.d).toBeTruthy();
    expect(r.policy).toMatchObject({ name: "starter", version: 1 });
    const env = await readFile(join(dir, "agent.env"), "utf8");
    expect(env).toContain(`OPENLEASH_AGENT_ID=${r.agent.id}\n`);
    expect(env).toContain(`OPENLEASH_KEY_ID=${r.key_id}\n`);
    expect(env).toContain(`OPENLEASH_PRIVATE_KEY_JWK='${JSON.stringify(r.private_key_jwk)}'`);
    expect(env).toContain(`OPENLEASH_URL=${r.server_url}\n`);
    expect((await stat(join(dir, "agent.env"))).mode & 0o777).toBe(0o600);

    // The services see what init created: the agent's policy decides a small purchase ALLOW.
    const s = await openDataFolder({ dataDir: join(dir, ".openleash"), env: {} });
    try {
      const agents = await s.agents.list(r.owner.id);
      expect(agents.map((a) => a.id)).toEqual([r.agent.id]);
      const bindings = await s.policies.listBindings(r.owner.id);
      expect(bindings).toMatchObject([{ scope: "agent", target_id: r.agent.id, policy_id: r.policy.id }]);
    } finally {
      await s.close();
    }
    expect((await verifyAuditLog({ dir: join(dir, ".openleash", "audit") })).ok).toBe(true);
  });

  it("a second init on the same folder shows no admin token and refuses to overwrite agent.env", async () => {
    expect(await main(["init", "--owner", "a", "--agent", "b", "--no-env"], io().io)).toBe(0);
    const second = io();
    expect(await main(["init", "--owner", "c", "--agent", "d", "--json", "--no-env"], second.io)).toBe(0);
    expect(JSON.parse(second.out.stdout).admin_token).toBeUndefined();

    await writeFile(join(dir, "agent.env"), "keep me\n");
    const third = io();
    expect(await main(["init", "--owner", "e", "--agent", "f"], third.io)).toBe(1);
    expect(third.out.stderr).toContain("exists already; nothing was created");
    expect(await readFile(join(dir, "agent.env"), "utf8")).toBe("keep me\n");
    expect(await counts(join(dir, ".openleash"))).toEqual({ owners: 2 });
  });

  it("an invalid policy file is reported with line and column and creates nothing", async () => {
    await writeFile(
      join(dir, "bad.yaml"),
      "version: 1\nrules:\n  - id: x\n    action: purchase\n    effect: alow\n",
    );
    const { io: value, out } = io();
    const code = await main(["init", "--owner", "a", "--agent", "b", "--policy", "bad.yaml"], value);
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/bad\.yaml:5:\d+: /);
    // Validation happens before the folder is even opened.
    await expect(stat(join(dir, ".openleash"))).rejects.toMatchObject({ code: "ENOENT" });
    await expect(stat(join(dir, "agent.env"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("usage mistakes exit 2", async () => {
    for (const argv of [
      ["init", "--agent", "b"],
      ["init", "--owner", "a"],
      ["init", "--owner", "a", "--agent", "b", "--url", "http://127.0.0.1:1", "--data", "x"],
      ["init", "--owner", "a", "--agent", "b", "--admin-token", "t"],
      ["init", "--owner", "a", "--agent", "b", "--url", "http://127.0.0.1:1"],
      ["init", "--owner", "a", "--agent", "b", "--bogus"],
    ]) {
      const { io: value, out } = io();
      expect(await main(argv, value)).toBe(2);
      expect(out.stderr).toContain("openleash init --help");
    }
  });

  it("an unreachable server is exit 1 with a clear message", async () => {
    const { io: value, out } = io();
    const argv = ["init", "--owner", "a", "--agent", "b", "--no-env", "--url", "http://127.0.0.1:9"];
    expect(await main([...argv, "--admin-token", "ola_x"], value)).toBe(1);
    expect(out.stderr).toContain("cannot reach the OpenLeash server at http://127.0.0.1:9");
  });
});
