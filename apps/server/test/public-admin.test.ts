import { signRequest } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ISSUER, purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

describe("public endpoints", () => {
  let t: TestServer;
  let owner: { id: string; token: string };
  let agent: TestAgent;
  beforeAll(async () => {
    t = await TestServer.start();
    owner = await t.createOwner();
    agent = await t.enrollAgent(owner.token);
    await t.bindPolicy(owner.token, STARTER_POLICY);
  });
  afterAll(async () => {
    await t.close();
  });

  it("health, JWKS, discovery", async () => {
    expect((await t.call("GET", "/v1/health")).json).toMatchObject({ status: "ok" });
    const jwks = (await t.call("GET", "/.well-known/jwks.json")).json;
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
      expect(k.d).toBeUndefined();
    }
    const d = (await t.call("GET", "/.well-known/openleash")).json;
    expect(d).toMatchObject({ issuer: ISSUER, jwks_uri: `${ISSUER}/.well-known/jwks.json` });
    expect(d.endpoints.authorize).toBe(`${ISSUER}/v1/authorize`);
  });

  it("POST /v1/verify-proof: valid, wrong action, garbage", async () => {
    const action = purchase(100);
    const token = (await t.agentCall(agent, "POST", "/v1/authorize", { action })).json.proof_token;
    const ok = await t.call("POST", "/v1/verify-proof", { body: { token, action } });
    expect(ok.json).toMatchObject({ valid: true, reason: null, claims: { sub: agent.id } });
    const other = await t.call("POST", "/v1/verify-proof", { body: { token, action: purchase(100) } });
    expect(other.json).toMatchObject({ valid: false, reason: "ACTION_HASH_MISMATCH", claims: null });
    const junk = await t.call("POST", "/v1/verify-proof", { body: { token: "not.a.jwt" } });
    expect(junk.json.valid).toBe(false);
    t.clock.advance(3600);
    expect((await t.call("POST", "/v1/verify-proof", { body: { token } })).json.reason).toBe("TOKEN_EXPIRED");
    t.clock.advance(-3600);
    expect((await t.call("POST", "/v1/verify-proof", { body: {} })).json.code).toBe("INVALID_REQUEST");
  });

  it("a proof presented with a new authorization is verified and chained", async () => {
    const first = (await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(100) })).json;
    const second = (
      await t.agentCall(agent, "POST", "/v1/authorize", {
        action: purchase(200),
        presented_proofs: [first.proof_token, "garbage.token.here"],
      })
    ).json;
    const check = await t.call("POST", "/v1/verify-proof", { body: { token: second.proof_token } });
    expect(check.json.claims.chain).toEqual([{ jti: first.decision_id, iss: ISSUER }]);
  });

  it("openapi.json, reference, llms.txt, unknown route", async () => {
    const doc = await t.call("GET", "/openapi.json");
    expect(doc.json.openapi).toBe("3.1.0");
    expect(Object.keys(doc.json.paths)).toContain("/v1/authorize");
    const ref = await t.call("GET", "/reference");
    expect(ref.status).toBe(200);
    expect(ref.text).toContain("openapi.json");
    const guide = await t.call("GET", "/llms.txt");
    expect(guide.text).toContain("POST /v1/authorize");
    expect(guide.text).toContain("invite");
    const missing = await t.call("GET", "/nope");
    expect(missing).toMatchObject({ status: 404, json: { code: "NOT_FOUND" } });
  });

  it("GET /v1/agent/me; signature with a past `expires`; a signature not covering the body", async () => {
    expect((await t.agentCall(agent, "GET", "/v1/agent/me")).json).toMatchObject({
      agent: { id: agent.id },
      owner_id: owner.id,
    });
    const expiring = await signRequest({
      method: "GET",
      url: "/v1/agent/me",
      key: agent.key,
      keyId: agent.kid,
      now: new Date(t.clock.now().getTime() - 30_000),
      expiresInSeconds: 10,
    });
    expect((await t.send("/v1/agent/me", { method: "GET", headers: expiring })).json.code).toBe(
      "SIGNATURE_EXPIRED",
    );
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(1) });
    const stripped = {
      ...init,
      headers: {
        ...init.headers,
        "signature-input": init.headers["signature-input"]!.replace(' "content-digest"', ""),
      },
    };
    expect((await t.send("/v1/authorize", stripped)).json.code).toBe("MISSING_COMPONENT");
  });

  it("headers too large → 431 HEADERS_TOO_LARGE", async () => {
    const r = await t.call("GET", "/v1/health", { headers: { "x-junk": "x".repeat(20_000) } });
    expect(r).toMatchObject({ status: 431, json: { code: "HEADERS_TOO_LARGE" } });
  });
});

describe("admin endpoints", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await TestServer.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it("creates and lists owners; the API token is shown once", async () => {
    const r = await t.call("POST", "/v1/admin/owners", {
      token: t.adminToken,
      body: { name: "acme", type: "org" },
    });
    expect(r.status).toBe(201);
    expect(r.json.api_token).toMatch(/^olo_/);
    expect((await t.call("GET", "/v1/admin/owners", { token: t.adminToken })).json.owners).toEqual([
      r.json.owner,
    ]);
    expect((await t.call("GET", "/v1/admin/owners", { token: r.json.api_token })).json.code).toBe(
      "INVALID_TOKEN",
    );
    expect((await t.call("GET", "/v1/admin/owners")).json.code).toBe("UNAUTHENTICATED");
    const audit = await t.call("GET", "/v1/admin/audit?type=owner.created", { token: t.adminToken });
    expect(audit.json.records.length).toBe(1);
    expect(JSON.stringify(audit.json)).not.toContain(r.json.api_token);
  });

  it("rotates the instance key: the new key signs, the old one stays published, old proofs still verify", async () => {
    const owner = await t.createOwner("rot");
    const agent = await t.enrollAgent(owner.token);
    await t.bindPolicy(owner.token, STARTER_POLICY);
    const before = (await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(100) })).json
      .proof_token;
    const oldKids = (await t.call("GET", "/.well-known/jwks.json")).json.keys.map(
      (k: { kid: string }) => k.kid,
    );
    const r = await t.call("POST", "/v1/admin/keys/rotate", { token: t.adminToken });
    expect(r.status).toBe(200);
    const kids = (await t.call("GET", "/.well-known/jwks.json")).json.keys.map((k: { kid: string }) => k.kid);
    expect(kids).toContain(r.json.active_kid);
    expect(kids).toEqual(expect.arrayContaining(oldKids));
    expect((await t.call("POST", "/v1/verify-proof", { body: { token: before } })).json.valid).toBe(true);
    const after = (await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(100) })).json
      .proof_token;
    const header = JSON.parse(Buffer.from(after.split(".")[0], "base64url").toString());
    expect(header.kid).toBe(r.json.active_kid);
  });
});

describe("rate limits", () => {
  it("per agent and per IP → 429 RATE_LIMITED with Retry-After", async () => {
    const t = await TestServer.start({ rateLimitPerAgentPerMinute: 2, rateLimitPerIpPerMinute: 1000 });
    try {
      const owner = await t.createOwner();
      const agent = await t.enrollAgent(owner.token);
      expect((await t.agentCall(agent, "GET", "/v1/agent/me")).status).toBe(200);
      expect((await t.agentCall(agent, "GET", "/v1/agent/me")).status).toBe(200);
      const r = await t.agentCall(agent, "GET", "/v1/agent/me");
      expect(r).toMatchObject({ status: 429, json: { code: "RATE_LIMITED" } });
      expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
      t.clock.advance(60);
      expect((await t.agentCall(agent, "GET", "/v1/agent/me")).status).toBe(200);
    } finally {
      await t.close();
    }
    const u = await TestServer.start({ rateLimitPerIpPerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await u.call("GET", "/v1/health")).status);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await u.close();
    }
  });
});
