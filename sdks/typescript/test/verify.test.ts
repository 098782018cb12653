import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { issueProof, KeyRing } from "@openleash/proof-tokens";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  actionHash,
  createAction,
  JwksCache,
  OpenLeashError,
  verifyProofChain,
  verifyProofOffline,
} from "../src/index";

const ISSUER = "https://leash.alice.example";

/** A real HTTP server publishing a key ring's JWKS and counting fetches. */
class JwksHost {
  fetches = 0;
  status = 200;
  body: () => string;
  private server!: Server;
  url = "";

  constructor(public ring: KeyRing) {
    this.body = () => JSON.stringify(this.ring.jwks());
  }

  async start() {
    this.server = createServer((_req, res) => {
      this.fetches++;
      res.writeHead(this.status, { "content-type": "application/json" }).end(this.body());
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }

  close() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const action = createAction({
  type: "purchase",
  relyingParty: { domain: "storeco.example" },
  payload: { amount_minor: 8500, currency: "USD", item: "headphones" },
});

async function proof(
  ring: KeyRing,
  extra: { issuer?: string; chain?: Array<{ jti: string; iss: string }>; jti?: string } = {},
) {
  const { token } = await issueProof({
    key: ring.active(),
    issuer: extra.issuer ?? ISSUER,
    agentId: "agt_1",
    ownerId: "own_1",
    action,
    policyVersion: "v1",
    matchedRule: "small-purchases",
    decisionId: extra.jti ?? `dec_${Math.random().toString(36).slice(2)}`,
    ttlSeconds: 120,
    now: new Date(),
    ...(extra.chain ? { chain: extra.chain } : {}),
  });
  return token;
}

describe("verifyProofOffline", () => {
  let host: JwksHost;
  let ring: KeyRing;
  beforeAll(async () => {
    ring = await KeyRing.generate({ now: new Date() });
    host = new JwksHost(ring);
    await host.start();
  });
  afterAll(() => host.close());
  beforeEach(() => {
    host.fetches = 0;
    host.status = 200;
  });

  it("verifies signature, issuer, audience and the received action's hash against a JWKS", async () => {
    const token = await proof(ring);
    const { claims } = await verifyProofOffline(token, {
      jwks: ring.jwks(),
      issuer: ISSUER,
      audience: "storeco.example",
      action,
    });
    expect(claims).toMatchObject({
      iss: ISSUER,
      aud: "storeco.example",
      action_hash: await actionHash(action),
    });
    await expect(
      verifyProofOffline(token, { jwks: ring.jwks(), issuer: "https://other.example" }),
    ).rejects.toMatchObject({ code: "ISSUER_MISMATCH" });
    await expect(verifyProofOffline(token, { jwks: ring.jwks(), actionHash: "AAAA" })).rejects.toMatchObject({
      code: "ACTION_HASH_MISMATCH",
    });
    const otherRing = await KeyRing.generate({ now: new Date() });
    await expect(verifyProofOffline(token, { jwks: otherRing.jwks() })).rejects.toMatchObject({
      code: "UNKNOWN_KID",
    });
    await expect(
      verifyProofOffline(token, { jwks: ring.jwks(), now: new Date(Date.now() + 3600_000) }),
    ).rejects.toMatchObject({ code: "TOKEN_EXPIRED" });
  });

  it("rejects caller misuse with a TypeError", async () => {
    const token = await proof(ring);
    await expect(verifyProofOffline(token, {})).rejects.toBeInstanceOf(TypeError);
    await expect(verifyProofOffline(token, { jwks: ring.jwks(), jwksUrl: host.url })).rejects.toBeInstanceOf(
      TypeError,
    );
    await expect(verifyProofOffline("", { jwks: ring.jwks() })).rejects.toBeInstanceOf(TypeError);
  });

  it("caches the JWKS, refreshes on an unknown kid after a rotation, and rate-limits refreshes", async () => {
    const cache = new JwksCache({ minRefreshIntervalMs: 0 });
    await verifyProofOffline(await proof(ring), { jwksUrl: host.url, cache });
    await verifyProofOffline(await proof(ring), { jwksUrl: host.url, cache });
    expect(host.fetches).toBe(1);
    const rotated = await KeyRing.fromJSON(ring.toJSON());
    await rotated.rotate({ now: new Date(), maxTokenTtlSeconds: 3600 });
    await rotated.rotate({ now: new Date(), maxTokenTtlSeconds: 3600 });
    host.ring = rotated;
    await verifyProofOffline(await proof(rotated), { jwksUrl: host.url, cache });
    expect(host.fetches).toBe(2);

    const slow = new JwksCache({ minRefreshIntervalMs: 60_000 });
    await slow.get(host.url);
    const unknown = await proof(await KeyRing.generate({ now: new Date() }));
    for (let i = 0; i < 5; i++) {
      await expect(verifyProofOffline(unknown, { jwksUrl: host.url, cache: slow })).rejects.toMatchObject({
        code: "UNKNOWN_KID",
      });
    }
    expect(host.fetches).toBe(3);
  });

  it("keeps serving the last good JWKS when the issuer is down; without one it fails with JWKS_UNAVAILABLE", async () => {
    let clock = 0;
    const cache = new JwksCache({ ttlMs: 10, now: () => clock });
    const token = await proof(host.ring);
    await verifyProofOffline(token, { jwksUrl: host.url, cache });
    host.status = 503;
    clock = 1000;
    await expect(verifyProofOffline(token, { jwksUrl: host.url, cache })).resolves.toBeTruthy();
    expect(host.fetches).toBe(2);
    const fresh = new JwksCache({ now: () => clock });
    const err = await verifyProofOffline(token, { jwksUrl: host.url, cache: fresh }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenLeashError);
    expect(err).toMatchObject({ code: "JWKS_UNAVAILABLE" });
    host.body = () => "not json";
    host.status = 200;
    await expect(new JwksCache().get(host.url)).rejects.toMatchObject({ code: "JWKS_UNAVAILABLE" });
    host.body = () => JSON.stringify(host.ring.jwks());
  });

  it("is bounded: the least recently used URL is dropped", async () => {
    const cache = new JwksCache({ maxEntries: 2 });
    await cache.get(`${host.url}?a`);
    await cache.get(`${host.url}?b`);
    await cache.get(`${host.url}?a`);
    await cache.get(`${host.url}?c`);
    expect(cache.size).toBe(2);
    const before = host.fetches;
    await cache.get(`${host.url}?a`);
    expect(host.fetches).toBe(before);
    await cache.get(`${host.url}?b`);
    expect(host.fetches).toBe(before + 1);
  });

  it("verifyProofChain checks each proof against its own issuer and the chain link", async () => {
    const seller = await KeyRing.generate({ now: new Date() });
    const buyerToken = await proof(ring, { jti: "dec_buyer" });
    const sellerToken = await proof(seller, {
      issuer: "https://leash.storeco.example",
      chain: [{ jti: "dec_buyer", iss: ISSUER }],
    });
    const issuers = { [ISSUER]: ring.jwks(), "https://leash.storeco.example": seller.jwks() };
    const links = await verifyProofChain([buyerToken, sellerToken], { issuers });
    expect(links.map((l) => l.claims.iss)).toEqual([ISSUER, "https://leash.storeco.example"]);
    const unrelated = await proof(ring, { jti: "dec_other" });
    await expect(verifyProofChain([unrelated, sellerToken], { issuers })).rejects.toMatchObject({
      code: "CHAIN_BROKEN",
    });
    await expect(
      verifyProofChain([buyerToken, sellerToken], { issuers: { [ISSUER]: ring.jwks() } }),
    ).rejects.toMatchObject({ code: "UNKNOWN_ISSUER" });
  });
});
