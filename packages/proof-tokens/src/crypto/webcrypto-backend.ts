import { fromBase64Url } from "../encoding.js";
import type { Ed25519Backend } from "./types.js";

const ED25519 = { name: "Ed25519" } as const;

function subtle(): SubtleCrypto | null {
  return (globalThis as { crypto?: Crypto }).crypto?.subtle ?? null;
}

/** The RFC 8032 §7.1 TEST 1 public key: a known-valid point to probe importKey with. */
const PROBE_X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";

/**
 * True when this runtime's WebCrypto implements Ed25519 (Node >= 20, Chrome 137+, Firefox 129+,
 * Safari 17+). Older browsers throw NotSupportedError on importKey.
 */
export async function webCryptoHasEd25519(): Promise<boolean> {
  const s = subtle();
  if (!s) return false;
  try {
    await s.importKey("raw", fromBase64Url(PROBE_X) as Uint8Array<ArrayBuffer>, ED25519, false, ["verify"]);
    return true;
  } catch {
    return false;
  }
}

/** Ed25519 over WebCrypto (`crypto.subtle`): the native path in browsers and edge runtimes. */
export function webCryptoBackend(): Ed25519Backend {
  const s = subtle()!;
  return {
    name: "webcrypto",
    async generate() {
      const pair = (await s.generateKey(ED25519, true, ["sign", "verify"])) as CryptoKeyPair;
      const jwk = await s.exportKey("jwk", pair.privateKey);
      return { x: jwk.x!, d: jwk.d! };
    },
    async importPrivate(x, d) {
      // Extractable only so the public half can be derived and checked against `x` once, here.
      const key = await s.importKey("jwk", { kty: "OKP", crv: "Ed25519", x, d }, ED25519, true, ["sign"]);
      const derivedX = (await s.exportKey("jwk", key)).x!;
      return {
        derivedX,
        sign: async (data) => new Uint8Array(await s.sign(ED25519, key, data as Uint8Array<ArrayBuffer>)),
      };
    },
    async importPublic(x) {
      const key = await s.importKey("jwk", { kty: "OKP", crv: "Ed25519", x }, ED25519, false, ["verify"]);
      return async (data, signature) => {
        if (signature.length !== 64) return false;
        try {
          return await s.verify(
            ED25519,
            key,
            signature as Uint8Array<ArrayBuffer>,
            data as Uint8Array<ArrayBuffer>,
          );
        } catch {
          return false;
        }
      };
    },
  };
}
