import { toBase64Url, fromBase64Url, utf8 } from "../encoding.js";
import { KeyError } from "../errors.js";
import { canonicalize } from "../jcs/canonicalize.js";
import { ed25519Backend } from "./backend.js";
import { sha256 } from "./sha256.js";
import type { Ed25519PrivateJwk, Ed25519PublicJwk, JwkLike, SigningKey, VerificationKey } from "./types.js";

/** Symbol under which keys imported into node:crypto carry their synchronous signer. */
const SIGN_SYNC = Symbol("openleash.signSync");

/** The synchronous signer of a key imported by this package on node:crypto, else undefined. */
export function syncSigner(key: SigningKey): ((data: Uint8Array) => Uint8Array) | undefined {
  return (key as { [SIGN_SYNC]?: (data: Uint8Array) => Uint8Array })[SIGN_SYNC];
}

/** Symbol under which keys imported into node:crypto carry their synchronous verifier. */
const VERIFY_SYNC = Symbol("openleash.verifySync");

/**
 * The synchronous verifier of a key imported by this package on node:crypto, else undefined. It is
 * the very function the key's `verify` awaits, so it gives the same answer.
 */
export function syncVerifier(
  key: VerificationKey,
): ((data: Uint8Array, signature: Uint8Array) => boolean) | undefined {
  return (key as { [VERIFY_SYNC]?: (data: Uint8Array, signature: Uint8Array) => boolean })[VERIFY_SYNC];
}

// RFC 7638 §3.2: the required members of each key type, the only ones hashed.
const THUMBPRINT_MEMBERS: Record<string, string[]> = {
  OKP: ["crv", "kty", "x"],
  EC: ["crv", "kty", "x", "y"],
  RSA: ["e", "kty", "n"],
  oct: ["k", "kty"],
};

/**
 * RFC 7638 JWK thumbprint: base64url(SHA-256(UTF-8 of the required members, sorted, no whitespace)).
 * Used as the `kid` of every key this package handles, and as the RFC 9421 `keyid` of agent keys.
 *
 * @example
 * await jwkThumbprint({ kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" })
 * // "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k" (RFC 8037 Appendix A.3)
 */
export async function jwkThumbprint(jwk: JwkLike): Promise<string> {
  const kty = jwk.kty;
  const members = typeof kty === "string" ? THUMBPRINT_MEMBERS[kty] : undefined;
  if (!members) throw new KeyError("INVALID_KEY", "unsupported or missing JWK kty");
  const required: Record<string, string> = {};
  for (const name of members) {
    const value = jwk[name];
    if (typeof value !== "string" || value === "")
      throw new KeyError("INVALID_KEY", `JWK member ${name} missing`);
    required[name] = value;
  }
  // The member names and values are ASCII strings, for which JCS is exactly RFC 7638's serialization.
  return toBase64Url(await sha256(utf8(canonicalize(required))));
}

function checkKeyBytes(value: unknown, member: string): string {
  const bytes = typeof value === "string" ? fromBase64Url(value) : null;
  if (bytes?.length !== 32) {
    throw new KeyError("INVALID_KEY", `JWK member ${member} is not a 32-byte base64url value`);
  }
  return value as string;
}

/**
 * Validate an OKP/Ed25519 JWK (RFC 8037 §2) and its optional `use`/`alg`/`kid` metadata; returns the
 * public key `x`.
 */
function checkEd25519Jwk(jwk: JwkLike): string {
  if (typeof jwk !== "object" || jwk === null) throw new KeyError("INVALID_KEY", "JWK is not an object");
  if (jwk.kty !== "OKP" || jwk.crv !== "Ed25519") throw new KeyError("INVALID_KEY", "JWK is not OKP/Ed25519");
  if (jwk.use !== undefined && jwk.use !== "sig") throw new KeyError("INVALID_KEY", "JWK use is not sig");
  // "Ed25519" is the fully-specified name of RFC 9864; "EdDSA" is RFC 8037's.
  if (jwk.alg !== undefined && jwk.alg !== "EdDSA" && jwk.alg !== "Ed25519") {
    throw new KeyError("INVALID_KEY", "JWK alg is not EdDSA");
  }
  return checkKeyBytes(jwk.x, "x");
}

async function checkedKid(jwk: JwkLike, x: string): Promise<string> {
  const kid = await jwkThumbprint({ kty: "OKP", crv: "Ed25519", x });
  // PROTOCOL.md §3/§5: a kid is always the RFC 7638 thumbprint; anything else names another key.
  if (jwk.kid !== undefined && jwk.kid !== kid)
    throw new KeyError("INVALID_KEY", "JWK kid is not its thumbprint");
  return kid;
}

function publicJwkOf(x: string, kid: string): Ed25519PublicJwk {
  return { kty: "OKP", crv: "Ed25519", x, kid, use: "sig", alg: "EdDSA" };
}

/**
 * Generate an Ed25519 key pair with native crypto. `kid` is the RFC 7638 thumbprint; both JWKs carry
 * `kid`, `use: "sig"` and `alg: "EdDSA"`.
 *
 * @example
 * const { kid, publicJwk, privateJwk } = await generateKeyPair();
 */
export async function generateKeyPair(): Promise<{
  kid: string;
  publicJwk: Ed25519PublicJwk;
  privateJwk: Ed25519PrivateJwk;
}> {
  const { x, d } = await (await ed25519Backend()).generate();
  const kid = await jwkThumbprint({ kty: "OKP", crv: "Ed25519", x });
  const publicJwk = publicJwkOf(x, kid);
  return { kid, publicJwk, privateJwk: { ...publicJwk, d } };
}

/**
 * Import a private Ed25519 JWK into native crypto. Checks that `x` is the public half of `d` and that a
 * given `kid` is the thumbprint. Throws {@link KeyError} `INVALID_KEY` otherwise.
 *
 * @example
 * const key = await importSigningKey(privateJwk);
 * const signature = await key.sign(new TextEncoder().encode("hello"));
 */
export async function importSigningKey(privateJwk: Ed25519PrivateJwk | JwkLike): Promise<SigningKey> {
  const x = checkEd25519Jwk(privateJwk);
  const d = checkKeyBytes(privateJwk.d, "d");
  const kid = await checkedKid(privateJwk, x);
  const backend = await ed25519Backend();
  let imported: Awaited<ReturnType<typeof backend.importPrivate>>;
  try {
    imported = await backend.importPrivate(x, d);
  } catch (cause) {
    throw new KeyError("INVALID_KEY", "private JWK rejected by the crypto backend", { cause });
  }
  if (imported.derivedX !== x) throw new KeyError("INVALID_KEY", "JWK x is not the public key of d");
  const key = { kid, alg: "EdDSA" as const, publicJwk: publicJwkOf(x, kid), sign: imported.sign };
  // Hidden, non-enumerable fast path: issuing on the server then needs no promise round trip.
  if (imported.signSync) Object.defineProperty(key, SIGN_SYNC, { value: imported.signSync });
  return Object.freeze(key);
}

/**
 * Import a public Ed25519 JWK (agent key, JWKS entry) for verification. Do it once per key and cache
 * the handle: verification then costs one native Ed25519 verify.
 *
 * @example
 * const key = await importVerificationKey(agentPublicJwk);
 * const ok = await key.verify(data, signature);
 */
export async function importVerificationKey(publicJwk: Ed25519PublicJwk | JwkLike): Promise<VerificationKey> {
  const x = checkEd25519Jwk(publicJwk);
  const kid = await checkedKid(publicJwk, x);
  const backend = await ed25519Backend();
  let verify: Awaited<ReturnType<typeof backend.importPublic>>;
  try {
    verify = await backend.importPublic(x);
  } catch (cause) {
    throw new KeyError("INVALID_KEY", "public JWK rejected by the crypto backend", { cause });
  }
  const key = { kid, alg: "EdDSA" as const, publicJwk: publicJwkOf(x, kid), verify };
  // Hidden, non-enumerable like SIGN_SYNC: a copy or a wrapper of the key never carries it.
  if (verify.sync) Object.defineProperty(key, VERIFY_SYNC, { value: verify.sync });
  return Object.freeze(key);
}

/** True for a handle made by {@link importSigningKey} / {@link KeyRing} (has a `sign` function). */
export function isSigningKey(value: unknown): value is SigningKey {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SigningKey).sign === "function" &&
    typeof (value as SigningKey).kid === "string"
  );
}

/** True for a handle made by {@link importVerificationKey}. */
export function isVerificationKey(value: unknown): value is VerificationKey {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as VerificationKey).verify === "function" &&
    typeof (value as VerificationKey).kid === "string"
  );
}
