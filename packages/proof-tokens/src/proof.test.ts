import { createLocalJWKSet, jwtVerify } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { setCryptoBackend } from "./crypto/backend.js";
import { actionHash } from "./action-hash.js";
import { issueApprovalToken, verifyApprovalToken } from "./approval.js";
import { ProofTokenError } from "./errors.js";
import { KeyRing } from "./keyring/keyring.js";
import { issueProof, verifyProof } from "./proof.js";

const now = new Date("2026-11-26T10:30:00Z");
const issuer = "https://leash.example";
const action = {
  id: "0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10",
  type: "purchase",
  requested_at: "2026-11-26T10:30:00Z",
  relying_party: { domain: "storeco.example", trust_profile: "LOW" },
  payload: { amount_minor: 8500, currency: "USD", item: "headphones" },
};

async function issue(ring: KeyRing, overrides: Partial<Parameters<typeof issueProof>[0]> = {}) {
  return issueProof({
    key: ring.active(),
    issuer,
    agentId: "agt_1",
    ownerId: "usr_1",
    action,
    policyVersion: "pv_1",
    matchedRule: "small-purchases",
    decisionId: "dec_1",
    ttlSeconds: 120,
    now,
    ...overrides,
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ProofTokenError) return e.code;
    throw e;
  }
  return "OK";
}

describe("proof tokens", () => {
  it("issues a token that verifies, with the claims of PROTOCOL.md §5", async () => {
    const ring = await KeyRing.generate({ now });
    const { token, claims, expiresAt } = await issue(ring);
    expect(expiresAt.toISOString()).toBe("2026-11-26T10:32:00.000Z");
    expect(claims).toEqual({
      iss: issuer,
      sub: "agt_1",
      aud: "storeco.example",
      iat: 1795689000,
      exp: 1795689120,
      jti: "dec_1",
      action_type: "purchase",
      action_hash: await actionHash(action),
      owner: "usr_1",
      policy_version: "pv_1",
      matched_rule: "small-purchases",
    });
    const out = await verifyProof({
      token,
      jwks: ring.jwks(),
      action,
      audience: "storeco.example",
      issuer,
      now,
    });
    expect(out.claims).toEqual(claims);
    expect(out.header).toEqual({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: ring.active().kid });
  });

  it("is a standard JWT that jose's generic jwtVerify accepts with only the JWKS", async () => {
    const ring = await KeyRing.generate({ now });
    const { token, claims } = await issue(ring);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(ring.jwks() as never), {
      issuer,
      audience: "storeco.example",
      typ: "openleash-proof+jwt",
      currentDate: now,
      algorithms: ["EdDSA"],
    });
    expect(payload).toEqual(claims);
    expect(protectedHeader.kid).toBe(ring.active().kid);
  });

  it("reports expiry, audience, issuer and action mismatches with stable codes", async () => {
    const ring = await KeyRing.generate({ now });
    const { token } = await issue(ring);
    const jwks = ring.jwks();
    const later = new Date(now.getTime() + 126_000);
    expect(await codeOf(verifyProof({ token, jwks, now: later }))).toBe("TOKEN_EXPIRED");
    expect(await codeOf(verifyProof({ token, jwks, now: new Date(now.getTime() + 124_000) }))).toBe("OK");
    expect(await codeOf(verifyProof({ token, jwks, now, audience: "evil.example" }))).toBe(
      "AUDIENCE_MISMATCH",
    );
    expect(await codeOf(verifyProof({ token, jwks, now, issuer: "https://other.example" }))).toBe(
      "ISSUER_MISMATCH",
    );
    const other = { ...action, payload: { ...action.payload, amount_minor: 850000 } };
    expect(await codeOf(verifyProof({ token, jwks, now, action: other }))).toBe("ACTION_HASH_MISMATCH");
    expect(await codeOf(verifyProof({ token, jwks, now: new Date(now.getTime() - 60_000) }))).toBe(
      "NOT_YET_VALID",
    );
  });

  it("finds keys in a JWKS whose entries carry no kid (by thumbprint) and via a resolver", async () => {
    const ring = await KeyRing.generate({ now });
    const { token } = await issue(ring);
    const bare = { keys: ring.jwks().keys.map(({ kid: _kid, ...rest }) => rest) };
    await expect(verifyProof({ token, jwks: bare, now })).resolves.toBeDefined();
    const byKid = async (kid: string) => ring.jwks().keys.find((k) => k.kid === kid) ?? null;
    await expect(verifyProof({ token, jwks: byKid, now })).resolves.toBeDefined();
    expect(await codeOf(verifyProof({ token, jwks: async () => null, now }))).toBe("UNKNOWN_KID");
  });

  it("rejects caller mistakes with a TypeError (as a rejected promise, never a synchronous throw)", async () => {
    const ring = await KeyRing.generate({ now });
    const calls = [
      issue(ring, { ttlSeconds: 0 }),
      issue(ring, { now: new Date(Number.NaN) }),
      issue(ring, { issuer: "" }),
      issue(ring, { assurance: "MEDIUM" }),
      issue(ring, { chain: [{ jti: "j" } as never] }),
      issue(ring, { action: { ...action, type: 7 } }),
      issue(ring, { key: {} as never }),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(TypeError);
    // An action that is not JSON is bad input from outside: a typed error.
    await expect(issue(ring, { action: { ...action, payload: { n: Number.NaN } } })).rejects.toMatchObject({
      code: "INVALID_JSON_VALUE",
    });
  });

  it("carries approval, assurance and chain claims when given", async () => {
    const ring = await KeyRing.generate({ now });
    const chain = [{ jti: "dec_0", iss: "https://other.example" }];
    const { token, claims } = await issue(ring, {
      approvalId: "apr_1",
      assurance: "HIGH",
      chain,
      audience: "x.example",
    });
    expect(claims).toMatchObject({ approval_id: "apr_1", assurance: "HIGH", chain, aud: "x.example" });
    const out = await verifyProof({ token, jwks: ring.jwks(), now, audience: "x.example" });
    expect(out.claims.chain).toEqual(chain);
  });

  it("checks the signature before anything else: a forged expired token is INVALID_SIGNATURE", async () => {
    const ring = await KeyRing.generate({ now });
    const { token } = await issue(ring);
    const [h, p, s] = token.split(".") as [string, string, string];
    const flipped = s.slice(0, 10) + (s[10] === "A" ? "B" : "A") + s.slice(11);
    const later = new Date(now.getTime() + 3_600_000);
    expect(await codeOf(verifyProof({ token: `${h}.${p}.${flipped}`, jwks: ring.jwks(), now: later }))).toBe(
      "INVALID_SIGNATURE",
    );
  });
});

describe("proof tokens on every Ed25519 backend", () => {
  afterEach(() => setCryptoBackend("auto"));
  it.each(["node", "webcrypto", "tweetnacl"] as const)(
    "issues and verifies with %s keys",
    async (backend) => {
      setCryptoBackend(backend);
      const ring = await KeyRing.generate({ now });
      const { token, claims } = await issue(ring);
      setCryptoBackend("auto");
      await expect(verifyProof({ token, jwks: ring.jwks(), action, now })).resolves.toMatchObject({ claims });
      const { payload } = await jwtVerify(token, createLocalJWKSet(ring.jwks() as never), {
        currentDate: now,
      });
      expect(payload).toEqual(claims);
    },
  );
});

describe("approval tokens", () => {
  it("binds agent, action hash, assurance and approval id", async () => {
    const ring = await KeyRing.generate({ now });
    const hash = await actionHash(action);
    const { token, claims } = await issueApprovalToken({
      key: ring.active(),
      issuer,
      agentId: "agt_1",
      actionHash: hash,
      assurance: "SUBSTANTIAL",
      approvalId: "apr_1",
      ttlSeconds: 300,
      now,
    });
    expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
    const jwks = ring.jwks();
    const ok = await verifyApprovalToken({ token, jwks, issuer, agentId: "agt_1", action, now });
    expect(ok.claims).toEqual(claims);
    expect(await codeOf(verifyApprovalToken({ token, jwks, issuer, agentId: "agt_2", now }))).toBe(
      "SUBJECT_MISMATCH",
    );
    expect(await codeOf(verifyApprovalToken({ token, jwks, issuer, minAssurance: "HIGH", now }))).toBe(
      "INSUFFICIENT_ASSURANCE",
    );
    expect(await codeOf(verifyApprovalToken({ token, jwks, issuer, actionHash: "x", now }))).toBe(
      "ACTION_HASH_MISMATCH",
    );
    // An approval token is not a proof, and a proof is not an approval (explicit typing, RFC 8725 §3.11).
    expect(await codeOf(verifyProof({ token, jwks, now }))).toBe("WRONG_TYP");
    const proof = (await issue(ring)).token;
    expect(await codeOf(verifyApprovalToken({ token: proof, jwks, issuer, now }))).toBe("WRONG_TYP");
  });
});
