import type * as NodeCrypto from "node:crypto";
import type { Ed25519Backend } from "./types.js";

type NodeProcess = { getBuiltinModule?: (id: string) => unknown };

/**
 * node:crypto, reached through `process.getBuiltinModule` (Node >= 20.16) so that no static
 * `import "node:crypto"` exists in the bundle: browsers and edge runtimes never see it.
 */
export function loadNodeCrypto(): typeof NodeCrypto | null {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const mod = proc?.getBuiltinModule?.("node:crypto") as typeof NodeCrypto | undefined;
  return mod && typeof mod.sign === "function" && typeof mod.createPrivateKey === "function" ? mod : null;
}

/**
 * Ed25519 over node:crypto's one-shot `sign`/`verify`: synchronous OpenSSL calls with no WebCrypto
 * promise/job overhead, the fastest path on the server.
 */
export function nodeBackend(crypto: typeof NodeCrypto): Ed25519Backend {
  return {
    name: "node",
    async generate() {
      const { privateKey } = crypto.generateKeyPairSync("ed25519");
      const jwk = privateKey.export({ format: "jwk" });
      return { x: jwk.x!, d: jwk.d! };
    },
    async importPrivate(x, d) {
      const key = crypto.createPrivateKey({ key: { kty: "OKP", crv: "Ed25519", x, d }, format: "jwk" });
      const derivedX = crypto.createPublicKey(key).export({ format: "jwk" }).x!;
      // A Buffer is a Uint8Array: returned as is, no view object per signature.
      const signSync = (data: Uint8Array): Uint8Array => crypto.sign(null, data, key);
      return {
        derivedX,
        signSync,
        // The public `sign` hands out a plain Uint8Array, as the other backends do.
        sign: async (data) => {
          const sig = signSync(data);
          return new Uint8Array(sig.buffer, sig.byteOffset, sig.byteLength);
        },
      };
    },
    async importPublic(x) {
      const key = crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
      const verifySync = (data: Uint8Array, signature: Uint8Array): boolean => {
        if (signature.length !== 64) return false;
        try {
          return crypto.verify(null, data, key, signature);
        } catch {
          return false;
        }
      };
      // The synchronous check rides along so that verifyRequest needs no promise for it.
      return Object.assign(async (data: Uint8Array, signature: Uint8Array) => verifySync(data, signature), {
        sync: verifySync,
      });
    },
  };
}
