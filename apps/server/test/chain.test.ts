import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyProof } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type OpenLeashServer } from "../src/server";
import { silentLogger } from "../src/util/logger";
import { purchase, STARTER_POLICY, TestServer } from "./helpers";

const SELL_POLICY = "version: 1\ndefault: deny\nrules:\n  - id: sell\n    action: sell\n    effect: allow\n";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected field by field
type Json = Record<string, any>;

describe("proof chains across two instances (buyer's proof presented to the seller's OpenLeash)", () => {
  let buyerDir: string;
  let buyer: OpenLeashServer;
  let seller: TestServer;
  beforeAll(async () => {
    buyerDir = await mkdtemp(join(tmpdir(), "openleash-buyer-"));
    buyer = await createServer({ dataDir: buyerDir, port: 0, logger: silentLogger, env: {} });
    const { url } = await buyer.listen();
    seller = await TestServer.start({
      trustedIssuers: [{ issuer: url, jwksUri: `${url}/.well-known/jwks.json` }],
    });
    // The buyer runs on the real clock; so must the seller, or the buyer's proof looks expired.
    seller.clock.current = new Date();
  });
  afterAll(async () => {
    await buyer.close();
    await rm(buyerDir, { recursive: true, force: true });
    await seller.close();
  });

  it("chains a verified proof of a trusted issuer and ignores an untrusted one", async () => {
    const admin = buyer.bootstrap.adminToken!;
    const call = async (path: string, token: string, body: unknown) =>
      (
        await buyer.app.request(path, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        })
      ).json() as Promise<Json>;
    const alice = await call("/v1/admin/owners", admin, { name: "alice" });
    const inv = await call("/v1/owner/agent-invites", alice.api_token, {});
    const { generateKeyPair, importSigningKey, signRequest } = await import("@openleash/proof-tokens");
    const kp = await generateKeyPair();
    const key = await importSigningKey(kp.privateJwk);
    const signedPost = async (path: string, body: unknown) => {
      const text = JSON.stringify(body);
      const headers = await signRequest({ method: "POST", url: path, body: text, key, keyId: kp.kid });
      return (
        await buyer.app.request(path, {
          method: "POST",
          headers: { ...headers, "content-type": "application/json" },
          body: text,
        })
      ).json() as Promise<Json>;
    };
    await signedPost("/v1/agents/register", { invite_token: inv.invite_token, public_key: kp.publicJwk });
    const pol = await call("/v1/owner/policies", alice.api_token, { name: "p", source: STARTER_POLICY });
    await call("/v1/owner/bindings", alice.api_token, { policy_id: pol.policy.id, scope: "owner" });
    const buyAction = purchase(4500);
    const bought = await signedPost("/v1/authorize", { action: buyAction });
    expect(bought.decision).toBe("ALLOW");

    const storeco = await seller.createOwner("storeco");
    const sellerAgent = await seller.enrollAgent(storeco.token, "storeco-bot");
    await seller.bindPolicy(storeco.token, SELL_POLICY);
    const sell = { id: "s1", type: "sell", payload: { amount_minor: 4500 } };
    // A proof from an issuer nobody configured is not chained.
    const strangerServer = await TestServer.start({ issuer: "http://stranger.test" });
    strangerServer.clock.current = new Date();
    const so = await strangerServer.createOwner();
    const sa = await strangerServer.enrollAgent(so.token);
    await strangerServer.bindPolicy(so.token, STARTER_POLICY);
    const strangerProof = (
      await strangerServer.agentCall(sa, "POST", "/v1/authorize", { action: purchase(100) })
    ).json.proof_token;
    expect(typeof strangerProof).toBe("string");
    await strangerServer.close();

    const sold = await seller.agentCall(sellerAgent, "POST", "/v1/authorize", {
      action: sell,
      presented_proofs: [bought.proof_token, strangerProof],
    });
    expect(sold.json.decision).toBe("ALLOW");
    const { claims } = await verifyProof({
      token: sold.json.proof_token,
      jwks: seller.services.keys.jwks(),
      issuer: seller.services.context.issuer,
      now: seller.clock.now(),
    });
    expect(claims.chain).toEqual([{ jti: bought.decision_id, iss: buyer.url }]);
  });
});
