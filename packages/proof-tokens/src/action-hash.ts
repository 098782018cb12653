import { sha256, sha256Base64UrlSync, sha256Sync } from "./crypto/sha256.js";
import { toBase64Url, utf8 } from "./encoding.js";
import { canonicalize } from "./jcs/canonicalize.js";

/**
 * PROTOCOL.md §2 action hash: base64url (no padding) of SHA-256 over the UTF-8 bytes of the RFC 8785
 * canonical form of the action exactly as sent. Throws {@link CanonicalizationError} for a value that
 * is not JSON.
 *
 * @example
 * await actionHash({ id: "a1", type: "purchase", payload: { amount_minor: 8500, currency: "USD" } })
 */
export async function actionHash(action: unknown): Promise<string> {
  const bytes = utf8(canonicalize(action));
  return toBase64Url(sha256Sync(bytes) ?? (await sha256(bytes)));
}

/** {@link actionHash} computed synchronously where the runtime allows it (Node), else null. */
export function actionHashSync(action: unknown): string | null {
  return sha256Base64UrlSync(canonicalize(action));
}
