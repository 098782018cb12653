import { describe, expect, it } from "vitest";
import { generateKeyPair, importSigningKey, importVerificationKey } from "../crypto/keys.js";
import { RequestSignatureError } from "../errors.js";
import { signRequest } from "./sign-request.js";
import { type VerifyRequestOptions, verifyRequest } from "./verify-request.js";

const now = new Date("2026-11-26T10:30:00Z");
const body = new TextEncoder().encode('{"action":{"id":"a1","type":"purchase","payload":{}}}');

async function agent() {
  const pair = await generateKeyPair();
  const key = await importSigningKey(pair.privateJwk);
  const verification = await importVerificationKey(pair.publicJwk);
  return { key, verification, kid: pair.kid };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RequestSignatureError) return e.code;
    throw e;
  }
  return "OK";
}

describe("signRequest / verifyRequest", () => {
  it("round-trips a POST with a query and a body", async () => {
    const { key, verification, kid } = await agent();
    const headers = await signRequest({
      method: "post",
      url: "https://leash.example/v1/authorize?dry=1",
      body,
      key,
      keyId: kid,
      now,
      nonce: "n-0123456789abcdefghijkl",
    });
    expect(headers["signature-input"]).toBe(
      `sig1=("@method" "@path" "@query" "content-digest");created=1795689000;nonce="n-0123456789abcdefghijkl";keyid="${kid}";alg="ed25519";tag="openleash"`,
    );
    expect(headers["content-digest"]).toMatch(/^sha-256=:[A-Za-z0-9+/]{43}=:$/);
    const base: VerifyRequestOptions = {
      method: "POST",
      path: "/v1/authorize",
      query: "?dry=1",
      headers,
      body,
      now,
      resolveKey: (id) => (id === kid ? verification : null),
    };
    const out = await verifyRequest(base);
    expect(out).toMatchObject({
      keyId: kid,
      nonce: "n-0123456789abcdefghijkl",
      created: 1795689000,
      expires: null,
    });
    expect(await codeOf(verifyRequest({ ...base, body: new TextEncoder().encode("{}") }))).toBe(
      "DIGEST_MISMATCH",
    );
    expect(await codeOf(verifyRequest({ ...base, query: "?dry=0" }))).toBe("INVALID_SIGNATURE");
    expect(await codeOf(verifyRequest({ ...base, path: "/v1/other" }))).toBe("INVALID_SIGNATURE");
    expect(await codeOf(verifyRequest({ ...base, resolveKey: () => null }))).toBe("INVALID_SIGNATURE");
    expect(await codeOf(verifyRequest({ ...base, now: new Date(now.getTime() + 121_000) }))).toBe(
      "CLOCK_SKEW",
    );
    expect(await codeOf(verifyRequest({ ...base, now: new Date(now.getTime() - 121_000) }))).toBe(
      "CLOCK_SKEW",
    );
    expect(await codeOf(verifyRequest({ ...base, now: new Date(now.getTime() + 120_000) }))).toBe("OK");
  });

  it("signs a GET without query or body over @method and @path only", async () => {
    const { key, verification, kid } = await agent();
    const headers = await signRequest({
      method: "GET",
      url: "/v1/agent/approval-requests/apr_1",
      key,
      keyId: kid,
      now,
    });
    expect(headers["content-digest"]).toBeUndefined();
    expect(headers["signature-input"]).toMatch(/^sig1=\("@method" "@path"\);created=/);
    const out = await verifyRequest({
      method: "GET",
      path: "/v1/agent/approval-requests/apr_1",
      query: "",
      headers: new Headers(headers),
      body: new Uint8Array(),
      now,
      resolveKey: () => verification,
    });
    expect(out.nonce).toHaveLength(22);
    // The same signature presented with a query string it did not cover.
    expect(
      await codeOf(
        verifyRequest({
          method: "GET",
          path: "/v1/agent/approval-requests/apr_1",
          query: "?wait=30",
          headers,
          body: new Uint8Array(),
          now,
          resolveKey: () => verification,
        }),
      ),
    ).toBe("MISSING_COMPONENT");
  });
});
