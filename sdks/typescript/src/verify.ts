import {
  type IssuerKeys,
  type ProofClaims,
  type VerifiedLink,
  verifyChain,
  verifyProof,
} from "@openleash/proof-tokens";
import { type Jwks, JwksCache } from "./jwks-cache";

/** Where the issuer's public keys come from: exactly one of these (or just `issuer`). */
export interface VerifyProofOfflineOptions {
  /** The issuer's JWK Set, when the verifier already holds it. */
  jwks?: Jwks;
  /** URL of the issuer's JWK Set (`<issuer>/.well-known/jwks.json`), fetched through `cache`. */
  jwksUrl?: string;
  /** Expected `iss`. Also locates the JWKS (`<issuer>/.well-known/jwks.json`) when neither jwks nor jwksUrl is given. */
  issuer?: string;
  /** The action the verifier actually received: its recomputed hash must equal `action_hash` (PROTOCOL.md §5). */
  action?: object;
  /** Alternative to `action`: the expected action hash. */
  actionHash?: string;
  /** The verifier's own domain: must be the token's `aud`. */
  audience?: string;
  /** Verification time (default now). */
  now?: Date;
  /** Slack for `exp`/`iat`, in seconds (default 5). */
  clockToleranceSeconds?: number;
  /** JWKS cache to use (default: one shared cache per process/page). */
  cache?: JwksCache;
}

/** A verified proof: its claims and JWS header. */
export interface VerifiedProof {
  claims: ProofClaims;
  header: { alg: string; typ?: string; kid?: string; [member: string]: unknown };
}

let sharedCache: JwksCache | null = null;

/** The process-wide (or page-wide) JWKS cache used when no `cache` is passed. */
export function defaultJwksCache(): JwksCache {
  sharedCache ??= new JwksCache();
  return sharedCache;
}

function jwksUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, "")}/.well-known/jwks.json`;
}

/**
 * Verifies a proof token without calling OpenLeash (PROTOCOL.md §5): the EdDSA signature against
 * the issuer's JWKS (cached, refreshed on an unknown `kid`), `typ`, `iss`, `aud`, `exp`, and the
 * recomputed action hash of the action actually received. Throws a `ProofTokenError` with a stable
 * code (`INVALID_SIGNATURE`, `TOKEN_EXPIRED`, `AUDIENCE_MISMATCH`, `ACTION_HASH_MISMATCH`, ...).
 *
 * Pass `issuer` (and `audience`, `action`) whenever you know them: without `issuer` a token from
 * any issuer whose keys you supplied would be accepted.
 *
 * @example
 * const { claims } = await verifyProofOffline(proof, { issuer: "https://leash.alice.example",
 *   audience: "storeco.example", action: receivedAction });
 */
export async function verifyProofOffline(
  token: string,
  options: VerifyProofOfflineOptions,
): Promise<VerifiedProof> {
  if (typeof token !== "string" || token === "") throw new TypeError("token must be a non-empty string");
  const sources = [options.jwks, options.jwksUrl].filter((s) => s !== undefined).length;
  if (sources > 1) throw new TypeError("pass either jwks or jwksUrl, not both");
  if (sources === 0 && !options.issuer) throw new TypeError("pass jwks, jwksUrl or issuer");
  const cache = options.cache ?? defaultJwksCache();
  const keys = options.jwks ?? cache.keySource(options.jwksUrl ?? jwksUrlOf(options.issuer!));
  const result = await verifyProof({
    token,
    jwks: keys,
    ...(options.action !== undefined ? { action: options.action } : {}),
    ...(options.actionHash !== undefined ? { actionHash: options.actionHash } : {}),
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.clockToleranceSeconds !== undefined
      ? { clockToleranceSeconds: options.clockToleranceSeconds }
      : {}),
  });
  return { claims: result.claims, header: result.header as VerifiedProof["header"] };
}

/** Options of {@link verifyProofChain}. */
export interface VerifyProofChainOptions {
  /** The issuers you trust, each with its JWKS or JWKS URL; other issuers fail with UNKNOWN_ISSUER. */
  issuers: Record<string, Jwks | { jwksUrl: string }>;
  now?: Date;
  clockToleranceSeconds?: number;
  cache?: JwksCache;
}

/**
 * Verifies a chain of proofs from possibly different OpenLeash instances, oldest first (e.g. the
 * buyer's proof, then the seller's proof whose `chain` names it): each against its own issuer's
 * keys, each named by its successor. Throws `ProofTokenError` (`CHAIN_BROKEN`, `UNKNOWN_ISSUER`, ...).
 *
 * @example
 * await verifyProofChain([buyerProof, sellerProof], { issuers: {
 *   "https://leash.alice.example": { jwksUrl: "https://leash.alice.example/.well-known/jwks.json" },
 *   "https://leash.storeco.example": { jwksUrl: "https://leash.storeco.example/.well-known/jwks.json" } } });
 */
export async function verifyProofChain(
  tokens: string[],
  options: VerifyProofChainOptions,
): Promise<VerifiedLink[]> {
  const cache = options.cache ?? defaultJwksCache();
  const resolver: IssuerKeys = (issuer) => {
    const source = Object.hasOwn(options.issuers, issuer) ? options.issuers[issuer] : undefined;
    if (!source) return null;
    return "jwksUrl" in source ? cache.keySource(source.jwksUrl) : source;
  };
  return verifyChain({
    tokens,
    jwksByIssuer: resolver,
    ...(options.now !== undefined ? { now: options.now } : {}),
    ...(options.clockToleranceSeconds !== undefined
      ? { clockToleranceSeconds: options.clockToleranceSeconds }
      : {}),
  });
}
