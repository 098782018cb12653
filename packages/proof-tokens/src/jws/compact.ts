import { syncSigner } from "../crypto/keys.js";
import type { SigningKey, VerificationKey } from "../crypto/types.js";
import { asciiBytes, fromBase64Url, fromUtf8, textToBase64Url, toBase64Url, utf8 } from "../encoding.js";
import { ProofTokenError } from "../errors.js";

/** Upper bound on a token's length: far above any real proof, far below anything that hurts to parse. */
export const MAX_TOKEN_LENGTH = 16_384;

/** A JWS protected header as this package reads it (RFC 7515 §4). */
export interface JwsHeader {
  alg: string;
  typ?: string;
  kid?: string;
  [parameter: string]: unknown;
}

// typ -> kid -> encoded header. The header of a given (typ, kid) never changes, so it is serialized
// and encoded once (member order of PROTOCOL.md §5).
const headerCache = new Map<string, Map<string, string>>();

function encodedHeader(typ: string, kid: string): string {
  let byKid = headerCache.get(typ);
  if (!byKid) {
    byKid = new Map();
    headerCache.set(typ, byKid);
  }
  let encoded = byKid.get(kid);
  if (encoded === undefined) {
    encoded = textToBase64Url(JSON.stringify({ alg: "EdDSA", typ, kid }));
    // Bounded: a long-running process sees a handful of keys, but never let it grow without end.
    if (byKid.size > 256) byKid.clear();
    byKid.set(kid, encoded);
  }
  return encoded;
}

/**
 * Produce a JWS compact serialization (RFC 7515 §7.1) with alg EdDSA (RFC 8037 §3.1): the signing
 * input is ASCII(base64url(header) "." base64url(payload)) and is signed by native Ed25519 directly,
 * so the output is a standard JWT any EdDSA-capable JWT library verifies.
 */
export async function signCompact(typ: string, claims: object, key: SigningKey): Promise<string> {
  const fast = syncSigner(key);
  if (fast) return signCompactWith(typ, claims, key.kid, fast);
  const signingInput = `${encodedHeader(typ, key.kid)}.${textToBase64Url(JSON.stringify(claims))}`;
  return `${signingInput}.${toBase64Url(await key.sign(utf8(signingInput)))}`;
}

/** {@link signCompact} with a synchronous signer (node:crypto): no promise on the issuing path. */
export function signCompactWith(
  typ: string,
  claims: object,
  kid: string,
  sign: (data: Uint8Array) => Uint8Array,
): string {
  const signingInput = `${encodedHeader(typ, kid)}.${textToBase64Url(JSON.stringify(claims))}`;
  // Two base64url parts and a dot: ASCII, so its bytes are copied, not UTF-8 encoded.
  return `${signingInput}.${toBase64Url(sign(asciiBytes(signingInput)))}`;
}

/** Resolves a `kid` to a verification key, or null when the key is unknown. */
export type KidResolver = (kid: string) => Promise<VerificationKey | null>;

function malformed(message: string): ProofTokenError {
  return new ProofTokenError("MALFORMED_TOKEN", message);
}

function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(bytes));
  } catch {
    throw malformed(`${what} is not UTF-8 JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw malformed(`${what} is not an object`);
  return value as Record<string, unknown>;
}

/** Split and decode a compact JWS without trusting anything in it. */
export function decodeCompact(token: unknown): {
  header: JwsHeader;
  payloadBytes: Uint8Array;
  signature: Uint8Array;
  signingInput: string;
} {
  if (typeof token !== "string" || token.length === 0) throw malformed("token is not a string");
  if (token.length > MAX_TOKEN_LENGTH) throw malformed("token is too long");
  const parts = token.split(".");
  if (parts.length !== 3) throw malformed("token is not a JWS compact serialization");
  const [h, p, s] = parts as [string, string, string];
  const headerBytes = fromBase64Url(h);
  const payloadBytes = fromBase64Url(p);
  const signature = fromBase64Url(s);
  if (!headerBytes || !payloadBytes || !signature) throw malformed("token part is not base64url");
  const header = parseJsonObject(headerBytes, "header") as JwsHeader;
  return { header, payloadBytes, signature, signingInput: `${h}.${p}` };
}

/**
 * Verify a compact JWS in the order that leaks least: structure, algorithm allow-list (EdDSA only:
 * no `none`, no HMAC/RSA confusion), key by `kid`, then the Ed25519 signature, and only after the
 * signature holds, the `typ` (RFC 8725 §3.11 explicit typing) and the payload.
 */
export async function verifyCompact(
  token: unknown,
  resolveKid: KidResolver,
  expectedTyp: string,
): Promise<{ header: JwsHeader; payload: Record<string, unknown>; key: VerificationKey }> {
  const { header, payloadBytes, signature, signingInput } = decodeCompact(token);
  if (header.alg !== "EdDSA") throw new ProofTokenError("UNSUPPORTED_ALGORITHM", "alg is not EdDSA");
  // RFC 7515 §4.1.11: extensions we do not implement (e.g. b64=false) must make the token invalid.
  if (header.crit !== undefined) throw malformed("crit header parameters are not supported");
  if (typeof header.kid !== "string" || header.kid === "") throw malformed("kid is missing");
  const key = await resolveKid(header.kid);
  if (!key) throw new ProofTokenError("UNKNOWN_KID", `no key with kid ${header.kid}`);
  if (!(await key.verify(utf8(signingInput), signature))) {
    throw new ProofTokenError("INVALID_SIGNATURE", "signature does not verify");
  }
  if (header.typ !== expectedTyp) throw new ProofTokenError("WRONG_TYP", `typ is not ${expectedTyp}`);
  return { header, payload: parseJsonObject(payloadBytes, "payload"), key };
}
