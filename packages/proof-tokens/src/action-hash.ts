import { sha256, sha256Base64UrlSync } from "./crypto/sha256.js";
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
  const canonical = canonicalize(action);
  // node:crypto hashes the string's UTF-8 and encodes base64url natively: no byte copy, no digest
  // Buffer (canonicalize has already refused lone surrogates, so that UTF-8 is the one of §2).
  const native = sha256Base64UrlSync(canonical);
  if (native !== null) return native;
  const bytes = utf8(canonical);
  return toBase64Url(await sha256(bytes));
}

/** {@link actionHash} computed synchronously where the runtime allows it (Node), else null. */
export function actionHashSync(action: unknown): string | null {
  return sha256Base64UrlSync(canonicalize(action));
}
