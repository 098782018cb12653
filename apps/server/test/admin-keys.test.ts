import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestServer } from "./helpers";

describe("GET /v1/admin/keys", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await TestServer.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it("needs the admin token: none, an owner's token and a wrong one are 401 problems", async () => {
    const owner = await t.createOwner("keys-owner");
    for (const token of [undefined, owner.token, "ola_not-the-admin-token"]) {
      const r = await t.call("GET", "/v1/admin/keys", token ? { token } : {});
      expect(r.status).toBe(401);
      expect(r.headers.get("content-type")).toContain("application/problem+json");
      expect(r.json.code).toMatch(/^(UNAUTHENTICATED|INVALID_TOKEN)$/);
      expect(r.headers.get("www-authenticate")).toContain("Bearer");
    }
  });

  it("lists active and next on a fresh instance, in JWKS order, without private material", async () => {
    const r = await t.call("GET", "/v1/admin/keys", { token: t.adminToken });
    expect(r.status).toBe(200);
    const jwks = (await t.call("GET", "/.well-known/jwks.json")).json;
    expect(r.json.keys.map((k: { kid: string }) => k.kid)).toEqual(
      jwks.keys.map((k: { kid: string }) => k.kid),
    );
    expect(r.json.keys.map((k: { status: string }) => k.status)).toEqual(["active", "next"]);
    const [active, next] = r.json.keys;
    expect(active).toMatchObject({ retired_at: null, publish_until: null, created_at: expect.any(String) });
    expect(active.activated_at).toBe(active.created_at);
    expect(next.activated_at).toBeNull();
    expect(active.public_jwk).toEqual(jwks.keys[0]);
    // The private half (`d`) is in the stored ring; it must never appear in the answer.
    expect(r.text).not.toMatch(/"d"\s*:/);
    expect(active.kid).toBe(t.services.keys.active().kid);
  });

  it("after a rotation: the old active key is retired with its dates, the old next key signs", async () => {
    const before = (await t.call("GET", "/v1/admin/keys", { token: t.adminToken })).json.keys;
    t.clock.advance(60);
    const rotated = await t.call("POST", "/v1/admin/keys/rotate", { token: t.adminToken });
    expect(rotated.status).toBe(200);
    const after = (await t.call("GET", "/v1/admin/keys", { token: t.adminToken })).json.keys;
    expect(after.map((k: { status: string }) => k.status)).toEqual(["active", "next", "retired"]);
    const retired = after.find((k: { kid: string }) => k.kid === before[0].kid);
    const active = after.find((k: { kid: string }) => k.kid === before[1].kid);
    expect(retired.status).toBe("retired");
    expect(retired.retired_at).toBe(t.clock.now().toISOString());
    const { maxProofTtlSeconds, approvalTokenTtlSeconds } = t.services.context.config;
    // Published at least as long as the longest token it may have signed.
    expect(Date.parse(retired.publish_until) - Date.parse(retired.retired_at)).toBeGreaterThanOrEqual(
      Math.max(maxProofTtlSeconds, approvalTokenTtlSeconds) * 1000,
    );
    expect(active).toMatchObject({ status: "active", activated_at: t.clock.now().toISOString() });
    expect(rotated.json.active_kid).toBe(active.kid);
    expect(JSON.stringify(after)).not.toMatch(/"d"\s*:/);
  });

  it("is in the OpenAPI document as an admin route", async () => {
    const doc = (await t.call("GET", "/openapi.json")).json;
    const op = doc.paths["/v1/admin/keys"].get;
    expect(op.tags).toEqual(["admin"]);
    expect(op.security).toEqual([{ adminToken: [] }]);
    expect(doc.components.schemas.InstanceKey.properties.public_jwk).toBeDefined();
  });
});
