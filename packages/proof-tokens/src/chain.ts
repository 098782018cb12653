import { ProofTokenError } from "./errors.js";
import { epochSeconds, toleranceOf } from "./jws/claims.js";
import { decodeCompact, type JwsHeader } from "./jws/compact.js";
import type { Jwks, KeySource } from "./jws/key-resolver.js";
import { type ProofClaims, verifyProof } from "./proof.js";
import { fromUtf8 } from "./encoding.js";

/** JWKS per issuer, or a resolver from an issuer URL to its JWKS (or key source). */
export type IssuerKeys =
  | Record<string, Jwks>
  | ((issuer: string) => Promise<KeySource | null> | KeySource | null);

/** Options of {@link verifyChain}. */
export interface VerifyChainOptions {
  /** Proof tokens, oldest first: each one after the first must name its predecessor in `chain`. */
  tokens: string[];
  jwksByIssuer: IssuerKeys;
  /** Verification time of the last token; defaults to the current time. */
  now?: Date;
  clockToleranceSeconds?: number;
}

/** One verified link of {@link verifyChain}. */
export interface VerifiedLink {
  claims: ProofClaims;
  header: JwsHeader;
}

function unverifiedIssuer(token: string): string {
  const { payloadBytes } = decodeCompact(token);
  let iss: unknown;
  try {
    iss = (JSON.parse(fromUtf8(payloadBytes)) as { iss?: unknown }).iss;
  } catch {
    throw new ProofTokenError("MALFORMED_TOKEN", "payload is not UTF-8 JSON");
  }
  if (typeof iss !== "string" || iss === "")
    throw new ProofTokenError("MALFORMED_TOKEN", "claim iss is missing");
  return iss;
}

async function keysFor(source: IssuerKeys, issuer: string): Promise<KeySource> {
  const found =
    typeof source === "function"
      ? await source(issuer)
      : Object.hasOwn(source, issuer)
        ? source[issuer]
        : null;
  if (!found) throw new ProofTokenError("UNKNOWN_ISSUER", `no keys for issuer ${issuer}`, { claim: "iss" });
  return found;
}

/**
 * Verify a chain of proofs issued by possibly different OpenLeash instances (PROTOCOL.md §5
 * `chain`): e.g. the buyer agent's proof, then the seller agent's proof issued for a request that
 * presented it. Every token is verified against its own issuer's JWKS (the issuer is only used to
 * pick the JWKS; the signature then binds it). The last token must be valid at `now`; each earlier
 * token must have been valid when its successor was issued (its successor's `iat`), since proofs are
 * short-lived, and must be named in its successor's `chain` by `jti` and `iss`.
 *
 * @example
 * const links = await verifyChain({ tokens: [buyerProof, sellerProof],
 *   jwksByIssuer: { "https://a.example": jwksA, "https://b.example": jwksB } });
 */
export async function verifyChain(options: VerifyChainOptions): Promise<VerifiedLink[]> {
  const { tokens } = options;
  if (!Array.isArray(tokens) || tokens.length === 0) throw new TypeError("tokens must be a non-empty array");
  const tolerance = toleranceOf(options.clockToleranceSeconds);
  const now = options.now ?? new Date();
  epochSeconds(now);
  const links: VerifiedLink[] = new Array(tokens.length);
  // Walk from the newest proof backwards: each verified successor fixes the time its predecessor
  // has to have been valid at.
  let at = now;
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    const issuer = unverifiedIssuer(token);
    const jwks = await keysFor(options.jwksByIssuer, issuer);
    const link = await verifyProof({ token, jwks, issuer, now: at, clockToleranceSeconds: tolerance });
    const successor = links[i + 1];
    if (successor) {
      const named = successor.claims.chain?.some(
        (l) => l.jti === link.claims.jti && l.iss === link.claims.iss,
      );
      if (!named) {
        throw new ProofTokenError(
          "CHAIN_BROKEN",
          `proof ${successor.claims.jti} does not name ${link.claims.jti}`,
          {
            claim: "chain",
          },
        );
      }
    }
    links[i] = link;
    at = new Date(link.claims.iat * 1000);
  }
  return links;
}
