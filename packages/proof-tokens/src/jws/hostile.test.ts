import { createHmac, createPrivateKey, sign } from "node:crypto";
import { CompactSign, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import { generateKeyPair } from "../crypto/keys.js";
import { textToBase64Url } from "../encoding.js";
import { ProofTokenError } from "../errors.js";
import { issueProof, verifyProof } from "../proof.js";

const now = new Date("2026-11-26T10:30:00Z");
const iat = Math.floor(now.getTime() / 1000);
const claims = {
  iss: "https://leash.example",
  sub: "agt_1",
  iat,
  exp: iat + 120,
  jti: "dec_1",
  action_type: "purchase",
  action_hash: "h",
  owner: "usr_1",
  policy_version: "pv_1",
  matched_rule: null,
};

async function setup() {
  const a = await generateKeyPair();
  const b = await generateKeyPair();
  const jwks = { keys: [a.publicJwk, b.publicJwk] };
  // Signed by jose, an independent implementation, with whatever header the attacker chooses.
  const joseSign = async (header: Record<string, unknown>, payload: unknown, signer = a) =>
    new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader(header as never)
      .sign(await importJWK(signer.privateJwk, "EdDSA"));
  return { a, b, jwks, joseSign };
}

async function codeOf(token: string, jwks: { keys: object[] }, extra: Record<string, unknown> = {}) {
  try {
    await verifyProof({ token, jwks, now, ...extra });
    return "OK";
  } catch (e) {
    if (e instanceof ProofTokenError) return e.code;
    throw e;
  }
}

describe("verifyProof against hostile tokens", () => {
  it("accepts a well-formed token signed by jose (interop baseline)", async () => {
    const { a, jwks, joseSign } = await setup();
    const token = await joseSign({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: a.kid }, claims);
    expect(await codeOf(token, jwks)).toBe("OK");
  });

  it("rejects alg=none", async () => {
    const { a, jwks } = await setup();
    const header = textToBase64Url(JSON.stringify({ alg: "none", typ: "openleash-proof+jwt", kid: a.kid }));
    expect(await codeOf(`${header}.${textToBase64Url(JSON.stringify(claims))}.`, jwks)).toBe(
      "UNSUPPORTED_ALGORITHM",
    );
  });

  it("rejects HS256 keyed with the public key (algorithm confusion)", async () => {
    const { a, jwks } = await setup();
    const input = `${textToBase64Url(JSON.stringify({ alg: "HS256", typ: "openleash-proof+jwt", kid: a.kid }))}.${textToBase64Url(JSON.stringify(claims))}`;
    for (const secret of [a.publicJwk.x, JSON.stringify(a.publicJwk)]) {
      const mac = createHmac("sha256", secret).update(input).digest("base64url");
      expect(await codeOf(`${input}.${mac}`, jwks)).toBe("UNSUPPORTED_ALGORITHM");
    }
  });

  it("rejects a validly signed token with the wrong typ, or none", async () => {
    const { a, jwks, joseSign } = await setup();
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ: "JWT", kid: a.kid }, claims), jwks)).toBe(
      "WRONG_TYP",
    );
    expect(await codeOf(await joseSign({ alg: "EdDSA", kid: a.kid }, claims), jwks)).toBe("WRONG_TYP");
    expect(
      await codeOf(await joseSign({ alg: "EdDSA", typ: "openleash-approval+jwt", kid: a.kid }, claims), jwks),
    ).toBe("WRONG_TYP");
  });

  it("rejects a swapped kid (signed by A, claiming B) and an unknown kid", async () => {
    const { b, jwks, joseSign } = await setup();
    expect(
      await codeOf(await joseSign({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: b.kid }, claims), jwks),
    ).toBe("INVALID_SIGNATURE");
    const stranger = await generateKeyPair();
    const token = await joseSign(
      { alg: "EdDSA", typ: "openleash-proof+jwt", kid: stranger.kid },
      claims,
      stranger,
    );
    expect(await codeOf(token, jwks)).toBe("UNKNOWN_KID");
  });

  it("rejects a JWKS entry that lends a kid to another key", async () => {
    const { a, b, joseSign } = await setup();
    // The attacker controls the JWKS entry's kid but not the thumbprint of its x.
    const lying = { keys: [{ ...b.publicJwk, kid: a.kid }] };
    const token = await joseSign({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: a.kid }, claims);
    expect(await codeOf(token, lying)).toBe("UNKNOWN_KID");
  });

  it("rejects a tampered payload, header or signature", async () => {
    const ring = await generateKeyPair();
    const { importSigningKey } = await import("../crypto/keys.js");
    const key = await importSigningKey(ring.privateJwk);
    const { token } = await issueProof({
      key,
      issuer: claims.iss,
      agentId: "agt_1",
      ownerId: "usr_1",
      action: { id: "a1", type: "purchase", payload: { amount_minor: 100 } },
      policyVersion: "pv_1",
      matchedRule: null,
      decisionId: "dec_1",
      ttlSeconds: 120,
      now,
    });
    const jwks = { keys: [ring.publicJwk] };
    const [h, p, s] = token.split(".") as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = textToBase64Url(JSON.stringify({ ...payload, sub: "agt_2" }));
    expect(await codeOf(`${h}.${forged}.${s}`, jwks)).toBe("INVALID_SIGNATURE");
    const header = textToBase64Url(
      JSON.stringify({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: ring.kid, x: 1 }),
    );
    expect(await codeOf(`${header}.${p}.${s}`, jwks)).toBe("INVALID_SIGNATURE");
    expect(await codeOf(`${h}.${p}.${s.slice(0, -4)}AAAA`, jwks)).toBe("INVALID_SIGNATURE");
    expect(await codeOf(`${h}.${p}.${s}`, jwks)).toBe("OK");
  });

  const malformed: Array<[string, string]> = [
    ["empty", ""],
    ["two parts", "a.b"],
    ["four parts", "a.b.c.d"],
    ["non-base64url header", "e30=.e30.AA"],
    ["header not JSON", `${textToBase64Url("nope")}.e30.AA`],
    ["header an array", `${textToBase64Url("[]")}.e30.AA`],
    ["oversized", `${"a".repeat(20_000)}.e30.AA`],
  ];
  it.each(malformed)("rejects a %s token as MALFORMED_TOKEN", async (_name, token) => {
    const { jwks } = await setup();
    expect(await codeOf(token, jwks)).toBe("MALFORMED_TOKEN");
  });

  it("rejects crit, a missing kid, a non-object payload and missing required claims", async () => {
    const { a, jwks, joseSign } = await setup();
    const typ = "openleash-proof+jwt";
    // Built by hand: jose refuses to produce a crit extension it does not implement.
    const input = `${textToBase64Url(JSON.stringify({ alg: "EdDSA", typ, kid: a.kid, crit: ["urn:x"], "urn:x": 1 }))}.${textToBase64Url(JSON.stringify(claims))}`;
    const sig = sign(null, Buffer.from(input), createPrivateKey({ key: a.privateJwk, format: "jwk" }));
    expect(await codeOf(`${input}.${sig.toString("base64url")}`, jwks)).toBe("MALFORMED_TOKEN");
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ }, claims), jwks)).toBe("MALFORMED_TOKEN");
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ, kid: a.kid }, [claims]), jwks)).toBe(
      "MALFORMED_TOKEN",
    );
    const { exp: _exp, ...noExp } = claims;
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ, kid: a.kid }, noExp), jwks)).toBe(
      "MALFORMED_TOKEN",
    );
    const badChain = { ...claims, chain: [{ jti: 1 }] };
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ, kid: a.kid }, badChain), jwks)).toBe(
      "MALFORMED_TOKEN",
    );
    const nbf = { ...claims, nbf: iat + 60 };
    expect(await codeOf(await joseSign({ alg: "EdDSA", typ, kid: a.kid }, nbf), jwks)).toBe("NOT_YET_VALID");
  });

  it("prefers INVALID_SIGNATURE over every claim failure", async () => {
    const { a, b, jwks, joseSign } = await setup();
    const bad = { ...claims, exp: iat - 1000, iss: "https://evil.example", aud: "x" };
    const token = await joseSign({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: b.kid }, bad, a);
    expect(await codeOf(token, jwks, { issuer: claims.iss, audience: "y", actionHash: "z" })).toBe(
      "INVALID_SIGNATURE",
    );
  });
});
