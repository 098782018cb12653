import {
  type Action,
  type AuthorizeResult,
  createAction,
  type OpenLeashAgent,
  verifyProofChain,
  verifyProofOffline,
} from "@openleash/sdk";
import type { PurchaseResponse } from "./storeco";

/** Options of {@link AliceAgent}. */
export interface AliceAgentOptions {
  /** Alice's agent, registered at Alice's OpenLeash. */
  agent: OpenLeashAgent;
  /** Alice's OpenLeash (issuer of the buyer proofs). */
  buyerIssuer: string;
  /** Sellers Alice's agent deals with: their domain → their shop URL and their OpenLeash issuer. */
  sellers: Record<string, { shopUrl: string; issuer: string }>;
  log: (message: string) => void;
  /** Called when Alice must approve; the story has the owner decide there. */
  onApprovalNeeded?: (pending: AuthorizeResult) => void;
}

/** The outcome of one purchase as Alice's agent reports it to Alice. */
export interface PurchaseOutcome {
  status: "done" | "denied" | "refused";
  message: string;
  purchase: Action;
  decisions: AuthorizeResult[];
  buyerProof?: string;
  sellerProof?: string;
  sellAction?: Action;
}

/**
 * Alice's shopping agent. Before buying it asks Alice's OpenLeash (`authorize`, waiting for Alice
 * when her policy wants her approval), sends the purchase with its proof to the seller's agent,
 * and accepts the confirmation only when the seller proof verifies offline against the seller's
 * OpenLeash and chains to its own proof.
 */
export class AliceAgent {
  constructor(private readonly options: AliceAgentOptions) {}

  async buy(item: string, amountMinor: number, sellerDomain: string): Promise<PurchaseOutcome> {
    const { agent, log } = this.options;
    const seller = this.options.sellers[sellerDomain];
    if (!seller) throw new TypeError(`unknown seller ${sellerDomain}`);
    const purchase = createAction({
      type: "purchase",
      relyingParty: { domain: sellerDomain },
      payload: { item, amount_minor: amountMinor, currency: "USD" },
    });
    const decisions: AuthorizeResult[] = [];
    log(`authorize(purchase, ${(amountMinor / 100).toFixed(2)} USD, ${sellerDomain})`);
    const result = await agent.authorizeAndWait(purchase, {
      timeoutMs: 60_000,
      onPending: (pending) => {
        decisions.push(pending);
        log(
          `${pending.decision}: ${pending.reason} — waiting for Alice (request ${pending.approval_request_id})`,
        );
        this.options.onApprovalNeeded?.(pending);
      },
    });
    decisions.push(result);
    if (result.decision !== "ALLOW" || !result.proof_token) {
      log(`${result.decision}: ${result.reason}`);
      return { status: "denied", message: `Not bought: ${result.reason}`, purchase, decisions };
    }
    const buyerProof = result.proof_token;
    const approved = decisions.length > 1 ? " on re-authorizing with Alice's approval token" : "";
    log(`ALLOW${approved} (rule ${result.matched_rule}) + proof token ${buyerProof.slice(0, 24)}…`);

    log(`sending the purchase request + proof to StoreCo's agent at ${seller.shopUrl}`);
    const res = await fetch(`${seller.shopUrl}/purchase`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: purchase, proof: buyerProof }),
    });
    const answer = (await res.json()) as PurchaseResponse;
    if (answer.status !== "confirmed") {
      return {
        status: "refused",
        message: `StoreCo refused: ${answer.reason}`,
        purchase,
        decisions,
        buyerProof,
      };
    }
    await this.checkConfirmation(answer, purchase, buyerProof, seller.issuer);
    log("Done — proofs attached");
    return {
      status: "done",
      message: "Done — proofs attached",
      purchase,
      decisions,
      buyerProof,
      sellerProof: answer.seller_proof,
      sellAction: answer.sell_action,
    };
  }

  /** The seller proof must verify against the seller's OpenLeash, be for this order, and chain to our proof. */
  private async checkConfirmation(
    answer: Extract<PurchaseResponse, { status: "confirmed" }>,
    purchase: Action,
    buyerProof: string,
    sellerIssuer: string,
  ): Promise<void> {
    const { log, buyerIssuer } = this.options;
    // The issuer comes from Alice's own configuration, never from the seller's answer.
    const { claims } = await verifyProofOffline(answer.seller_proof, {
      issuer: sellerIssuer,
      action: answer.sell_action,
    });
    const sold = answer.sell_action.payload as { order_id?: string; amount_minor?: number; item?: string };
    const order = purchase.payload as { amount_minor: number; item: string };
    if (
      claims.action_type !== "sell" ||
      sold.order_id !== purchase.id ||
      sold.amount_minor !== order.amount_minor ||
      sold.item !== order.item
    ) {
      throw new Error("the seller proof is not for this order");
    }
    await verifyProofChain([buyerProof, answer.seller_proof], {
      issuers: {
        [buyerIssuer]: { jwksUrl: `${buyerIssuer}/.well-known/jwks.json` },
        [sellerIssuer]: { jwksUrl: `${sellerIssuer}/.well-known/jwks.json` },
      },
    });
    const link = claims.chain?.map((l) => `${l.jti} @ ${l.iss}`).join(", ");
    log(`verified StoreCo's seller proof offline (issuer ${claims.iss}); its chain names our proof: ${link}`);
  }
}
