import { describe, expect, it } from "vitest";
import { verifyChain } from "./chain.js";
import { ProofTokenError } from "./errors.js";
import { KeyRing } from "./keyring/keyring.js";
import { issueProof } from "./proof.js";

const t0 = new Date("2026-11-26T10:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const A = "https://leash-a.example";
const B = "https://leash-b.example";

async function setup() {
  const ringA = await KeyRing.generate({ now: t0 });
  const ringB = await KeyRing.generate({ now: t0 });
  const buyer = await issueProof({
    key: ringA.active(),
    issuer: A,
    agentId: "buyer-agent",
    ownerId: "alice",
    action: {
      id: "b1",
      type: "purchase",
      relying_party: { domain: "storeco.example" },
      payload: { amount_minor: 8500 },
    },
    policyVersion: "pv_a",
    matchedRule: "buy",
    decisionId: "dec_buyer",
    ttlSeconds: 120,
    now: at(0),
  });
  const seller = await issueProof({
    key: ringB.active(),
    issuer: B,
    agentId: "seller-agent",
    ownerId: "storeco",
    action: { id: "s1", type: "sale", payload: { amount_minor: 8500 } },
    policyVersion: "pv_b",
    matchedRule: "sell",
    decisionId: "dec_seller",
    ttlSeconds: 120,
    now: at(100),
    chain: [{ jti: buyer.claims.jti, iss: A }],
  });
  return { ringA, ringB, buyer, seller, jwksByIssuer: { [A]: ringA.jwks(), [B]: ringB.jwks() } };
}

async function codeOf(p: Promise<unknown>) {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof ProofTokenError) return e.code;
    throw e;
  }
}

describe("verifyChain", () => {
  it("verifies a buyer's proof and the seller's proof naming it, from two instances", async () => {
    const { buyer, seller, jwksByIssuer } = await setup();
    // At 200 s the buyer's proof has expired, but it was valid when the seller's proof was issued.
    const links = await verifyChain({ tokens: [buyer.token, seller.token], jwksByIssuer, now: at(200) });
    expect(links.map((l) => l.claims.jti)).toEqual(["dec_buyer", "dec_seller"]);
    expect(links[1]!.claims.chain).toEqual([{ jti: "dec_buyer", iss: A }]);
    const resolver = async (iss: string) => (jwksByIssuer as Record<string, { keys: object[] }>)[iss] ?? null;
    await expect(
      verifyChain({ tokens: [buyer.token, seller.token], jwksByIssuer: resolver, now: at(200) }),
    ).resolves.toHaveLength(2);
  });

  it("refuses a chain whose successor does not name its predecessor", async () => {
    const { ringA, buyer, jwksByIssuer } = await setup();
    const unrelated = await issueProof({
      key: ringA.active(),
      issuer: A,
      agentId: "x",
      ownerId: "y",
      action: { id: "z", type: "t", payload: {} },
      policyVersion: "p",
      matchedRule: null,
      decisionId: "dec_unrelated",
      ttlSeconds: 120,
      now: at(50),
    });
    expect(
      await codeOf(verifyChain({ tokens: [buyer.token, unrelated.token], jwksByIssuer, now: at(60) })),
    ).toBe("CHAIN_BROKEN");
  });

  it("verifies each token with its own issuer's keys only", async () => {
    const { buyer, seller, jwksByIssuer } = await setup();
    expect(
      await codeOf(
        verifyChain({
          tokens: [buyer.token, seller.token],
          jwksByIssuer: { [B]: jwksByIssuer[B]! },
          now: at(110),
        }),
      ),
    ).toBe("UNKNOWN_ISSUER");
    // Issuer A's JWKS listed under B: B's token names a kid A does not have.
    const swapped = { [A]: jwksByIssuer[A]!, [B]: jwksByIssuer[A]! };
    expect(
      await codeOf(verifyChain({ tokens: [buyer.token, seller.token], jwksByIssuer: swapped, now: at(110) })),
    ).toBe("UNKNOWN_KID");
  });

  it("requires the newest proof to be valid now and older ones at their successor's issue time", async () => {
    const { buyer, seller, jwksByIssuer } = await setup();
    expect(
      await codeOf(verifyChain({ tokens: [buyer.token, seller.token], jwksByIssuer, now: at(300) })),
    ).toBe("TOKEN_EXPIRED");
    expect(await codeOf(verifyChain({ tokens: [seller.token], jwksByIssuer, now: at(110) }))).toBe("OK");
  });
});
