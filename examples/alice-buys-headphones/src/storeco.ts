import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type Action,
  createAction,
  type OpenLeashAgent,
  OpenLeashError,
  OpenLeashTokenError,
  verifyProofOffline,
} from "@openleash/sdk";

/** What a buyer agent posts to StoreCo: the purchase it was authorized for, and the proof. */
export interface PurchaseRequest {
  action: Action;
  proof: string;
}

/** StoreCo's answer: the sale it authorized at its own OpenLeash, with the seller proof. */
export type PurchaseResponse =
  | {
      status: "confirmed";
      order_id: string;
      sell_action: Action;
      seller_proof: string;
      seller_issuer: string;
    }
  | { status: "refused"; reason: string };

/** Options of {@link StoreCoAgent}. */
export interface StoreCoOptions {
  /** StoreCo's agent, registered at StoreCo's OpenLeash. */
  agent: OpenLeashAgent;
  /** StoreCo's OpenLeash (issuer of the seller proofs). */
  sellerIssuer: string;
  /** The buyers' OpenLeash instances StoreCo accepts proofs from (issuer URLs). */
  trustedBuyerIssuers: string[];
  /** Notified of each step (the story prints them). */
  log: (message: string) => void;
}

const DOMAIN = "storeco.example";
const MAX_BODY = 16 * 1024;

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy(new Error("body too large"));
      else chunks.push(c);
    });
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (err) {
        reject(err);
      }
    });
    req.on("error", reject);
  });
}

/** The unverified `iss` of a JWS, only to pick which trusted issuer's keys to verify with. */
function claimedIssuer(token: string): string | null {
  try {
    const iss = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")).iss;
    return typeof iss === "string" ? iss : null;
  } catch {
    return null;
  }
}

/**
 * StoreCo's sales agent: a small HTTP service. For each purchase request it (1) verifies the
 * buyer's proof OFFLINE against the buyer's OpenLeash JWKS, bound to the very action received and
 * to the audience storeco.example, then (2) asks its own OpenLeash to authorize `sell`, presenting
 * the buyer's proof, and answers with the seller proof (whose `chain` names the buyer's proof).
 */
export class StoreCoAgent {
  private server: Server | null = null;
  url = "";

  constructor(private readonly options: StoreCoOptions) {}

  /** Handles one purchase request (also callable without HTTP). */
  async handlePurchase(body: PurchaseRequest): Promise<PurchaseResponse> {
    const { agent, log } = this.options;
    const iss = claimedIssuer(body.proof);
    if (!iss || !this.options.trustedBuyerIssuers.includes(iss)) {
      log(`refused: the proof comes from an OpenLeash StoreCo does not know (${iss ?? "none"})`);
      return { status: "refused", reason: "UNKNOWN_ISSUER" };
    }
    let buyer: string;
    try {
      const { claims } = await verifyProofOffline(body.proof, {
        issuer: iss,
        audience: DOMAIN,
        action: body.action,
      });
      buyer = claims.sub;
      log(
        `verified the buyer's proof offline (issuer ${iss}, agent ${claims.sub}, rule ${claims.matched_rule})`,
      );
    } catch (err) {
      if (!(err instanceof OpenLeashTokenError) && !(err instanceof OpenLeashError)) throw err;
      log(`refused: buyer proof invalid (${err.code})`);
      return { status: "refused", reason: err.code };
    }
    const order = body.action.payload as { amount_minor: number; currency: string; item: string };
    const sell = createAction({
      type: "sell",
      payload: {
        order_id: body.action.id,
        item: order.item,
        amount_minor: order.amount_minor,
        currency: order.currency,
        buyer: { agent: buyer, issuer: iss },
      },
    });
    const decision = await agent.authorize(sell, { presentedProofs: [body.proof] });
    log(`asked StoreCo's OpenLeash to authorize "sell" presenting the buyer's proof → ${decision.decision}`);
    if (decision.decision !== "ALLOW" || !decision.proof_token)
      return { status: "refused", reason: decision.reason };
    return {
      status: "confirmed",
      order_id: body.action.id,
      sell_action: sell,
      seller_proof: decision.proof_token,
      seller_issuer: this.options.sellerIssuer,
    };
  }

  /** Starts the HTTP service on 127.0.0.1 (any free port): `POST /purchase`. */
  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const reply = (status: number, body: unknown) =>
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method !== "POST" || req.url !== "/purchase")
        return reply(404, { status: "refused", reason: "NOT_FOUND" });
      readJson(req).then(
        (body) =>
          this.handlePurchase(body as PurchaseRequest).then(
            (answer) => reply(answer.status === "confirmed" ? 200 : 403, answer),
            (err: unknown) =>
              reply(502, { status: "refused", reason: (err as { code?: string }).code ?? "ERROR" }),
          ),
        () => reply(400, { status: "refused", reason: "BAD_REQUEST" }),
      );
    });
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await new Promise<void>((r) => server.close(() => r()));
  }
}
