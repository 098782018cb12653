import { fromBase64Url, toBase64Url } from "../encoding.js";
import type { Ed25519Backend } from "./types.js";

/**
 * Pure-JS Ed25519 (tweetnacl), loaded lazily and used only when the runtime has neither node:crypto
 * nor WebCrypto Ed25519. About 100x slower than native: a compatibility fallback, never the default.
 */
export async function tweetnaclBackend(): Promise<Ed25519Backend> {
  const nacl = (await import("tweetnacl")).default;
  return {
    name: "tweetnacl",
    async generate() {
      const seed = new Uint8Array(32);
      globalThis.crypto.getRandomValues(seed);
      const pair = nacl.sign.keyPair.fromSeed(seed);
      return { x: toBase64Url(pair.publicKey), d: toBase64Url(seed) };
    },
    async importPrivate(_x, d) {
      const pair = nacl.sign.keyPair.fromSeed(fromBase64Url(d)!);
      return {
        derivedX: toBase64Url(pair.publicKey),
        sign: async (data) => nacl.sign.detached(data, pair.secretKey),
      };
    },
    async importPublic(x) {
      const publicKey = fromBase64Url(x)!;
      return async (data, signature) => {
        if (signature.length !== 64) return false;
        try {
          return nacl.sign.detached.verify(data, signature, publicKey);
        } catch {
          return false;
        }
      };
    },
  };
}
