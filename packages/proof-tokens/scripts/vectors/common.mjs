// Helpers shared by the vector generators: deterministic keys and outcome capture.
import { createHash, createPrivateKey, createPublicKey } from "node:crypto";

/** Ed25519 private JWK from a name: seed = SHA-256("openleash-vector:" + name). */
export function keyFromName(name) {
  const seed = createHash("sha256").update(`openleash-vector:${name}`).digest();
  // PKCS#8 wrapping of an Ed25519 seed (RFC 8410 §7): fixed 16-byte prefix, then the 32-byte seed.
  const der = Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]);
  const jwk = createPrivateKey({ key: der, format: "der", type: "pkcs8" }).export({ format: "jwk" });
  return { kty: "OKP", crv: "Ed25519", x: jwk.x, d: jwk.d };
}

export function publicOf(jwk) {
  const { x } = createPublicKey({ key: jwk, format: "jwk" }).export({ format: "jwk" });
  return { kty: "OKP", crv: "Ed25519", x };
}

export async function outcome(fn) {
  try {
    await fn();
    return "valid";
  } catch (e) {
    if (typeof e?.code === "string") return e.code;
    throw e;
  }
}

export const at = (iso) => new Date(iso);
export const seconds = (iso) => Math.floor(Date.parse(iso) / 1000);
