import { createHash, createPrivateKey, createPublicKey, sign as nodeSign } from "node:crypto";
import { createVerifier, httpbis } from "http-message-signatures";
import { describe, expect, it } from "vitest";
import { generateKeyPair, importSigningKey, importVerificationKey } from "../crypto/keys.js";
import { fromBase64, utf8 } from "../encoding.js";
import { signRequest } from "./sign-request.js";
import { signatureBase } from "./signature-base.js";
import { type InnerList, isInnerList, parseDictionary } from "./structured-fields.js";
import { verifyRequest } from "./verify-request.js";

// RFC 9421 Appendix B.1.4 test-key-ed25519.
const TEST_KEY_PUBLIC =
  "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=\n-----END PUBLIC KEY-----\n";
const TEST_KEY_PRIVATE =
  "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n";

describe("RFC 9421 Appendix B.2.6 (Ed25519)", () => {
  // The B.2 test-request message.
  const message: Record<string, string> = {
    "@method": "POST",
    "@path": "/foo",
    "@authority": "example.com",
    date: "Tue, 20 Apr 2021 02:07:55 GMT",
    "content-type": "application/json",
    "content-length": "18",
  };
  const signatureInput =
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"';
  const published =
    "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==";
  const expectedBase = [
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@method": POST',
    '"@path": /foo',
    '"@authority": example.com',
    '"content-type": application/json',
    '"content-length": 18',
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  ].join("\n");

  it("reproduces the signature base, verifies the published signature and re-creates its bytes", async () => {
    const input = parseDictionary(signatureInput).get("sig-b26")!;
    expect(isInnerList(input)).toBe(true);
    const base = signatureBase(input as InnerList, (name) => message[name] ?? null);
    expect(base).toBe(expectedBase);
    const jwk = createPublicKey(TEST_KEY_PUBLIC).export({ format: "jwk" });
    const key = await importVerificationKey(jwk);
    expect(await key.verify(utf8(base), fromBase64(published)!)).toBe(true);
    expect(await key.verify(utf8(`${base} `), fromBase64(published)!)).toBe(false);
    // Ed25519 is deterministic (RFC 8032 §5.1.6): our signer must produce the published bytes.
    const signer = await importSigningKey(createPrivateKey(TEST_KEY_PRIVATE).export({ format: "jwk" }));
    expect(Buffer.from(await signer.sign(utf8(base))).toString("base64")).toBe(published);
  });
});

async function agent() {
  const pair = await generateKeyPair();
  return {
    ...pair,
    signing: await importSigningKey(pair.privateJwk),
    verification: await importVerificationKey(pair.publicJwk),
    nodePrivate: createPrivateKey({ key: pair.privateJwk, format: "jwk" }),
    nodePublic: createPublicKey({ key: pair.publicJwk, format: "jwk" }),
  };
}

const body = '{"action":{"id":"a1","type":"purchase","payload":{"amount_minor":8500}}}';

describe("interop with http-message-signatures (independent RFC 9421 implementation)", () => {
  it("accepts requests signed by the other library", async () => {
    const a = await agent();
    const now = new Date("2026-11-26T10:30:00Z");
    for (const url of [
      "https://leash.example/v1/authorize?dry_run=1",
      "https://leash.example/v1/authorize",
    ]) {
      const hasQuery = url.includes("?");
      // The digest is computed here with node:crypto, independently of this package.
      const digest = `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;
      const signed = await httpbis.signMessage(
        {
          key: {
            id: a.kid,
            alg: "ed25519",
            sign: async (data: Buffer) => nodeSign(null, data, a.nodePrivate),
          },
          name: "sig1",
          fields: ["@method", "@path", ...(hasQuery ? ["@query"] : []), "content-digest"],
          params: ["created", "nonce", "keyid", "alg", "tag"],
          paramValues: { created: now, nonce: "xf3kP2sQ9vLw8RtY1zZ0aB", tag: "openleash" },
        },
        { method: "POST", url, headers: { "Content-Type": "application/json", "Content-Digest": digest } },
      );
      const parsed = new URL(url);
      const out = await verifyRequest({
        method: "POST",
        path: parsed.pathname,
        query: parsed.search,
        headers: signed.headers as Record<string, string>,
        body: utf8(body),
        now,
        resolveKey: (kid) => (kid === a.kid ? a.verification : null),
      });
      expect(out).toMatchObject({ keyId: a.kid, nonce: "xf3kP2sQ9vLw8RtY1zZ0aB", label: "sig1" });
    }
  });

  it("produces requests the other library verifies", async () => {
    const a = await agent();
    const verifier = createVerifier(a.nodePublic, "ed25519");
    const keyLookup = async (params: { keyid?: string }) =>
      params.keyid === a.kid ? { id: a.kid, algs: ["ed25519"], verify: verifier } : null;
    const config = {
      keyLookup,
      requiredParams: ["created", "nonce", "keyid", "alg", "tag"],
      requiredFields: ["@method", "@path"],
      tolerance: 5,
    };
    const cases = [
      { method: "POST", url: "https://leash.example/v1/authorize?dry_run=1&x=%20y", body },
      { method: "POST", url: "https://leash.example/v1/authorize", body },
      { method: "GET", url: "https://leash.example/v1/agent/approval-requests/apr_1?wait=30" },
      { method: "GET", url: "https://leash.example/v1/agent/me" },
    ];
    for (const c of cases) {
      const headers = await signRequest({ ...c, key: a.signing, keyId: a.kid, now: new Date() });
      const request = { method: c.method, url: c.url, headers };
      expect(await httpbis.verifyMessage(config as never, request)).toBe(true);
      // And the other library notices when the request is changed.
      const moved = { ...request, url: c.url.replace("/v1/", "/v2/") };
      expect(await httpbis.verifyMessage(config as never, moved)).toBe(false);
    }
  });
});
