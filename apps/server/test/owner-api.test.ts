import { generateKeyPair, importSigningKey } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

const ALLOW_ALL = "version: 1\ndefault: deny\nrules:\n  - id: anything\n    action: '*'\n    effect: allow\n";
const DENY_PURCHASE =
  "version: 1\ndefault: passthrough\nrules:\n  - id: no-shopping\n    action: purchase\n    effect: deny\n";

describe("owner API", () => {
  let t: TestServer;
  let owner: { id: string; token: string };
  let other: { id: string; token: string };
  let agent: TestAgent;
  beforeAll(async () => {
    t = await TestServer.start();
    owner = await t.createOwner("alice");
    other = await t.createOwner("bob");
    agent = await t.enrollAgent(owner.token, "shopper");
  });
  afterAll(async () => {
    await t.close();
  });

  it("authenticates with a bearer API token (LOW assurance); missing or wrong tokens are 401", async () => {
    expect((await t.call("GET", "/v1/owner/me", { token: owner.token })).json).toMatchObject({
      owner: { id: owner.id, name: "alice" },
      assurance: "LOW",
    });
    const none = await t.call("GET", "/v1/owner/me");
    expect(none).toMatchObject({ status: 401, json: { code: "UNAUTHENTICATED" } });
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect((await t.call("GET", "/v1/owner/me", { token: "olo_wrong" })).json.code).toBe("INVALID_TOKEN");
    expect((await t.call("GET", "/v1/owner/me", { token: t.adminToken })).json.code).toBe("INVALID_TOKEN");
  });

  it("API tokens: create another, list without secrets, revoke", async () => {
    const created = await t.call("POST", "/v1/owner/api-tokens", {
      token: owner.token,
      body: { name: "ci" },
    });
    expect(created.status).toBe(201);
    expect((await t.call("GET", "/v1/owner/me", { token: created.json.api_token })).status).toBe(200);
    const list = await t.call("GET", "/v1/owner/api-tokens", { token: owner.token });
    expect(list.json.api_tokens.map((x: { name: string }) => x.name)).toEqual(["initial", "ci"]);
    expect(list.text).not.toContain(created.json.api_token);
    expect(list.text).not.toContain("token_hash");
    expect(
      (await t.call("POST", `/v1/owner/api-tokens/${created.json.id}/revoke`, { token: other.token })).status,
    ).toBe(404);
    expect(
      (await t.call("POST", `/v1/owner/api-tokens/${created.json.id}/revoke`, { token: owner.token })).status,
    ).toBe(204);
    expect((await t.call("GET", "/v1/owner/me", { token: created.json.api_token })).json.code).toBe(
      "INVALID_TOKEN",
    );
  });

  it("invites: token shown once, never listed; single use; expired ones refused", async () => {
    const inv = await t.call("POST", "/v1/owner/agent-invites", {
      token: owner.token,
      body: { name: "x", expires_in_seconds: 60 },
    });
    expect(inv.status).toBe(201);
    expect(inv.json.invite_url).toBe(
      `http://openleash.test/v1/agents/register#invite=${inv.json.invite_token}`,
    );
    const list = await t.call("GET", "/v1/owner/agent-invites", { token: owner.token });
    expect(list.text).not.toContain(inv.json.invite_token);
    expect(list.text).not.toContain("token_hash");
    const kp = await generateKeyPair();
    const key = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const body = { invite_token: inv.json.invite_token, public_key: kp.publicJwk };
    t.clock.advance(61);
    const late = await t.send(
      "/v1/agents/register",
      await t.signed(key, "POST", "/v1/agents/register", body),
    );
    expect(late).toMatchObject({ status: 403, json: { code: "INVITE_INVALID" } });
    t.clock.advance(-61);
    const ok = await t.send("/v1/agents/register", await t.signed(key, "POST", "/v1/agents/register", body));
    expect(ok.status).toBe(201);
    expect(ok.json.agent).toMatchObject({ name: "x", owner_id: owner.id, status: "ACTIVE" });
    expect(ok.json.kid).toBe(kp.kid);
    const kp2 = await generateKeyPair();
    const key2 = { kid: kp2.kid, key: await importSigningKey(kp2.privateJwk) };
    const again = { invite_token: inv.json.invite_token, public_key: kp2.publicJwk };
    const reuse = await t.send(
      "/v1/agents/register",
      await t.signed(key2, "POST", "/v1/agents/register", again),
    );
    expect(reuse).toMatchObject({ status: 403, json: { code: "INVITE_INVALID" } });
    expect(
      (
        await t.call("POST", "/v1/owner/agent-invites", {
          token: owner.token,
          body: { expires_in_seconds: 10 ** 9 },
        })
      ).status,
    ).toBe(400);
  });

  it("registration needs proof of possession of the submitted key, and refuses private keys", async () => {
    const inv = (await t.call("POST", "/v1/owner/agent-invites", { token: owner.token, body: {} })).json;
    const kp = await generateKeyPair();
    const body = { invite_token: inv.invite_token, public_key: kp.publicJwk };
    // Signed with another key (the agent's), claiming nothing about the submitted one.
    const wrong = await t.send(
      "/v1/agents/register",
      await t.signed(agent, "POST", "/v1/agents/register", body),
    );
    expect(wrong).toMatchObject({ status: 401, json: { code: "INVALID_SIGNATURE" } });
    const key = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const leak = { invite_token: inv.invite_token, public_key: kp.privateJwk };
    const refused = await t.send(
      "/v1/agents/register",
      await t.signed(key, "POST", "/v1/agents/register", leak),
    );
    expect(refused).toMatchObject({ status: 400, json: { code: "INVALID_KEY" } });
    // The invite is still good.
    expect(
      (await t.send("/v1/agents/register", await t.signed(key, "POST", "/v1/agents/register", body))).status,
    ).toBe(201);
    // The same key cannot be registered twice.
    const inv2 = (await t.call("POST", "/v1/owner/agent-invites", { token: owner.token, body: {} })).json;
    const dup = await t.send(
      "/v1/agents/register",
      await t.signed(key, "POST", "/v1/agents/register", {
        invite_token: inv2.invite_token,
        public_key: kp.publicJwk,
      }),
    );
    expect(dup).toMatchObject({ status: 409, json: { code: "KEY_EXISTS" } });
  });

  it("agents: list, get, rename; REVOKED is final", async () => {
    const bot = await t.enrollAgent(owner.token, "temp");
    expect(
      (await t.call("GET", "/v1/owner/agents", { token: owner.token })).json.agents.map(
        (a: { id: string }) => a.id,
      ),
    ).toContain(bot.id);
    expect((await t.call("GET", "/v1/owner/agents", { token: other.token })).json.agents).toEqual([]);
    expect(
      (await t.call("PATCH", `/v1/owner/agents/${bot.id}`, { token: owner.token, body: { name: "renamed" } }))
        .json.name,
    ).toBe("renamed");
    expect(
      (
        await t.call("PATCH", `/v1/owner/agents/${bot.id}`, {
          token: owner.token,
          body: { status: "REVOKED" },
        })
      ).json.status,
    ).toBe("REVOKED");
    const back = await t.call("PATCH", `/v1/owner/agents/${bot.id}`, {
      token: owner.token,
      body: { status: "ACTIVE" },
    });
    expect(back).toMatchObject({ status: 409, json: { code: "AGENT_REVOKED" } });
    const r = await t.agentCall(bot, "GET", "/v1/agent/me");
    expect(r).toMatchObject({ status: 401, json: { code: "AGENT_INACTIVE" } });
  });

  it("keys: add a second key, sign with it, revoke the first (rotation)", async () => {
    const bot = await t.enrollAgent(owner.token, "rotator");
    const kp = await generateKeyPair();
    const added = await t.call("POST", `/v1/owner/agents/${bot.id}/keys`, {
      token: owner.token,
      body: { public_key: kp.publicJwk },
    });
    expect(added).toMatchObject({ status: 201, json: { kid: kp.kid, status: "ACTIVE" } });
    const dup = await t.call("POST", `/v1/owner/agents/${bot.id}/keys`, {
      token: owner.token,
      body: { public_key: kp.publicJwk },
    });
    expect(dup.json.code).toBe("KEY_EXISTS");
    const bad = await t.call("POST", `/v1/owner/agents/${bot.id}/keys`, {
      token: owner.token,
      body: { public_key: kp.privateJwk },
    });
    expect(bad.json.code).toBe("INVALID_KEY");
    await t.call("POST", `/v1/owner/agents/${bot.id}/keys/${bot.kid}/revoke`, { token: owner.token });
    const keys = (await t.call("GET", `/v1/owner/agents/${bot.id}/keys`, { token: owner.token })).json.keys;
    expect(keys.map((k: { kid: string; status: string }) => [k.kid, k.status])).toEqual(
      expect.arrayContaining([
        [bot.kid, "REVOKED"],
        [kp.kid, "ACTIVE"],
      ]),
    );
    const newKey = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const me = await t.send("/v1/agent/me", await t.signed(newKey, "GET", "/v1/agent/me"));
    expect(me.json).toMatchObject({ agent: { id: bot.id }, kid: kp.kid });
    expect((await t.agentCall(bot, "GET", "/v1/agent/me")).json.code).toBe("INVALID_SIGNATURE");
    const unknownKid = await t.call("POST", `/v1/owner/agents/${bot.id}/keys/nope/revoke`, {
      token: owner.token,
    });
    expect(unknownKid.status).toBe(404);
  });

  it("groups: create (unique names), members, bindings to a group apply to its members", async () => {
    const g = await t.call("POST", "/v1/owner/groups", { token: owner.token, body: { name: "buyers" } });
    expect(g.status).toBe(201);
    expect(
      (await t.call("POST", "/v1/owner/groups", { token: owner.token, body: { name: "buyers" } })).json.code,
    ).toBe("CONFLICT");
    const bot = await t.enrollAgent(owner.token, "grouped");
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(1) })).json.reason_code).toBe(
      "NO_POLICY",
    );
    await t.bindPolicy(owner.token, ALLOW_ALL, { scope: "group", id: g.json.id });
    expect(
      (await t.call("PUT", `/v1/owner/groups/${g.json.id}/members/${bot.id}`, { token: owner.token })).status,
    ).toBe(204);
    expect(
      (await t.call("GET", `/v1/owner/groups/${g.json.id}`, { token: owner.token })).json.members,
    ).toEqual([bot.id]);
    expect((await t.agentCall(bot, "GET", "/v1/agent/me")).json.groups).toEqual([g.json.id]);
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(1) })).json.decision).toBe(
      "ALLOW",
    );
    expect(
      (await t.call("DELETE", `/v1/owner/groups/${g.json.id}/members/${bot.id}`, { token: owner.token }))
        .status,
    ).toBe(204);
    expect(
      (await t.call("DELETE", `/v1/owner/groups/${g.json.id}/members/${bot.id}`, { token: owner.token }))
        .status,
    ).toBe(404);
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(1) })).json.reason_code).toBe(
      "NO_POLICY",
    );
    expect(
      (await t.call("PUT", `/v1/owner/groups/${g.json.id}/members/${bot.id}`, { token: other.token })).status,
    ).toBe(404);
    expect((await t.call("GET", "/v1/owner/groups", { token: owner.token })).json.groups.length).toBe(1);
    expect((await t.call("DELETE", `/v1/owner/groups/${g.json.id}`, { token: owner.token })).status).toBe(
      204,
    );
    expect((await t.call("GET", `/v1/owner/groups/${g.json.id}`, { token: owner.token })).status).toBe(404);
  });

  it("policies: versions are immutable; pinned bindings keep their version; agent layer before owner layer", async () => {
    const bot = await t.enrollAgent(owner.token, "layered");
    const created = await t.call("POST", "/v1/owner/policies", {
      token: owner.token,
      body: { name: "base", source: ALLOW_ALL },
    });
    const pid = created.json.policy.id;
    expect(created.json.version).toMatchObject({ version: 1 });
    const v2 = await t.call("POST", `/v1/owner/policies/${pid}/versions`, {
      token: owner.token,
      body: { source: STARTER_POLICY },
    });
    expect(v2.json.version).toBe(2);
    expect(
      (await t.call("GET", `/v1/owner/policies/${pid}/versions/1`, { token: owner.token })).json.source,
    ).toBe(ALLOW_ALL);
    expect(
      (await t.call("GET", `/v1/owner/policies/${pid}`, { token: owner.token })).json.versions.length,
    ).toBe(2);
    expect((await t.call("GET", `/v1/owner/policies/${pid}/versions/9`, { token: owner.token })).status).toBe(
      404,
    );
    expect((await t.call("GET", `/v1/owner/policies/${pid}`, { token: other.token })).status).toBe(404);
    expect(
      (await t.call("GET", "/v1/owner/policies", { token: owner.token })).json.policies.length,
    ).toBeGreaterThan(0);
    // Owner-wide, pinned to version 1 (allow everything); version 2 would deny a message.
    const pinned = await t.call("POST", "/v1/owner/bindings", {
      token: owner.token,
      body: { policy_id: pid, version: 1, scope: "owner" },
    });
    expect(pinned.status).toBe(201);
    const dupe = await t.call("POST", "/v1/owner/bindings", {
      token: owner.token,
      body: { policy_id: pid, scope: "owner" },
    });
    expect(dupe).toMatchObject({ status: 409, json: { code: "CONFLICT" } });
    const msg = () => ({ id: `m-${Math.random()}`, type: "message.send", payload: {} });
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: msg() })).json.decision).toBe("ALLOW");
    // The agent's own layer comes first; its passthrough default hands everything else to the owner layer.
    const deny = await t.call("POST", "/v1/owner/policies", {
      token: owner.token,
      body: { name: "deny", source: DENY_PURCHASE },
    });
    const b = await t.call("POST", "/v1/owner/bindings", {
      token: owner.token,
      body: { policy_id: deny.json.policy.id, scope: "agent", target_id: bot.id },
    });
    const r = await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(1), explain: true });
    expect(r.json.decision).toBe("DENY");
    expect(r.json.matched_rule).toContain("no-shopping");
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: msg() })).json.decision).toBe("ALLOW");
    expect((await t.call("GET", "/v1/owner/bindings", { token: owner.token })).json.bindings.length).toBe(2);
    expect((await t.call("DELETE", `/v1/owner/bindings/${b.json.id}`, { token: owner.token })).status).toBe(
      204,
    );
    expect((await t.call("DELETE", `/v1/owner/bindings/${b.json.id}`, { token: owner.token })).status).toBe(
      404,
    );
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(1) })).json.decision).toBe(
      "ALLOW",
    );
    const badBind = await t.call("POST", "/v1/owner/bindings", {
      token: owner.token,
      body: { policy_id: pid, scope: "agent" },
    });
    expect(badBind.json.code).toBe("INVALID_REQUEST");
    expect(
      (await t.call("DELETE", `/v1/owner/bindings/${pinned.json.id}`, { token: owner.token })).status,
    ).toBe(204);
  });

  it("policy upload errors carry line and column", async () => {
    const bad = "version: 1\nrules:\n  - id: r\n    action: purchase\n    effect: maybe\n";
    const r = await t.call("POST", "/v1/owner/policies", {
      token: owner.token,
      body: { name: "bad", source: bad },
    });
    expect(r).toMatchObject({ status: 400, json: { code: "INVALID_POLICY" } });
    expect(r.json.errors[0]).toMatchObject({ line: 5 });
    expect(typeof r.json.errors[0].column).toBe("number");
  });

  it("dry-run returns decision and trace and changes nothing", async () => {
    const before = t.snapshot();
    const r = await t.call("POST", "/v1/owner/policies/dry-run", {
      token: owner.token,
      body: { source: STARTER_POLICY, action: purchase(1000) },
    });
    expect(r.json).toMatchObject({
      decision: "ALLOW",
      matched_rule: "small-purchases",
      charges: [{ amount: 1000 }],
    });
    expect(r.json.trace.length).toBeGreaterThan(0);
    const asAgent = await t.call("POST", "/v1/owner/policies/dry-run", {
      token: owner.token,
      body: { agent_id: agent.id, action: purchase(1000) },
    });
    expect(asAgent.json).toMatchObject({ decision: "DENY", reason_code: "NO_POLICY" });
    const foreign = await t.call("POST", "/v1/owner/policies/dry-run", {
      token: other.token,
      body: { agent_id: agent.id, action: purchase(1) },
    });
    expect(foreign.status).toBe(404);
    expect(t.snapshot()).toEqual(before);
  });

  it("decisions and audit are scoped to the owner", async () => {
    await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(1) });
    const mine = await t.call("GET", `/v1/owner/decisions?agent_id=${agent.id}&limit=1`, {
      token: owner.token,
    });
    expect(mine.json.decisions).toHaveLength(1);
    expect(mine.json.decisions[0]).toMatchObject({ agent_id: agent.id, reason_code: "NO_POLICY" });
    expect((await t.call("GET", "/v1/owner/decisions", { token: other.token })).json.decisions).toEqual([]);
    const audit = await t.call("GET", "/v1/owner/audit?limit=500", { token: owner.token });
    expect(audit.json.records.length).toBeGreaterThan(0);
    expect(audit.json.records.every((r: { owner_id?: string }) => r.owner_id === owner.id)).toBe(true);
    const theirs = await t.call("GET", `/v1/owner/audit?limit=500&owner_id=${owner.id}`, {
      token: other.token,
    });
    expect(theirs.json.records.every((r: { owner_id?: string }) => r.owner_id === other.id)).toBe(true);
  });
});
