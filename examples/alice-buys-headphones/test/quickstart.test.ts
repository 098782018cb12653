import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { OpenLeashAdmin, OpenLeashOwner } from "@openleash/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, type Instance, startInstance } from "../src/instances";

// Runs docs/quickstart.md for real: its files verbatim, its commands as written (only the port differs).
const REPO = new URL("../../../", import.meta.url).pathname.replace(/\/$/, "");
const run = promisify(execFile);

function blocks(markdown: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of markdown.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)```/g)) out[m[1]!] = m[2]!;
  return out;
}

describe("docs/quickstart.md", () => {
  let doc: string;
  let files: Record<string, string>;
  let server: Instance;
  let work: string;
  let env: Record<string, string>;

  /** Runs shell lines in the agent's folder with `openleash` on hand, as in the quickstart. */
  const sh = (script: string, extra: Record<string, string> = {}) =>
    run("bash", ["-c", `openleash() { node "${cliBin()}" "$@"; }\n${script}`], {
      cwd: work,
      env: { ...env, ...extra },
    });

  beforeAll(async () => {
    doc = await readFile(join(REPO, "docs", "quickstart.md"), "utf8");
    files = blocks(doc);
    work = await mkdtemp(join(tmpdir(), "openleash-quickstart-"));
    for (const name of ["policy.yaml", "authorize.mjs", "verify.mjs", "approve.mjs"]) {
      await writeFile(join(work, name), files[name]!);
    }
    server = await startInstance("quickstart");
    const { PATH, HOME } = process.env;
    env = { PATH: PATH ?? "", HOME: HOME ?? work, OPENLEASH_REPO: REPO, ADMIN_TOKEN: server.adminToken };
  });
  afterAll(async () => {
    await server?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("lists the commands this test runs", () => {
    expect(Object.keys(files).sort()).toEqual([
      "approve.mjs",
      "authorize.mjs",
      "policy.yaml",
      "terminal 1",
      "terminal 2",
      "verify.mjs",
    ]);
    expect(files["terminal 1"]!.trim()).toBe("openleash start");
    for (const line of [
      'openleash init --url http://127.0.0.1:8787 --admin-token "$ADMIN_TOKEN" --owner alice --agent shopper --policy policy.yaml',
      'mkdir -p node_modules/@openleash && ln -s "$OPENLEASH_REPO/sdks/typescript" node_modules/@openleash/sdk',
      "set -a; . ./agent.env; set +a\nnode authorize.mjs",
      "node verify.mjs",
      "node approve.mjs",
      "openleash policy lint policy.yaml",
    ]) {
      expect(doc).toContain(line);
    }
  });

  it("init, authorize, verify offline, tamper, approve: as written", async () => {
    const lint = await sh("openleash policy lint policy.yaml");
    expect(lint.stdout).toContain("no problems");
    const initLine = files["terminal 2"]!.split("\n").find((l) => l.startsWith("openleash init"))!;
    const init = await sh(initLine.replace("http://127.0.0.1:8787", server.url));
    expect(init.stdout).toContain("OpenLeash is set up.");
    const ownerToken = /Owner API token\s+(\S+)/.exec(init.stdout)![1]!;
    expect(await readFile(join(work, "agent.env"), "utf8")).toContain(`OPENLEASH_URL=${server.url}`);

    await sh(
      'mkdir -p node_modules/@openleash && ln -s "$OPENLEASH_REPO/sdks/typescript" node_modules/@openleash/sdk',
    );
    const authorized = await sh("set -a; . ./agent.env; set +a\nnode authorize.mjs");
    expect(authorized.stdout).toBe("ALLOW - allowed by rule small-purchases\nproof saved to order.json\n");
    const verified = await sh("set -a; . ./agent.env; set +a\nnode verify.mjs");
    expect(verified.stdout).toMatch(/^valid proof: agent agt_\S+ may purchase \(rule small-purchases\)\n$/);

    const order = JSON.parse(await readFile(join(work, "order.json"), "utf8"));
    order.action.payload.amount_minor = 100;
    await writeFile(join(work, "order.json"), JSON.stringify(order));
    const tampered = await sh("set -a; . ./agent.env; set +a\nnode verify.mjs").catch(
      (e: { stderr: string }) => e,
    );
    expect((tampered as { stderr: string }).stderr).toContain("token is for another action");

    // 900 USD waits for the owner; approve.mjs (the owner) lets it through.
    const waiting = spawn("bash", ["-c", "set -a; . ./agent.env; set +a\nnode authorize.mjs 90000"], {
      cwd: work,
      env,
    });
    let out = "";
    const finished = new Promise<number | null>((r) => waiting.once("exit", r));
    const pending = new Promise<void>((resolve) => {
      waiting.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("REQUIRE_APPROVAL: waiting for the owner (apr_")) resolve();
      });
    });
    await pending;
    const approved = await sh("set -a; . ./agent.env; set +a\nnode approve.mjs", { OWNER_TOKEN: ownerToken });
    expect(approved.stdout).toContain(
      'approving purchase: {"item":"headphones","amount_minor":90000,"currency":"USD"}',
    );
    expect(await finished).toBe(0);
    expect(out).toContain("ALLOW - allowed by rule big-purchases\nproof saved to order.json\n");
  });

  it("the SDK snippet of docs/agent-integration.md registers from an invite and asks", async () => {
    const guide = await readFile(join(REPO, "docs", "agent-integration.md"), "utf8");
    const snippet = /```js\n([\s\S]*?)```/.exec(guide)![1]!;
    const admin = new OpenLeashAdmin({ baseUrl: server.url, token: server.adminToken });
    const created = await admin.createOwner({ name: "bob" });
    const owner = new OpenLeashOwner({ baseUrl: server.url, token: created.api_token });
    const { policy } = await owner.createPolicy("p", files["policy.yaml"]!);
    await owner.createBinding({ policy_id: policy.id, scope: "owner" });
    const { invite_url } = await owner.createInvite({ name: "bob-agent" });
    const script = `const INVITE_URL = process.env.INVITE_URL;\n${snippet}\nconsole.log(r.decision, r.matched_rule);\n`;
    await writeFile(join(work, "agent-guide.mjs"), script);
    const ran = await sh("node agent-guide.mjs", { INVITE_URL: invite_url });
    expect(ran.stdout).toBe("ALLOW small-purchases\n");
    expect((await owner.listAgents()).map((a) => a.name)).toEqual(["bob-agent"]);
  });
});
