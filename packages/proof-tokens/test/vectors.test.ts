import { createPublicKey, createHash, verify as nodeVerify } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { buildVectors, VECTORS_DIR } from "../scripts/generate-vectors.mjs";
import * as lib from "../src/index.js";

const read = (name: string) => JSON.parse(readFileSync(join(VECTORS_DIR, name), "utf8"));
const at = (iso: string) => new Date(iso);

async function outcome(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return "valid";
  } catch (e) {
    if (e instanceof lib.OpenLeashTokenError) return e.code;
    throw e;
  }
}

describe("spec/vectors", () => {
  it("are exactly what the generator produces from this source (regenerate when this fails)", async () => {
    const generated = await buildVectors(lib);
    const committed = readdirSync(VECTORS_DIR).filter(
      (f) => f.endsWith(".json") && f !== "vectors.schema.json",
    );
    expect(committed.sort()).toEqual(Object.keys(generated).sort());
    for (const [name, text] of Object.entries(generated)) {
      expect(readFileSync(join(VECTORS_DIR, name), "utf8"), name).toBe(text);
    }
  });

  it("carry the top-level and per-case members their schema requires", () => {
    const schema = JSON.parse(readFileSync(join(VECTORS_DIR, "vectors.schema.json"), "utf8"));
    for (const name of readdirSync(VECTORS_DIR).filter(
      (f) => f.endsWith(".json") && f !== "vectors.schema.json",
    )) {
      const file = read(name);
      expect(file.$schema).toBe("./vectors.schema.json");
      const variant = schema.oneOf.find(
        (v: { properties: { kind: { const: string } } }) => v.properties.kind.const === file.kind,
      );
      expect(variant, name).toBeDefined();
      for (const member of variant.required) expect(file, `${name} ${member}`).toHaveProperty(member);
      for (const c of file.cases) {
        for (const member of variant.properties.cases.items.required)
          expect(c, `${name} ${c.name}`).toHaveProperty(member);
      }
    }
  });

  it("action-hash.json: canonical forms and hashes check out independently", async () => {
    const v = read("action-hash.json");
    expect(v.cases.length).toBeGreaterThanOrEqual(10);
    for (const c of v.cases) {
      const value = JSON.parse(c.input_json);
      expect(lib.canonicalize(value), c.name).toBe(c.canonical);
      expect(createHash("sha256").update(c.canonical, "utf8").digest("base64url"), c.name).toBe(
        c.action_hash,
      );
      expect(await lib.actionHash(value), c.name).toBe(c.action_hash);
    }
    for (const c of v.must_reject) {
      expect(await outcome(() => lib.actionHash(JSON.parse(c.input_json))), c.name).toBe(c.expected_error);
    }
  });

  it("request-signatures.json: bases, digests and signatures verify with node:crypto alone", async () => {
    const v = read("request-signatures.json");
    const publicKey = createPublicKey({ key: v.agent_key.public_jwk, format: "jwk" });
    expect(await lib.jwkThumbprint(v.agent_key.public_jwk)).toBe(v.agent_key.kid);
    for (const c of v.cases) {
      const sig = Buffer.from(c.expected.signature.replace(/^sig1=:|:$/g, ""), "base64");
      expect(nodeVerify(null, Buffer.from(c.expected.signature_base), publicKey, sig), c.name).toBe(true);
      if (c.request.body_base64 !== null) {
        const digest = createHash("sha256")
          .update(Buffer.from(c.request.body_base64, "base64"))
          .digest("base64");
        expect(c.expected.content_digest).toBe(`sha-256=:${digest}:`);
      }
    }
    const key = await lib.importVerificationKey(v.agent_key.public_jwk);
    for (const c of v.verification) {
      const result = await outcome(() =>
        lib.verifyRequest({
          method: c.request.method,
          path: c.request.path,
          query: c.request.query,
          headers: c.request.headers,
          body:
            c.request.body_base64 === null
              ? new Uint8Array()
              : new Uint8Array(Buffer.from(c.request.body_base64, "base64")),
          now: at(c.now),
          maxSkewSeconds: c.max_skew_seconds,
          resolveKey: (kid) => (kid === v.agent_key.kid ? key : null),
        }),
      );
      expect(result, c.name).toBe(c.expected);
    }
    const b26 = v.rfc9421_b26;
    const b26sig = Buffer.from(b26.signature.replace(/^sig-b26=:|:$/g, ""), "base64");
    expect(
      nodeVerify(
        null,
        Buffer.from(b26.signature_base),
        createPublicKey({ key: b26.public_jwk, format: "jwk" }),
        b26sig,
      ),
    ).toBe(true);
  });

  it("proof-tokens.json: every case has its expected outcome; valid ones pass jose's generic jwtVerify", async () => {
    const v = read("proof-tokens.json");
    const expected = Object.fromEntries(
      v.cases.map((c: { name: string; expected: string }) => [c.name, c.expected]),
    );
    expect(expected).toMatchObject({
      valid: "valid",
      expired: "TOKEN_EXPIRED",
      "tampered-payload": "INVALID_SIGNATURE",
      "wrong-audience": "AUDIENCE_MISMATCH",
    });
    for (const c of v.cases) {
      const o = c.verify;
      const options = {
        token: c.token,
        jwks: v.jwks,
        now: at(o.now),
        clockToleranceSeconds: o.clock_tolerance_seconds,
        issuer: o.issuer,
        audience: o.audience,
        action: o.action,
      };
      expect(await outcome(() => lib.verifyProof(options)), c.name).toBe(c.expected);
      if (c.expected === "valid") {
        const { payload } = await jwtVerify(c.token, createLocalJWKSet(v.jwks), {
          issuer: o.issuer,
          audience: o.audience,
          typ: "openleash-proof+jwt",
          currentDate: at(o.now),
          clockTolerance: o.clock_tolerance_seconds,
        });
        if (c.claims) expect(payload).toEqual(c.claims);
      }
    }
  });

  it("approval-tokens.json and chains.json: every case has its expected outcome", async () => {
    const a = read("approval-tokens.json");
    for (const c of a.cases) {
      const o = c.verify;
      const result = await outcome(() =>
        lib.verifyApprovalToken({
          token: a.token,
          jwks: a.jwks,
          issuer: o.issuer,
          agentId: o.agent_id,
          action: o.action,
          now: at(o.now),
          clockToleranceSeconds: o.clock_tolerance_seconds,
          minAssurance: o.min_assurance,
        }),
      );
      expect(result, c.name).toBe(c.expected);
    }
    expect(a.cases.map((c: { expected: string }) => c.expected)).toContain("SUBJECT_MISMATCH");
    const ch = read("chains.json");
    for (const c of ch.cases) {
      const keys = c.only_issuers
        ? Object.fromEntries(c.only_issuers.map((i: string) => [i, ch.jwks_by_issuer[i]]))
        : ch.jwks_by_issuer;
      const result = await outcome(() =>
        lib.verifyChain({
          tokens: c.tokens,
          jwksByIssuer: keys,
          now: at(c.now),
          clockToleranceSeconds: c.clock_tolerance_seconds,
        }),
      );
      expect(result, c.name).toBe(c.expected);
    }
    expect(ch.cases[0].expected).toBe("valid");
  });
});
