import { verifyProofOffline } from "@openleash/sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, runStory, type StoryResult } from "../src/story";

describe("Alice's agent buys headphones from StoreCo's agent (two real OpenLeash processes)", () => {
  let story: StoryResult;
  const said = (actor: Actor) => story.steps.filter((s) => s.actor === actor).map((s) => s.message);

  beforeAll(async () => {
    story = await runStory();
  });

  it("runs two separate instances with two issuers", () => {
    expect(story.alice.url).not.toBe(story.storeco.url);
    expect(said("setup").join("\n")).toContain(`Alice's OpenLeash is running at ${story.alice.url}`);
  });

  it("85 USD: ALLOW + proof, StoreCo verifies it offline and sells with a proof chained to it", async () => {
    const h = story.headphones;
    expect(h.status).toBe("done");
    expect(h.message).toBe("Done — proofs attached");
    expect(h.decisions.map((d) => d.decision)).toEqual(["ALLOW"]);
    expect(h.decisions[0]).toMatchObject({ matched_rule: "everyday-purchases" });

    // The steps happened in the story's order, on both sides.
    const flow = story.steps.map((s) => `${s.actor}: ${s.message}`);
    const at = (re: RegExp) => flow.findIndex((line) => re.test(line));
    const order = [
      at(/^Alice: "Buy headphones from StoreCo"/),
      at(/^Alice's agent: ALLOW \(rule everyday-purchases\)/),
      at(/^StoreCo's agent: verified the buyer's proof offline/),
      at(/^StoreCo's agent: asked StoreCo's OpenLeash to authorize "sell".*→ ALLOW$/),
      at(/^Alice's agent: verified StoreCo's seller proof offline/),
      at(/^Alice's agent: Done — proofs attached$/),
    ];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // Anyone holding the two JWKS can check both proofs again, offline.
    const buyer = await verifyProofOffline(h.buyerProof!, {
      jwks: story.jwks.alice,
      issuer: story.alice.url,
      audience: "storeco.example",
      action: h.purchase,
    });
    expect(buyer.claims).toMatchObject({ sub: story.alice.agentId, action_type: "purchase" });
    const seller = await verifyProofOffline(h.sellerProof!, {
      jwks: story.jwks.storeco,
      issuer: story.storeco.url,
      action: h.sellAction!,
    });
    expect(seller.claims).toMatchObject({ sub: story.storeco.agentId, action_type: "sell" });
    expect(seller.claims.chain).toEqual([{ jti: buyer.claims.jti, iss: story.alice.url }]);
    expect(h.sellAction!.payload).toMatchObject({
      order_id: h.purchase.id,
      amount_minor: 8500,
      item: "headphones",
    });
  });

  it("an order altered after authorization is refused by StoreCo's offline check", () => {
    expect(story.forged).toEqual({ status: "refused", reason: "ACTION_HASH_MISMATCH" });
    // Each JWKS holds only its own instance's keys: the two instances sign independently.
    const kids = (j: { keys: object[] }) => j.keys.map((k) => (k as { kid: string }).kid);
    expect(kids(story.jwks.alice).some((k) => kids(story.jwks.storeco).includes(k))).toBe(false);
  });

  it("900 USD: REQUIRE_APPROVAL, Alice approves, the purchase then goes through with the approval in the proof", async () => {
    const b = story.bigPurchase;
    expect(b.decisions.map((d) => d.decision)).toEqual(["REQUIRE_APPROVAL", "ALLOW"]);
    const approvalId = b.decisions[0]!.approval_request_id!;
    expect(story.approvals).toHaveLength(1);
    expect(story.approvals[0]).toMatchObject({ id: approvalId, status: "APPROVED", action: b.purchase });
    expect(said("Alice")).toContain('sees "purchase premium headphones for 900.00 USD" and approves');
    expect(b.status).toBe("done");
    const { claims } = await verifyProofOffline(b.buyerProof!, {
      jwks: story.jwks.alice,
      issuer: story.alice.url,
      action: b.purchase,
    });
    expect(claims).toMatchObject({
      approval_id: approvalId,
      assurance: "LOW",
      matched_rule: "big-purchases",
    });
    const seller = await verifyProofOffline(b.sellerProof!, {
      jwks: story.jwks.storeco,
      issuer: story.storeco.url,
      action: b.sellAction!,
    });
    expect(seller.claims.chain).toEqual([{ jti: claims.jti, iss: story.alice.url }]);
  });
});
