import { describe, expect, it } from "vitest";
import { jwkThumbprint } from "../crypto/keys.js";
import { KeyError } from "../errors.js";
import { issueProof, verifyProof } from "../proof.js";
import { KeyRing } from "./keyring.js";

const t0 = new Date("2026-11-26T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

async function proof(ring: KeyRing, now: Date, ttlSeconds = 600) {
  const { token } = await issueProof({
    key: ring.active(),
    issuer: "https://leash.example",
    agentId: "agt_1",
    ownerId: "usr_1",
    action: { id: "a1", type: "purchase", payload: {} },
    policyVersion: "pv_1",
    matchedRule: null,
    decisionId: `dec_${now.getTime()}`,
    ttlSeconds,
    now,
  });
  return token;
}

describe("KeyRing", () => {
  it("generates an active key and publishes a next key before it signs", async () => {
    const ring = await KeyRing.generate({ now: t0 });
    const { keys } = ring.jwks();
    expect(keys).toHaveLength(2);
    expect(keys[0]!.kid).toBe(ring.active().kid);
    for (const jwk of keys) {
      expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
      expect(jwk.kid).toBe(await jwkThumbprint(jwk));
      expect(jwk).not.toHaveProperty("d");
    }
    expect(ring.jwks()).toBe(ring.jwks()); // stable object until the ring changes
  });

  it("rotates: next becomes active, the old key stays published until its last token expired", async () => {
    const ring = await KeyRing.generate({ now: t0 });
    const first = ring.active().kid;
    const published = ring.jwks().keys[1]!.kid;
    const old = await proof(ring, at(0));
    await ring.rotate({ now: at(60), maxTokenTtlSeconds: 600 });
    expect(ring.active().kid).toBe(published);
    const jwks = ring.jwks();
    expect(jwks.keys.map((k) => k.kid)).toContain(first);
    expect(jwks.keys).toHaveLength(3);
    // Tokens from before the rotation still verify against the new JWKS...
    await expect(verifyProof({ token: old, jwks, now: at(300) })).resolves.toBeDefined();
    // ...and new tokens are signed with the key that was published one rotation earlier.
    const fresh = await proof(ring, at(61));
    expect(JSON.parse(Buffer.from(fresh.split(".")[0]!, "base64url").toString()).kid).toBe(published);
    const state = ring.toJSON().keys.find((k) => k.kid === first)!;
    expect(state).toMatchObject({
      status: "retired",
      retiredAt: at(60).toISOString(),
      publishUntil: at(665).toISOString(),
    });
    ring.prune(at(664));
    expect(ring.jwks().keys.map((k) => k.kid)).toContain(first);
    ring.prune(at(665));
    expect(ring.jwks().keys.map((k) => k.kid)).not.toContain(first);
    expect(ring.jwks().keys).toHaveLength(2);
  });

  it("round-trips through toJSON/fromJSON with the same keys", async () => {
    const ring = await KeyRing.generate({ now: t0 });
    await ring.rotate({ now: at(10), maxTokenTtlSeconds: 120 });
    const token = await proof(ring, at(20));
    const state = JSON.parse(JSON.stringify(ring.toJSON()));
    const loaded = await KeyRing.fromJSON(state);
    expect(loaded.toJSON()).toEqual(ring.toJSON());
    expect(loaded.active().kid).toBe(ring.active().kid);
    expect(loaded.jwks()).toEqual(ring.jwks());
    await expect(verifyProof({ token, jwks: loaded.jwks(), now: at(30) })).resolves.toBeDefined();
    await expect(
      verifyProof({ token, jwks: (kid) => loaded.verificationKey(kid), now: at(30) }),
    ).resolves.toBeDefined();
    // Mutating the exported state does not reach into the ring.
    state.keys[0].status = "retired";
    expect(loaded.active().kid).toBe(ring.active().kid);
  });

  it("refuses inconsistent stored state", async () => {
    const ring = await KeyRing.generate({ now: t0 });
    const state = ring.toJSON();
    const twoActive = { ...state, keys: state.keys.map((k) => ({ ...k, status: "active" as const })) };
    await expect(KeyRing.fromJSON(twoActive)).rejects.toBeInstanceOf(KeyError);
    const wrongKid = { ...state, keys: state.keys.map((k, i) => (i === 0 ? { ...k, kid: "other" } : k)) };
    await expect(KeyRing.fromJSON(wrongKid)).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(KeyRing.fromJSON({ version: 2 } as never)).rejects.toMatchObject({ code: "INVALID_KEY" });
    await expect(ring.rotate({ now: t0, maxTokenTtlSeconds: 0 })).rejects.toBeInstanceOf(TypeError);
  });

  it("rotates a ring stored without a next key", async () => {
    const ring = await KeyRing.generate({ now: t0 });
    const state = ring.toJSON();
    const onlyActive = await KeyRing.fromJSON({
      ...state,
      keys: state.keys.filter((k) => k.status === "active"),
    });
    await onlyActive.rotate({ now: at(5), maxTokenTtlSeconds: 60 });
    const statuses = onlyActive
      .toJSON()
      .keys.map((k) => k.status)
      .sort();
    expect(statuses).toEqual(["active", "next", "retired"]);
  });
});
