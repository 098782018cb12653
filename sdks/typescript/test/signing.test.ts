import {
  cryptoBackendName,
  importVerificationKey,
  setCryptoBackend,
  verifyRequest,
} from "@openleash/proof-tokens";
import { describe, expect, it } from "vitest";
import { createSigningFetch, generateAgentKey, importAgentKey, signHttpRequest } from "../src/index";

const BASE = "http://127.0.0.1:8787";

async function verify(req: Request, body: Uint8Array, key: Awaited<ReturnType<typeof generateAgentKey>>) {
  const url = new URL(req.url);
  return verifyRequest({
    method: req.method,
    path: url.pathname,
    query: url.search,
    headers: req.headers,
    body,
    now: new Date(),
    resolveKey: (kid) => (kid === key.kid ? importVerificationKey(key.publicJwk) : null),
  });
}

describe("agent keys", () => {
  it("generateAgentKey gives an Ed25519 key whose kid is its RFC 7638 thumbprint; importAgentKey reloads it", async () => {
    const key = await generateAgentKey();
    expect(key.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: key.kid });
    expect(key.privateJwk.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await importAgentKey(key.privateJwk);
    expect(again.kid).toBe(key.kid);
    expect(again.publicJwk.x).toBe(key.publicJwk.x);
    const other = await generateAgentKey();
    await expect(importAgentKey({ ...key.privateJwk, d: other.privateJwk.d })).rejects.toMatchObject({
      code: "INVALID_KEY",
    });
  });
});

describe("request signing (PROTOCOL.md §3)", () => {
  it("signs method, path, query and the exact body bytes; the signature verifies", async () => {
    const key = await generateAgentKey();
    const body = JSON.stringify({ action: { id: "a", type: "purchase", payload: { item: "ünïcödé" } } });
    const signed = await signHttpRequest(
      new Request(`${BASE}/v1/authorize?x=1`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
      }),
      key,
    );
    const input = signed.headers.get("signature-input")!;
    expect(input).toMatch(
      /^sig1=\("@method" "@path" "@query" "content-digest"\);created=\d+;nonce="[^"]{22,}";keyid="[^"]+";alg="ed25519";tag="openleash"$/,
    );
    expect(input).toContain(`keyid="${key.kid}"`);
    expect(signed.headers.get("content-type")).toBe("application/json");
    const bytes = new Uint8Array(await signed.clone().arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(body);
    const ok = await verify(signed, bytes, key);
    expect(ok.keyId).toBe(key.kid);
    const altered = new TextEncoder().encode(body.replace("purchase", "purchasf"));
    await expect(verify(signed, altered, key)).rejects.toMatchObject({ code: "DIGEST_MISMATCH" });
  });

  it("a GET carries no content-digest and covers its query", async () => {
    const key = await generateAgentKey();
    const signed = await signHttpRequest(
      new Request(`${BASE}/v1/agent/approval-requests/apr_1?wait=25`),
      key,
    );
    expect(signed.headers.get("content-digest")).toBeNull();
    expect(signed.headers.get("signature-input")).toContain('("@method" "@path" "@query")');
    await verify(signed, new Uint8Array(0), key);
    const moved = new Request(`${BASE}/v1/agent/approval-requests/apr_1?wait=26`, {
      headers: signed.headers,
    });
    await expect(verify(moved, new Uint8Array(0), key)).rejects.toMatchObject({ code: "INVALID_SIGNATURE" });
  });

  it("createSigningFetch sends what it signed, with a fresh nonce each time", async () => {
    const key = await generateAgentKey();
    const seen: Array<{ req: Request; bytes: Uint8Array }> = [];
    const send = createSigningFetch(key, {
      fetch: async (req) => {
        seen.push({ req, bytes: new Uint8Array(await req.arrayBuffer()) });
        return new Response("{}", { status: 200 });
      },
    });
    const body = '{"a":1}';
    await send(new Request(`${BASE}/v1/authorize`, { method: "POST", body }));
    await send(new Request(`${BASE}/v1/authorize`, { method: "POST", body }));
    const nonces = [];
    for (const { req, bytes } of seen) nonces.push((await verify(req, bytes, key)).nonce);
    expect(new Set(nonces).size).toBe(2);
  });

  it("a signature by another key does not verify as this agent", async () => {
    const key = await generateAgentKey();
    const thief = await generateAgentKey();
    const signed = await signHttpRequest(new Request(`${BASE}/v1/agent/me`), {
      kid: key.kid,
      signingKey: thief.signingKey,
    });
    await expect(verify(signed, new Uint8Array(0), key)).rejects.toMatchObject({ code: "INVALID_SIGNATURE" });
  });
});

describe("on WebCrypto (what browsers and edge runtimes use)", () => {
  it("generates, signs and verifies with the WebCrypto Ed25519 backend", async () => {
    setCryptoBackend("webcrypto");
    try {
      expect(await cryptoBackendName()).toBe("webcrypto");
      const key = await generateAgentKey();
      const body = '{"action":{"id":"w","type":"purchase","payload":{}}}';
      const signed = await signHttpRequest(
        new Request(`${BASE}/v1/authorize`, { method: "POST", body }),
        key,
      );
      const verified = await verify(signed, new TextEncoder().encode(body), key);
      expect(verified.keyId).toBe(key.kid);
    } finally {
      setCryptoBackend("auto");
    }
  });
});
