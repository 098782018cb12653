import type { Action } from "./types";

/** Input of {@link createAction}. */
export interface CreateActionInput {
  /** Dotted action type: `purchase`, `appointment.book`, `mcp.filesystem.write_file`. */
  type: string;
  /** What exactly: amounts in minor units, item, recipient... any JSON object. */
  payload: Record<string, unknown>;
  /** The counterparty the action is towards; its domain becomes the proof's `aud`. */
  relyingParty?: { domain?: string; trust_profile?: string };
  /** Client-chosen id, unique per agent; a random UUID by default. */
  id?: string;
  /** When the action was requested; the current time by default (pass `null` to leave it out). */
  requestedAt?: Date | null;
}

/**
 * Builds an action object (PROTOCOL.md §2) with a fresh UUID and `requested_at`. Send it as is:
 * its hash (RFC 8785 JCS + SHA-256) is what a proof is bound to, so keep the very object you
 * authorized and hand that same object to the counterparty.
 *
 * @example
 * const action = createAction({ type: "purchase", relyingParty: { domain: "storeco.example" },
 *   payload: { amount_minor: 8500, currency: "USD", item: "headphones" } });
 */
export function createAction(input: CreateActionInput): Action {
  if (!input || typeof input.type !== "string" || input.type === "") throw new TypeError("type is required");
  if (!input.payload || typeof input.payload !== "object" || Array.isArray(input.payload)) {
    throw new TypeError("payload must be an object");
  }
  const requestedAt = input.requestedAt === undefined ? new Date() : input.requestedAt;
  return {
    id: input.id ?? globalThis.crypto.randomUUID(),
    type: input.type,
    ...(requestedAt ? { requested_at: requestedAt.toISOString().replace(/\.\d{3}Z$/, "Z") } : {}),
    ...(input.relyingParty ? { relying_party: { ...input.relyingParty } } : {}),
    payload: input.payload,
  };
}
