import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Prefixes make a leaked credential recognisable (secret scanners) without revealing anything else. */
export const TOKEN_PREFIX = { owner: "olo_", admin: "ola_", invite: "oli_" } as const;

/** Creates a random bearer secret: prefix + 256 random bits, base64url. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString("base64url");
}

/** SHA-256 hex of a secret: the only form in which secrets are stored. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Constant-time equality of two hex digests of equal length (hono `timingSafeEqual` idea). */
export function digestsEqual(a: string, b: string): boolean {
  const ba = Buffer.from(a, "hex");
  const bb = Buffer.from(b, "hex");
  if (ba.length !== bb.length || ba.length === 0) return false;
  return timingSafeEqual(ba, bb);
}

/** A short, non-secret fingerprint of a secret for logs (first 8 hex chars of its hash). */
export function secretFingerprint(secret: string): string {
  return hashSecret(secret).slice(0, 8);
}
