import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  actionHash,
  createAction,
  generateAgentKey,
  JwksCache,
  type OpenLeashAgent,
  OpenLeashApiError,
  OpenLeashError,
  OpenLeashOwner,
  OpenLeashPublic,
  type paths,
  ProofTokenError,
  redeemInvite,
  signingMiddleware,
  verifyProofOffline,
} from "../src/index";
import { RealServer } from "./server";

const purchase = (amountMinor: number) =>
  createAction({
    type: "purchase",
    relyingParty: { domain: "storeco.example" },
    payload: { amount_minor: amountMinor, currency: "USD", item: "headphones" },
  });

/** Changes one byte of the payload segment (a character of `sub`), keeping it valid JSON. */
function tamperOneByte(token: string): string {
  const [h, p, s] = token.split(".");
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(p!.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
  );
  const at = json.indexOf('"sub":"') + 7;
  const tampered = json.slice(0, at) + (json[at] === "x" ? "y" : "x") + json.slice(at + 1);
  const b64 = btoa(String.fromCharCode(...new TextEncoder().encode(tampered)));
  return [h, b64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), s].join(".");
}

describe("against a real OpenLeash server", () => {
  let srv: RealServer;
  let owner: OpenLeashOwner;
  let agent: OpenLeashAgent;
  let agentId: string;

  beforeAll(async () => {
    srv = await RealServer.start();
    owner = await srv.ownerWithPolicy("alice");
    const invite = await owner.createInvite({ name: "shopper" });
    expect(invite.invite_url).toContain("#invite=");
    const key = await generateAgentKey();
    const redeemed = await redeemInvite(invite.invite_url, key);
    expect(redeemed.kid).toBe(key.kid);
    agent = redeemed.client;
    agentId = redeemed.agent.id;
  });
  afterAll(async () => {
    await srv?.close();
  });

  it("registers through the invite URL; the invite cannot be used twice", async () => {
    const me = await agent.me();
    expect(me).toMatchObject({ agent: { id: agentId, name: "shopper", status: "ACTIVE" }, kid: agent.kid });
    expect((await owner.listAgents()).map((a) => a.id)).toContain(agentId);
    const [invite] = await owner.listInvites();
    expect(invite).toMatchObject({ agent_id: agentId });
    const again = await owner.createInvite();
    await redeemInvite(again.invite_url, await generateAgentKey());
    const reuse = redeemInvite(again.invite_url, await generateAgentKey());
    await expect(reuse).rejects.toBeInstanceOf(OpenLeashApiError);
  });

  it("ALLOW carries a proof that verifies offline with the server's JWKS; one byte changed is rejected", async () => {
    const action = purchase(8500);
    const r = await agent.authorize(action);
    expect(r).toMatchObject({
      decision: "ALLOW",
      matched_rule: "small-purchases",
      action_hash: await actionHash(action),
    });
    const token = r.proof_token!;
    const options = {
      jwksUrl: `${srv.url}/.well-known/jwks.json`,
      issuer: srv.url,
      audience: "storeco.example",
      action,
      cache: new JwksCache(),
    };
    const { claims, header } = await verifyProofOffline(token, options);
    expect(claims).toMatchObject({
      sub: agentId,
      aud: "storeco.example",
      action_type: "purchase",
      jti: r.decision_id,
    });
    expect(header).toMatchObject({ alg: "EdDSA", typ: "openleash-proof+jwt" });
    await expect(verifyProofOffline(tamperOneByte(token), options)).rejects.toMatchObject({
      code: "INVALID_SIGNATURE",
    });
    const otherAction = { ...action, payload: { ...action.payload, amount_minor: 8501 } };
    await expect(verifyProofOffline(token, { ...options, action: otherAction })).rejects.toMatchObject({
      code: "ACTION_HASH_MISMATCH",
    });
    await expect(verifyProofOffline(token, { ...options, audience: "evil.example" })).rejects.toBeInstanceOf(
      ProofTokenError,
    );
    // The server agrees online, and so does the issuer-derived JWKS location.
    expect((await new OpenLeashPublic({ baseUrl: srv.url }).verifyProof(token, { action })).valid).toBe(true);
    await expect(verifyProofOffline(token, { issuer: srv.url, action })).resolves.toBeTruthy();
  });

  it("DENY is an answer, not an error; explain returns the trace", async () => {
    const r = await agent.authorize(createAction({ type: "wire.transfer", payload: { amount_minor: 100 } }), {
      explain: true,
    });
    expect(r).toMatchObject({ decision: "DENY", matched_rule: "no-wires" });
    expect(r.proof_token).toBeUndefined();
    expect(Array.isArray(r.trace)).toBe(true);
  });

  it("REQUIRE_APPROVAL → owner approves → waitForApproval → ALLOW with approval_id; the token is single-use", async () => {
    const action = purchase(90_000);
    const first = await agent.authorize(action);
    expect(first).toMatchObject({ decision: "REQUIRE_APPROVAL", obligations: [{ type: "HUMAN_APPROVAL" }] });
    const id = first.approval_request_id!;
    const waiting = agent.waitForApproval(id, { timeoutMs: 20_000 });
    const pending = await owner.listApprovals("PENDING");
    expect(pending.map((a) => a.id)).toContain(id);
    expect(pending.find((a) => a.id === id)?.action).toEqual(action);
    await owner.approve(id, { note: "ok" });
    const view = await waiting;
    expect(view).toMatchObject({ id, status: "APPROVED", assurance: "LOW" });
    const second = await agent.authorize(action, { approvalToken: view.approval_token! });
    expect(second.decision).toBe("ALLOW");
    const { claims } = await verifyProofOffline(second.proof_token!, { issuer: srv.url, action });
    expect(claims).toMatchObject({ approval_id: id, assurance: "LOW" });
    const reuse = agent.authorize(action, { approvalToken: view.approval_token! });
    await expect(reuse).rejects.toMatchObject({ status: 403, code: "APPROVAL_TOKEN_USED" });
    const err = await reuse.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenLeashApiError);
    expect((err as OpenLeashApiError).title).toBeTruthy();
  });

  it("authorizeAndWait goes through after approval and rejects with APPROVAL_DENIED after a denial", async () => {
    const approved = await agent.authorizeAndWait(purchase(20_000), {
      timeoutMs: 20_000,
      onPending: (p) => void owner.approve(p.approval_request_id!),
    });
    expect(approved.decision).toBe("ALLOW");
    const denied = agent.authorizeAndWait(purchase(30_000), {
      timeoutMs: 20_000,
      onPending: (p) => void owner.deny(p.approval_request_id!, { note: "too much" }),
    });
    await expect(denied).rejects.toMatchObject({ code: "APPROVAL_DENIED" });
    const small = await agent.authorizeAndWait(purchase(100));
    expect(small.decision).toBe("ALLOW");
  });

  it("waitForApproval stops with APPROVAL_TIMEOUT, or with the abort reason", async () => {
    const { approval_request_id: id } = await agent.authorize(purchase(40_000));
    const timeout = agent.waitForApproval(id!, { timeoutMs: 1200, pollSeconds: 1 });
    await expect(timeout).rejects.toMatchObject({ code: "APPROVAL_TIMEOUT" });
    await expect(timeout).rejects.toBeInstanceOf(OpenLeashError);
    const controller = new AbortController();
    const aborted = agent.waitForApproval(id!, { signal: controller.signal });
    controller.abort(new Error("user gave up"));
    await expect(aborted).rejects.toThrow("user gave up");
  });

  it("signingMiddleware signs requests of a plain openapi-fetch client", async () => {
    const key = await generateAgentKey();
    await redeemInvite((await owner.createInvite()).invite_url, key);
    const client = createClient<paths>({ baseUrl: srv.url });
    client.use(signingMiddleware(key));
    const { data, response } = await client.GET("/v1/agent/me");
    expect(response.status).toBe(200);
    expect(data?.kid).toBe(key.kid);
  });

  it("a request altered after signing is refused with the problem's code", async () => {
    const key = await generateAgentKey();
    const inv = await owner.createInvite();
    const tamperingFetch = async (req: Request) => {
      const body = await req.text();
      return fetch(
        new Request(req.url, {
          method: req.method,
          headers: req.headers,
          ...(body ? { body: body.replace("8500", "9500") } : {}),
        }),
      );
    };
    const { client } = await redeemInvite(inv.invite_url, key);
    const { OpenLeashAgent } = await import("../src/index");
    const evil = new OpenLeashAgent({ baseUrl: srv.url, key, fetch: tamperingFetch });
    await expect(evil.authorize(purchase(8500))).rejects.toMatchObject({
      status: 401,
      code: "DIGEST_MISMATCH",
    });
    expect((await client.authorize(purchase(8500))).decision).toBe("ALLOW");
  });

  it("owner client manages agents, keys, groups, policies, bindings, decisions and audit", async () => {
    const me = await owner.me();
    expect(me.owner.name).toBe("alice");
    const keys = await owner.listAgentKeys(agentId);
    expect(keys.map((k) => k.kid)).toContain(agent.kid);
    const group = await owner.createGroup("shoppers");
    await owner.addGroupMember(group.id, agentId);
    expect((await owner.getGroup(group.id)).members).toEqual([agentId]);
    await owner.removeGroupMember(group.id, agentId);
    await owner.deleteGroup(group.id);
    // A scratch policy, bound to nothing: the agent's own policy stays as it is for the other tests.
    const { policy } = await owner.createPolicy(
      "scratch",
      "version: 1\nname: v1\ndefault: deny\nrules: []\n",
    );
    expect((await owner.listPolicies()).map((p) => p.id)).toContain(policy.id);
    const v2 = await owner.addPolicyVersion(policy.id, "version: 1\nname: v2\ndefault: deny\nrules: []\n");
    expect(v2.version).toBe(2);
    expect((await owner.getPolicyVersion(policy.id, 2)).source).toContain("name: v2");
    expect((await owner.getPolicy(policy.id)).versions).toHaveLength(2);
    expect((await owner.listBindings()).map((b) => b.policy_id)).not.toContain(policy.id);
    const dry = await owner.dryRun({ action: purchase(100), agent_id: agentId });
    expect(dry).toMatchObject({ decision: "ALLOW", matched_rule: "small-purchases" });
    const v2Source = (await owner.getPolicyVersion(policy.id, 2)).source;
    expect(
      (await owner.dryRun({ action: purchase(100), agent_id: agentId, source: v2Source })).decision,
    ).toBe("DENY");
    const bad = owner.createPolicy("broken", "version: 1\nrules: [\n");
    await expect(bad).rejects.toMatchObject({ status: 400 });
    const decisions = await owner.listDecisions({ agent_id: agentId, decision: "ALLOW" });
    expect(decisions.decisions.length).toBeGreaterThan(0);
    expect((await owner.audit({ type: "authorization.decision", limit: 5 })).records.length).toBeGreaterThan(
      0,
    );
    const suspended = await owner.updateAgent(agentId, { status: "SUSPENDED" });
    expect(suspended.status).toBe("SUSPENDED");
    await expect(agent.me()).rejects.toMatchObject({ status: 401 });
    await owner.updateAgent(agentId, { status: "ACTIVE" });
    expect((await agent.me()).agent.status).toBe("ACTIVE");
    await expect(owner.getAgent("agt_nope")).rejects.toMatchObject({ status: 404 });
    const extra = await owner.createApiToken("ci");
    const second = new OpenLeashOwner({ baseUrl: srv.url, token: extra.api_token });
    expect((await second.me()).owner.id).toBe(me.owner.id);
    expect((await owner.listApiTokens()).map((t) => t.name)).toContain("ci");
    await owner.revokeApiToken(extra.id);
    await expect(second.me()).rejects.toMatchObject({ status: 401 });
  });

  it("the README's ten-line example runs as written", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const snippet = /## Ten lines\n\n```ts\n([\s\S]*?)```/.exec(readme)![1]!;
    const code = snippet.split("\n").filter((l) => l.trim() && !l.trim().startsWith("//"));
    expect(code.length).toBeLessThanOrEqual(10);
    const dir = await mkdtemp(join(tmpdir(), "openleash-readme-"));
    try {
      await mkdir(join(dir, "node_modules", "@openleash"), { recursive: true });
      await symlink(
        fileURLToPath(new URL("..", import.meta.url)),
        join(dir, "node_modules", "@openleash", "sdk"),
      );
      const file = join(dir, "readme-example.ts");
      await writeFile(file, `${snippet.replaceAll("http://127.0.0.1:8787", srv.url)}\nexport { claims };\n`);
      const before = (await owner.listAgents()).length;
      process.env.INVITE_URL = (await owner.createInvite()).invite_url;
      const { claims } = await import(/* @vite-ignore */ file);
      expect(claims).toMatchObject({ iss: srv.url, aud: "storeco.example", action_type: "purchase" });
      expect((await owner.listAgents()).length).toBe(before + 1);
    } finally {
      delete process.env.INVITE_URL;
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("limits and cancellation", () => {
  it("a 429 carries RATE_LIMITED and Retry-After; an aborted authorize rejects with the reason", async () => {
    const srv = await RealServer.start({ rateLimitPerAgentPerMinute: 2 });
    try {
      const owner = await srv.ownerWithPolicy("carol");
      const { client } = await redeemInvite(
        (await owner.createInvite()).invite_url,
        await generateAgentKey(),
      );
      const controller = new AbortController();
      controller.abort(new Error("never mind"));
      await expect(client.authorize(purchase(100), { signal: controller.signal })).rejects.toThrow(
        "never mind",
      );
      await client.me();
      await client.me();
      const err = await client.authorize(purchase(100)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OpenLeashApiError);
      expect(err).toMatchObject({ status: 429, code: "RATE_LIMITED" });
      expect((err as OpenLeashApiError).retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      await srv.close();
    }
  });
});
