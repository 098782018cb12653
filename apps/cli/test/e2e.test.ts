/**
 * End-to-end tests against the real `openleash` process: the server is started with
 * `openleash start`, set up with `openleash init --url`, and spoken to over HTTP on 127.0.0.1
 * with real RFC 9421 signatures and real Ed25519 keys. Nothing is mocked.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, signRequest, verifyProof } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Answer, purchase, send, TestAgent } from "./helpers/agent";
import { readAuditRecords, tableCounts } from "./helpers/audit-files";
import { killAll, runCli, rssBytes, type ServerProcess, startServer } from "./helpers/process";

const CAPPED_POLICY = `version: 1
name: capped
default: deny
rules:
  - id: capped-purchases
    action: purchase
    effect: allow
    constraints:
      currencies: [USD]
    limits:
      - id: daily-cap
        window: 24h
        sum: action.payload.amount_minor
        max: 50000
        per: [agent]
        on_exceed: deny
`;

const MB = 1024 * 1024;
let root: string;
let data: string;
let server: ServerProcess;
let shopper: TestAgent;
let capped: TestAgent;
/** Every decision id a client received from /v1/authorize, to match against the audit log. */
const received = new Set<string>();

async function authorize(agent: TestAgent, action: object, extra?: Record<string, unknown>): Promise<Answer> {
  const a = await agent.authorize(action, extra);
  if (a.status === 200) received.add(a.json.decision_id as string);
  return a;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "openleash-e2e-"));
  data = join(root, "data");
  server = await startServer(data);
  const policyFile = join(root, "capped.yaml");
  await writeFile(policyFile, CAPPED_POLICY);
  [shopper, capped] = await Promise.all([
    TestAgent.create(server.url, server.adminToken!, { owner: "alice", agent: "shopper" }),
    TestAgent.create(server.url, server.adminToken!, { owner: "bob", agent: "capped", policy: policyFile }),
  ]);
}, 60_000);

afterAll(async () => {
  await killAll();
  await rm(root, { recursive: true, force: true });
});

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash start + init (real processes)", { timeout: 30_000 }, () => {
  it("start --json printed one line with the admin token on the first start and became healthy", () => {
    expect(server.adminToken).toMatch(/^ola_/);
    expect(server.info).toMatchObject({
      url: server.url,
      issuer: server.url,
      pid: server.pid,
      data_dir: data,
    });
    expect(server.output().stdout).toBe(`${JSON.stringify(server.info)}\n`);
    expect(server.output().stderr).not.toContain("ola_");
  });

  it("ALLOW carries a proof that verifies offline against /.well-known/jwks.json", async () => {
    const action = purchase(1000);
    const a = await authorize(shopper, action);
    expect(a.status).toBe(200);
    expect(a.json.decision).toBe("ALLOW");
    expect(a.json.matched_rule).toBe("small-purchases");
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: object[] };
    const { claims } = await verifyProof({
      token: a.json.proof_token as string,
      jwks,
      action,
      issuer: server.url,
    });
    expect(claims.sub).toBe(shopper.id);
    expect(claims.jti).toBe(a.json.decision_id);
    // The same proof does not verify for an action the agent did not ask about.
    await expect(
      verifyProof({
        token: a.json.proof_token as string,
        jwks,
        action: purchase(99_999),
        issuer: server.url,
      }),
    ).rejects.toMatchObject({ code: "ACTION_HASH_MISMATCH" });
  });

  it("DENY for anything the starter policy does not allow, without a proof", async () => {
    const a = await authorize(shopper, {
      id: "mail-1",
      type: "email.send",
      payload: { to: "x@example.com" },
    });
    expect(a.status).toBe(200);
    expect(a.json.decision).toBe("DENY");
    expect(a.json.proof_token).toBeUndefined();
  });

  it("REQUIRE_APPROVAL → the owner approves → approval token → ALLOW with approval_id", async () => {
    const action = purchase(8500);
    const first = await authorize(shopper, action);
    expect(first.json.decision).toBe("REQUIRE_APPROVAL");
    const requestId = first.json.approval_request_id as string;
    expect(requestId).toBeTruthy();
    const approved = await shopper.owner("POST", `/v1/owner/approval-requests/${requestId}/approve`, {});
    expect(approved.status).toBe(200);
    const view = await send(await shopper.prepare("GET", `/v1/agent/approval-requests/${requestId}?wait=0`));
    expect(view.json.status).toBe("APPROVED");
    const token = view.json.approval_token as string;
    const again = await authorize(shopper, action, { approval_token: token });
    expect(again.json.decision).toBe("ALLOW");
    const jwks = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: object[] };
    const { claims } = await verifyProof({ token: again.json.proof_token as string, jwks, action });
    expect(claims.approval_id).toBe(requestId);
    // Single use: the same approval token is refused the second time.
    const reuse = await authorize(shopper, action, { approval_token: token });
    expect(reuse.status).toBe(403);
    expect(reuse.json.code).toBe("APPROVAL_TOKEN_USED");
  });

  it("200 concurrent 10 USD purchases against a 500 USD/day cap: exactly 50 ALLOW", async () => {
    const prepared = await Promise.all(
      Array.from({ length: 200 }, () => capped.prepare("POST", "/v1/authorize", { action: purchase(1000) })),
    );
    const answers = await Promise.all(prepared.map(send));
    for (const a of answers) {
      expect(a.status).toBe(200);
      received.add(a.json.decision_id as string);
    }
    const allow = answers.filter((a) => a.json.decision === "ALLOW");
    expect(allow).toHaveLength(50);
    expect(answers.filter((a) => a.json.decision === "DENY").length).toBe(150);
  }, 30_000);
});

describe("one server per data folder", { timeout: 30_000 }, () => {
  it("a second server on the same folder refuses to start, naming the pid and PostgreSQL", async () => {
    const r = await runCli(["start", "--port", "0", "--data", data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`process ${server.pid}`);
    expect(r.stderr).toContain("PostgreSQL");
  }, 30_000);

  it("the CLI on the folder while the server runs refuses and changes nothing (use --url)", async () => {
    const before = tableCounts(data);
    const jwksBefore = await (await fetch(`${server.url}/.well-known/jwks.json`)).text();
    const [init, rotate] = await Promise.all([
      runCli(["init", "--data", data, "--owner", "mallory", "--agent", "x", "--no-env"]),
      runCli(["keys", "rotate", "--data", data]),
    ]);
    for (const r of [init, rotate]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`process ${server.pid}`);
      expect(r.stderr).toContain("--url");
    }
    expect(tableCounts(data)).toEqual(before);
    expect(await (await fetch(`${server.url}/.well-known/jwks.json`)).text()).toBe(jwksBefore);
    // Through the server the same write goes through and is visible at once.
    const viaUrl = await runCli(["keys", "rotate", "--url", server.url, "--admin-token", server.adminToken!]);
    expect(viaUrl.code).toBe(0);
    const after = (await (await fetch(`${server.url}/.well-known/jwks.json`)).json()) as { keys: object[] };
    expect(JSON.stringify(after)).not.toBe(jwksBefore);
    expect(after.keys).toHaveLength(3);
  }, 30_000);

  it("admin reset-token refuses while the server holds the folder; the admin token keeps working", async () => {
    const r = await runCli(["admin", "reset-token", "--data", data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`process ${server.pid}`);
    expect(r.stdout).toBe("");
    const owners = await fetch(`${server.url}/v1/admin/owners`, {
      headers: { authorization: `Bearer ${server.adminToken}` },
    });
    expect(owners.status).toBe(200);
  }, 30_000);
});

describe("hostile traffic and resource bounds", { timeout: 30_000 }, () => {
  it("a flood of unauthenticated requests stores nothing and keeps memory bounded", async () => {
    const before = tableCounts(data);
    const auditBefore = readAuditRecords(data).length;
    const stranger = await generateKeyPair();
    const body = JSON.stringify({ action: purchase(100) });
    const url = `${server.url}/v1/authorize`;
    const statuses = new Map<number, number>();
    const codes = new Set<string>();
    for (let batch = 0; batch < 30; batch++) {
      const requests = await Promise.all(
        Array.from({ length: 100 }, async (_, i) => {
          // Half from an unknown key, half claiming the shopper's key id but signed by another key.
          const keyId = i % 2 === 0 ? stranger.kid : shopper.init.key_id;
          const headers = await signRequest({ method: "POST", url, body, key: stranger.privateJwk, keyId });
          return { url, method: "POST", headers: { ...headers, "content-type": "application/json" }, body };
        }),
      );
      for (const a of await Promise.all(requests.map(send))) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        codes.add(a.json.code as string);
      }
    }
    expect([...statuses]).toEqual([[401, 3000]]);
    // Unknown key and bad signature are indistinguishable (PROTOCOL.md §3).
    expect([...codes]).toEqual(["INVALID_SIGNATURE"]);
    expect(tableCounts(data)).toEqual(before);
    expect(readAuditRecords(data).length).toBe(auditBefore);
    expect(rssBytes(server.pid)).toBeLessThan(150 * MB);
  }, 60_000);

  it("one audit record per decision, each under 2 KB; server RSS under 150 MB after the load", () => {
    const decisions = readAuditRecords(data).filter((r) => r.record.type === "authorization.decision");
    const ids = decisions.map((r) => (r.record.data as { decision_id: string }).decision_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(received);
    for (const r of decisions) expect(r.bytes).toBeLessThan(2048);
    expect(rssBytes(server.pid)).toBeLessThan(150 * MB);
  });

  it("stops cleanly on SIGTERM and releases the data folder", async () => {
    expect(await server.stop()).toBe(0);
    const verify = await runCli(["audit", "verify", "--data", data]);
    expect(verify.code).toBe(0);
    const keys = await runCli(["keys", "list", "--data", data, "--json"]);
    expect(keys.code).toBe(0);
    expect((JSON.parse(keys.stdout) as { keys: Array<{ status: string }> }).keys[0]!.status).toBe("active");
  }, 30_000);

  it("admin reset-token on the stopped folder: the next server refuses the old token, accepts the new", async () => {
    const reset = await runCli(["admin", "reset-token", "--data", data, "--json"]);
    expect(reset.code).toBe(0);
    const { admin_token: fresh } = JSON.parse(reset.stdout) as { admin_token: string };
    expect(fresh).toMatch(/^ola_/);
    const restarted = await startServer(data);
    try {
      expect(restarted.adminToken).toBeNull(); // not a first start: nothing new is printed
      const as = (token: string) =>
        fetch(`${restarted.url}/v1/admin/owners`, { headers: { authorization: `Bearer ${token}` } });
      const old = await as(server.adminToken!);
      expect(old.status).toBe(401);
      expect(((await old.json()) as { code: string }).code).toBe("INVALID_TOKEN");
      expect((await as(fresh)).status).toBe(200);
      const keys = await runCli(["keys", "list", "--url", restarted.url, "--admin-token", fresh, "--json"]);
      expect(keys.code).toBe(0);
      expect((JSON.parse(keys.stdout) as { keys: Array<{ status: string }> }).keys[0]!.status).toBe("active");
    } finally {
      expect(await restarted.stop()).toBe(0);
    }
  }, 30_000);
});
