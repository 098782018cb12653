import { z } from "zod";
import { ApiError } from "../errors";

/** An Ed25519 public JWK as agents submit it (RFC 8037 §2): OKP, Ed25519, 32-byte `x`. */
export const publicJwkSchema = z
  .object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "must be the base64url of 32 bytes"),
    kid: z.string().optional(),
    alg: z.string().optional(),
    use: z.string().optional(),
    d: z.string().optional(),
  })
  .passthrough();

/** The public members only, as stored and thumbprinted. */
export type Ed25519PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string };

/**
 * Reduces a submitted key to its public members. A key carrying private material (`d`) is refused
 * outright: the private key must never leave the agent.
 */
export function toPublicJwk(input: unknown): Ed25519PublicJwk {
  const parsed = publicJwkSchema.safeParse(input);
  if (!parsed.success) throw new ApiError("INVALID_KEY", "public_key must be an Ed25519 OKP JWK");
  if (parsed.data.d !== undefined) {
    throw new ApiError("INVALID_KEY", "public_key contains private key material; send only the public key");
  }
  return { kty: "OKP", crv: "Ed25519", x: parsed.data.x };
}
