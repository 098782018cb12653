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
  if (nodeCrypto) {
    const digest = nodeCrypto.createHash("sha256").update(data).digest();
    return new Uint8Array(digest.buffer, digest.byteOffset, digest.byteLength);
  }
  if (subtle) return new Uint8Array(await subtle.digest("SHA-256", data as Uint8Array<ArrayBuffer>));
  return sha256Portable(data);
}
