import { readFile } from "node:fs/promises";
import {
  type ApprovalRequest,
  type AuthorizeResult,
  generateAgentKey,
  OpenLeashAdmin,
  type OpenLeashAgent,
  type Jwks,
  OpenLeashOwner,
  OpenLeashPublic,
  redeemInvite,
} from "@openleash/sdk";
import { AliceAgent, type PurchaseOutcome } from "./alice";
import { type Instance, startInstance } from "./instances";
import { type PurchaseResponse, StoreCoAgent } from "./storeco";

/** Who says what in the story. */
export type Actor = "setup" | "Alice" | "Alice's agent" | "StoreCo's agent" | "Mallory";

/** One printed step. */
export interface Step {
  actor: Actor;
  message: string;
}

/** Everything the story did, for the end-to-end test to check. */
export interface StoryResult {
  steps: Step[];
  alice: { url: string; agentId: string };
  storeco: { url: string; agentId: string };
  headphones: PurchaseOutcome;
  bigPurchase: PurchaseOutcome;
  approvals: ApprovalRequest[];
  /** Mallory replays Alice's proof for a cheaper price: StoreCo's answer. */
  forged: PurchaseResponse;
  /** Both instances' JWK Sets, as published during the story (to re-verify the proofs offline). */
  jwks: { alice: Jwks; storeco: Jwks };
}

async function policy(name: string): Promise<string> {
  return readFile(new URL(`../policies/${name}.yaml`, import.meta.url), "utf8");
}

/** One side's setup through the SDK: an owner with its policy bound, and an agent registered from an invite. */
async function enroll(instance: Instance, ownerName: string, agentName: string, policyName: string) {
  const admin = new OpenLeashAdmin({ baseUrl: instance.url, token: instance.adminToken });
  const { api_token } = await admin.createOwner({
    name: ownerName,
    type: ownerName === "StoreCo" ? "org" : "user",
  });
  const owner = new OpenLeashOwner({ baseUrl: instance.url, token: api_token });
  const { policy: p } = await owner.createPolicy(policyName, await policy(policyName));
  await owner.createBinding({ policy_id: p.id, scope: "owner" });
  const invite = await owner.createInvite({ name: agentName });
  // The agent makes its own key; only the public half ever leaves it.
  const { client, agent } = await redeemInvite(invite.invite_url, await generateAgentKey());
  return { owner, agent: client as OpenLeashAgent, agentId: agent.id };
}

type Say = (actor: Actor) => (message: string) => void;

/** Starts Alice's instance, then StoreCo's, which trusts proofs from Alice's issuer. */
async function startLeashes(instances: Instance[], setup: (m: string) => void) {
  const alice = await startInstance("Alice");
  instances.push(alice);
  setup(`Alice's OpenLeash is running at ${alice.url}`);
  // StoreCo's OpenLeash believes proofs presented to it only from issuers its operator lists.
  const trusted = [{ issuer: alice.url, jwksUri: `${alice.url}/.well-known/jwks.json` }];
  const storeco = await startInstance("StoreCo", { OPENLEASH_TRUSTED_ISSUERS: JSON.stringify(trusted) });
  instances.push(storeco);
  setup(`StoreCo's OpenLeash is running at ${storeco.url}`);
  return { alice, storeco };
}

/** Alice looks at a pending request in her OpenLeash and approves it (here: at once). */
function aliceApproves(owner: OpenLeashOwner, aliceSays: (m: string) => void, approvals: ApprovalRequest[]) {
  return (pending: AuthorizeResult) => {
    void (async () => {
      const request = await owner.getApproval(pending.approval_request_id!);
      const p = request.action.payload as { item: string; amount_minor: number };
      aliceSays(
        `sees "${request.action_type} ${p.item} for ${(p.amount_minor / 100).toFixed(2)} USD" and approves`,
      );
      approvals.push(await owner.approve(request.id, { note: "yes, buy them" }));
    })().catch((err: unknown) => aliceSays(`could not approve: ${String(err)}`));
  };
}

/** Mallory replays a proof with the order changed: StoreCo's offline check must refuse it. */
async function forgeOrder(shop: StoreCoAgent, bought: PurchaseOutcome, say: Say): Promise<PurchaseResponse> {
  const mallory = say("Mallory");
  mallory("replays Alice's proof with the price changed to 1.00 USD");
  const altered = { ...bought.purchase, payload: { ...bought.purchase.payload, amount_minor: 100 } };
  const forged = await shop.handlePurchase({ action: altered, proof: bought.buyerProof! });
  mallory(`StoreCo answered: ${forged.status}${forged.status === "refused" ? ` (${forged.reason})` : ""}`);
  return forged;
}

/**
 * Runs the seed story against two real OpenLeash processes (Alice's and StoreCo's): an 85 USD
 * purchase that goes straight through, a forged order that StoreCo refuses, then a 900 USD
 * purchase that Alice approves first. `onStep` receives every step as it happens.
 */
export async function runStory(onStep: (step: Step) => void = () => {}): Promise<StoryResult> {
  const steps: Step[] = [];
  const say: Say = (actor) => (message) => {
    const step = { actor, message };
    steps.push(step);
    onStep(step);
  };
  const setup = say("setup");
  const instances: Instance[] = [];
  let shop: StoreCoAgent | null = null;
  try {
    const leash = await startLeashes(instances, setup);
    const alice = await enroll(leash.alice, "Alice", "alice-shopper", "alice");
    setup(`Alice bound her policy and her agent registered from an invite (${alice.agentId})`);
    const store = await enroll(leash.storeco, "StoreCo", "storeco-sales", "storeco");
    setup(`StoreCo bound its policy and its sales agent registered from an invite (${store.agentId})`);

    shop = new StoreCoAgent({
      agent: store.agent,
      sellerIssuer: leash.storeco.url,
      trustedBuyerIssuers: [leash.alice.url],
      log: say("StoreCo's agent"),
    });
    const shopUrl = await shop.listen();
    setup(`StoreCo's agent takes orders at ${shopUrl}`);

    const approvals: ApprovalRequest[] = [];
    const aliceSays = say("Alice");
    const buyer = new AliceAgent({
      agent: alice.agent,
      buyerIssuer: leash.alice.url,
      sellers: { "storeco.example": { shopUrl, issuer: leash.storeco.url } },
      log: say("Alice's agent"),
      onApprovalNeeded: aliceApproves(alice.owner, aliceSays, approvals),
    });

    aliceSays(`"Buy headphones from StoreCo" (85.00 USD)`);
    const headphones = await buyer.buy("headphones", 8500, "storeco.example");
    const forged = await forgeOrder(shop, headphones, say);
    aliceSays(`"Buy the premium headphones from StoreCo" (900.00 USD)`);
    const bigPurchase = await buyer.buy("premium headphones", 90_000, "storeco.example");
    return {
      steps,
      alice: { url: leash.alice.url, agentId: alice.agentId },
      storeco: { url: leash.storeco.url, agentId: store.agentId },
      headphones,
      bigPurchase,
      approvals,
      forged,
      jwks: {
        alice: await new OpenLeashPublic({ baseUrl: leash.alice.url }).jwks(),
        storeco: await new OpenLeashPublic({ baseUrl: leash.storeco.url }).jwks(),
      },
    };
  } finally {
    await shop?.close();
    for (const instance of instances.reverse()) await instance.stop();
  }
}
