import { OpenLeashTokenError, type ProofClaims, verifyProof } from "@openleash/proof-tokens";
import type { ServiceContext } from "./context";
import type { InstanceKeys } from "./instance-keys";

/** Result of `POST /v1/verify-proof` (PROTOCOL.md §5). */
export type ProofCheck = { valid: boolean; claims: ProofClaims | null; reason: string | null };

type JwksEntry = { jwks: { keys: object[] }; fetchedAt: number };

const JWKS_TTL_MS = 5 * 60_000;
const JWKS_MAX_BYTES = 64 * 1024;

/** Reads `iss` from a compact JWS without trusting it (only to pick which JWKS to verify against). */
function unverifiedIssuer(token: string): string | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const payload = JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as { iss?: unknown };
    return typeof payload.iss === "string" ? payload.iss : null;
  } catch {
    return null;
  }
}

/**
 * Verifies proof tokens: our own (against our JWKS) and those of other OpenLeash instances the
 * operator listed in `trustedIssuers` (their JWKS fetched from the configured URL and cached 5 min).
 * Proofs from any other issuer are not believed and not chained.
 */
export class ProofService {
  private readonly foreign = new Map<string, JwksEntry>();
  private readonly trusted: Map<string, string>;

  constructor(
    private readonly keys: InstanceKeys,
    private readonly ctx: ServiceContext,
  ) {
    this.trusted = new Map(ctx.config.trustedIssuers.map((t) => [t.issuer, t.jwksUri]));
  }

  private get issuer(): string {
    return this.ctx.issuer;
  }

  private clock(): Date {
    return this.ctx.clock();
  }

  /** Online verification for counterparties: signature, iss, exp, aud and the action hash. */
  async verify(input: { token: string; action?: object; audience?: string }): Promise<ProofCheck> {
    try {
      const { claims } = await verifyProof({
        token: input.token,
        jwks: this.keys.jwks(),
        issuer: this.issuer,
        now: this.clock(),
        ...(input.action ? { action: input.action } : {}),
        ...(input.audience ? { audience: input.audience } : {}),
      });
      return { valid: true, claims, reason: null };
    } catch (err) {
      if (err instanceof OpenLeashTokenError) return { valid: false, claims: null, reason: err.code };
      throw err;
    }
  }

  /**
   * Verifies the proofs an agent presented with an authorization. Returns the verified claims (the
   * policy may look at them) and the chain links for the new proof; unverifiable ones are dropped.
   */
  async presented(
    tokens: string[],
  ): Promise<{ claims: ProofClaims[]; chain: Array<{ jti: string; iss: string }> }> {
    const claims: ProofClaims[] = [];
    for (const token of tokens) {
      const iss = unverifiedIssuer(token);
      if (!iss) continue;
      const jwks = iss === this.issuer ? this.keys.jwks() : await this.foreignJwks(iss);
      if (!jwks) continue;
      try {
        claims.push((await verifyProof({ token, jwks, issuer: iss, now: this.clock() })).claims);
      } catch (err) {
        if (!(err instanceof OpenLeashTokenError)) throw err;
      }
    }
    return { claims, chain: claims.map((c) => ({ jti: c.jti, iss: c.iss })) };
  }

  private async foreignJwks(issuer: string): Promise<{ keys: object[] } | null> {
    const uri = this.trusted.get(issuer);
    if (!uri) return null;
    const hit = this.foreign.get(issuer);
    const now = Date.now();
    if (hit && now - hit.fetchedAt < JWKS_TTL_MS) return hit.jwks;
    try {
      // Only operator-configured URLs are fetched (no SSRF from agent input); no redirects, bounded size and time.
      const res = await fetch(uri, { redirect: "error", signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      if (!res.ok || text.length > JWKS_MAX_BYTES) return hit?.jwks ?? null;
      const jwks = JSON.parse(text) as { keys?: unknown };
      if (!Array.isArray(jwks.keys)) return hit?.jwks ?? null;
      const entry = { jwks: { keys: jwks.keys as object[] }, fetchedAt: now };
      this.foreign.set(issuer, entry);
      return entry.jwks;
    } catch {
      return hit?.jwks ?? null;
    }
  }
}
