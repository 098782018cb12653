import { ProofTokenError } from "../errors.js";

/** Default clock tolerance applied to exp/nbf/iat: small, for clocks that are nearly in sync. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;

/** Assurance levels of PROTOCOL.md §6 (eIDAS), lowest first. */
export const ASSURANCE_LEVELS = ["LOW", "SUBSTANTIAL", "HIGH"] as const;
/** One of {@link ASSURANCE_LEVELS}. */
export type Assurance = (typeof ASSURANCE_LEVELS)[number];

/** Seconds since the epoch (RFC 7519 NumericDate) of a Date; a TypeError for an invalid Date. */
export function epochSeconds(now: Date, name = "now"): number {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new TypeError(`${name} must be a valid Date`);
  return Math.floor(now.getTime() / 1000);
}

/** A non-empty string option, else a TypeError (caller misuse, not bad input). */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== "string" || value === "") throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

/** A positive integer number of seconds, else a TypeError. */
export function requireTtl(value: unknown, name = "ttlSeconds"): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value;
}

function malformedClaim(claim: string, what: string): ProofTokenError {
  return new ProofTokenError("MALFORMED_TOKEN", `claim ${claim} ${what}`, { claim });
}

/** A required string claim of a verified payload. */
export function stringClaim(payload: Record<string, unknown>, claim: string): string {
  const value = payload[claim];
  if (typeof value !== "string" || value === "") throw malformedClaim(claim, "must be a non-empty string");
  return value;
}

/** An optional string claim. */
export function optionalStringClaim(payload: Record<string, unknown>, claim: string): string | undefined {
  return payload[claim] === undefined ? undefined : stringClaim(payload, claim);
}

function numericDate(payload: Record<string, unknown>, claim: string, required: boolean): number | undefined {
  const value = payload[claim];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw malformedClaim(claim, "must be a NumericDate");
  return value;
}

/**
 * RFC 7519 §4.1.4/§4.1.5/§4.1.6 time checks with `tolerance` seconds of slack: `exp` (required) must
 * be in the future, `nbf` and `iat` not in the future.
 */
export function checkTimes(payload: Record<string, unknown>, nowSeconds: number, tolerance: number): void {
  const exp = numericDate(payload, "exp", true)!;
  const iat = numericDate(payload, "iat", true)!;
  const nbf = numericDate(payload, "nbf", false);
  if (nowSeconds - tolerance >= exp)
    throw new ProofTokenError("TOKEN_EXPIRED", "token has expired", { claim: "exp" });
  if (nbf !== undefined && nowSeconds + tolerance < nbf) {
    throw new ProofTokenError("NOT_YET_VALID", "token is not valid yet", { claim: "nbf" });
  }
  if (nowSeconds + tolerance < iat)
    throw new ProofTokenError("NOT_YET_VALID", "token is issued in the future", { claim: "iat" });
}

/** `iss` must equal the expected issuer, when one is expected. */
export function checkIssuer(payload: Record<string, unknown>, issuer: string | undefined): void {
  const iss = stringClaim(payload, "iss");
  if (issuer !== undefined && iss !== issuer) {
    throw new ProofTokenError("ISSUER_MISMATCH", "unexpected issuer", { claim: "iss" });
  }
}

/** RFC 7519 §4.1.3: `aud` (string or array of strings) must contain the expected audience. */
export function checkAudience(payload: Record<string, unknown>, audience: string | undefined): void {
  const aud = payload.aud;
  if (
    aud !== undefined &&
    typeof aud !== "string" &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === "string"))
  ) {
    throw malformedClaim("aud", "must be a string or an array of strings");
  }
  if (audience === undefined) return;
  const ok = typeof aud === "string" ? aud === audience : Array.isArray(aud) && aud.includes(audience);
  if (!ok) throw new ProofTokenError("AUDIENCE_MISMATCH", "token is not for this audience", { claim: "aud" });
}

/** The clock tolerance option, validated. */
export function toleranceOf(value: unknown): number {
  if (value === undefined) return DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError("clockToleranceSeconds must be a non-negative number");
  }
  return value;
}

/** A fresh random identifier (128 bits, hex) for a `jti`. */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
