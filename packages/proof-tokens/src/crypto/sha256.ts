import { loadNodeCrypto } from "./node-backend.js";
import { sha256Portable } from "./sha256-portable.js";

const nodeCrypto = loadNodeCrypto();
const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;

/**
 * SHA-256 (FIPS 180-4). node:crypto's synchronous hash on Node (no promise round trip on the hot
 * path), WebCrypto `digest` in browsers, and a portable implementation where neither exists (for
 * example a page served over plain http, where `crypto.subtle` is undefined).
 */
export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  const digest = sha256Sync(data);
  if (digest) return digest;
  if (subtle) return new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return sha256Portable(data);
}

// crypto.hash (Node >= 20.12) is a one-shot digest without a Hash object: about twice as fast for
// the small inputs hashed here.
const oneShot = nodeCrypto && typeof nodeCrypto.hash === "function" ? nodeCrypto.hash : null;

/** SHA-256 when it can be computed synchronously (node:crypto), else null. */
export function sha256Sync(data: Uint8Array): Uint8Array | null {
  if (!nodeCrypto) return null;
  const digest = oneShot
    ? (oneShot("sha256", data, "buffer") as unknown as Uint8Array)
    : nodeCrypto.createHash("sha256").update(data).digest();
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
}

/**
 * Standard base64 (RFC 4648 §4, padded) of SHA-256 of some bytes, synchronously (node:crypto), else
 * null. Encoding natively skips the digest Buffer that {@link sha256Sync} returns.
 */
export function sha256Base64Sync(data: Uint8Array): string | null {
  if (oneShot) return oneShot("sha256", data, "base64") as string;
  if (!nodeCrypto) return null;
  return nodeCrypto.createHash("sha256").update(data).digest("base64");
}

/** base64url SHA-256 of the UTF-8 of a string, synchronously (node:crypto), else null. */
export function sha256Base64UrlSync(text: string): string | null {
  if (oneShot) return oneShot("sha256", text, "base64url") as string;
  if (!nodeCrypto) return null;
  return nodeCrypto.createHash("sha256").update(text, "utf8").digest("base64url");
}
