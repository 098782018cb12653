import { generateKeyPair, importSigningKey } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

/**
 * The hostile-input table of issue 4: each case gets the right problem+json AND changes nothing
 * (row counts of every table and the audit head are compared before and after).
 */
describe("hostile inputs: refused with problem+json, no state change", () => {
  let t: TestServer;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let agent: TestAgent;
  let bobAgent: TestAgent;

  beforeAll(async () => {
    t = await TestServer.start({ maxBodyBytes: 4096 });
    alice = await t.createOwner("alice");
    bob = await t.createOwner("bob");
    agent = await t.enrollAgent(alice.token);
    bobAgent = await t.enrollAgent(bob.token, "bob-bot");
    await t.bindPolicy(alice.token, STARTER_POLICY);
  });
  afterAll(async () => {
    await t.close();
  });

  async function expectRefused(
    send: () => Promise<{
      status: number;
      json: { code?: string; type?: string; title?: string; detail?: string } | null;
      headers: Headers;
    }>,
    status: number,
    code: string,
  ) {
    const before = t.snapshot();
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ status, code });
    expect(typeof r.json?.title).toBe("string");
    expect(t.snapshot()).toEqual(before);
    return r.json!;
  }

  it("replayed nonce → 401 NONCE_REPLAY", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    expect((await t.send("/v1/authorize", init)).json.decision).toBe("ALLOW");
    await expectRefused(() => t.send("/v1/authorize", init), 401, "NONCE_REPLAY");
  });

  it("stale `created` → 401 CLOCK_SKEW", async () => {
    const old = new Date(t.clock.now().getTime() - 10 * 60_000);
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) }, { now: old });
    await expectRefused(() => t.send("/v1/authorize", init), 401, "CLOCK_SKEW");
  });

  it("body altered after signing → 401 DIGEST_MISMATCH", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const tampered = { ...init, body: JSON.stringify({ action: purchase(99_999) }) };
    await expectRefused(() => t.send("/v1/authorize", tampered), 401, "DIGEST_MISMATCH");
  });

  it("signature by another agent's key, and an unknown key: the same 401 INVALID_SIGNATURE", async () => {
    const forged = await t.signed({ kid: agent.kid, key: bobAgent.key }, "POST", "/v1/authorize", {
      action: purchase(100),
    });
    const a = await expectRefused(() => t.send("/v1/authorize", forged), 401, "INVALID_SIGNATURE");
    const kp = await generateKeyPair();
    const stranger = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const unknown = await t.signed(stranger, "POST", "/v1/authorize", { action: purchase(100) });
    const b = await expectRefused(() => t.send("/v1/authorize", unknown), 401, "INVALID_SIGNATURE");
    expect(b.detail).toBe(a.detail);
  });

  it("missing signature headers → 401 MALFORMED_SIGNATURE", async () => {
    await expectRefused(
      () =>
        t.send("/v1/authorize", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        }),
      401,
      "MALFORMED_SIGNATURE",
    );
  });

  it("revoked key → 401 INVALID_SIGNATURE (as if unknown)", async () => {
    const spare = await t.enrollAgent(alice.token, "spare");
    const r = await t.call(
      "POST",
      `/v1/owner/agents/${spare.id}/keys/${encodeURIComponent(spare.kid)}/revoke`,
      {
        token: alice.token,
      },
    );
    expect(r.json.status).toBe("REVOKED");
    const init = await t.signed(spare, "POST", "/v1/authorize", { action: purchase(100) });
    await expectRefused(() => t.send("/v1/authorize", init), 401, "INVALID_SIGNATURE");
  });

  it("suspended agent → 401 AGENT_INACTIVE; reactivated it works again", async () => {
    const bot = await t.enrollAgent(alice.token, "suspendable");
    expect(
      (
        await t.call("PATCH", `/v1/owner/agents/${bot.id}`, {
          token: alice.token,
          body: { status: "SUSPENDED" },
        })
      ).status,
    ).toBe(200);
    const init = await t.signed(bot, "POST", "/v1/authorize", { action: purchase(100) });
    await expectRefused(() => t.send("/v1/authorize", init), 401, "AGENT_INACTIVE");
    await t.call("PATCH", `/v1/owner/agents/${bot.id}`, { token: alice.token, body: { status: "ACTIVE" } });
    expect((await t.agentCall(bot, "POST", "/v1/authorize", { action: purchase(100) })).json.decision).toBe(
      "ALLOW",
    );
  });

  it("oversized body → 413 PAYLOAD_TOO_LARGE", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", {
      action: purchase(100, { note: "x".repeat(10_000) }),
    });
    await expectRefused(() => t.send("/v1/authorize", init), 413, "PAYLOAD_TOO_LARGE");
  });

  it("malformed JSON (correctly signed) → 400 MALFORMED_JSON", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", undefined, { rawBody: '{"action": {' });
    await expectRefused(() => t.send("/v1/authorize", init), 400, "MALFORMED_JSON");
  });

  it("schema-invalid body (correctly signed) → 400 INVALID_REQUEST naming the field", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: { id: "x", type: "purchase" } });
    const p = await expectRefused(() => t.send("/v1/authorize", init), 400, "INVALID_REQUEST");
    expect(JSON.stringify(p)).toContain("action.payload");
  });

  it("YAML bomb upload → 400 INVALID_POLICY", async () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "rules: [*f]",
    ].join("\n");
    await expectRefused(
      () =>
        t.call("POST", "/v1/owner/policies", { token: alice.token, body: { name: "bomb", source: bomb } }),
      400,
      "INVALID_POLICY",
    );
  });

  it("another owner's agent id in a path → 404 NOT_FOUND, the agent untouched", async () => {
    await expectRefused(
      () =>
        t.call("PATCH", `/v1/owner/agents/${bobAgent.id}`, {
          token: alice.token,
          body: { status: "REVOKED" },
        }),
      404,
      "NOT_FOUND",
    );
    await expectRefused(
      () => t.call("GET", `/v1/owner/agents/${bobAgent.id}/keys`, { token: alice.token }),
      404,
      "NOT_FOUND",
    );
    await expectRefused(
      () =>
        t.call("POST", `/v1/owner/agents/${bobAgent.id}/keys/${bobAgent.kid}/revoke`, { token: alice.token }),
      404,
      "NOT_FOUND",
    );
    expect((await t.call("GET", `/v1/owner/agents/${bobAgent.id}`, { token: bob.token })).json.status).toBe(
      "ACTIVE",
    );
  });

  it("wrong content type → 415 UNSUPPORTED_MEDIA_TYPE", async () => {
    await expectRefused(
      () =>
        t.call("POST", "/v1/owner/groups", {
          token: alice.token,
          raw: "name=x",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("a flood of unknown-key requests stores nothing", async () => {
    const kp = await generateKeyPair();
    const stranger = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const before = t.snapshot();
    for (let i = 0; i < 50; i++) {
      const r = await t.send(
        "/v1/authorize",
        await t.signed(stranger, "POST", "/v1/authorize", { action: purchase(1) }),
      );
      expect(r.status).toBe(401);
    }
    expect(t.snapshot()).toEqual(before);
  });
});
