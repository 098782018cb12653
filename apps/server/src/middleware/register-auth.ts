import {
  importVerificationKey,
  jwkThumbprint,
  OpenLeashTokenError,
  verifyRequest,
} from "@openleash/proof-tokens";
import type { MiddlewareHandler } from "hono";
import { z } from "zod";
import { ApiError } from "../errors";
import type { AppEnv } from "../env";
import { toPublicJwk } from "../services/jwk";
import { primeJsonBody, recordNonceOrThrow, signatureProblem, signedParts } from "./agent-auth";

const Shape = z.object({ public_key: z.unknown() }).passthrough();

/** Set by {@link registrationAuth}: the proven key. */
export type RegistrationEnv = AppEnv & {
  Variables: AppEnv["Variables"] & { registrationKey: { kid: string; jwk: ReturnType<typeof toPublicJwk> } };
};

/**
 * Proof of possession for `POST /v1/agents/register`: the request must be RFC 9421-signed with the
 * very key in its body, whose RFC 7638 thumbprint is the `keyid`. The invite is only looked at
 * after this holds, so an attacker without the private key learns nothing about invites.
 */
export function registrationAuth(): MiddlewareHandler<RegistrationEnv> {
  return async (c, next) => {
    const s = c.var.services;
    const parts = await signedParts(c);
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(parts.body));
    } catch {
      throw new ApiError("MALFORMED_JSON", "body is not valid JSON");
    }
    const shape = Shape.safeParse(parsed);
    if (!shape.success) throw new ApiError("INVALID_REQUEST", "body must be a JSON object with public_key");
    const jwk = toPublicJwk(shape.data.public_key);
    let kid: string;
    let key: Awaited<ReturnType<typeof importVerificationKey>>;
    try {
      kid = await jwkThumbprint(jwk);
      key = await importVerificationKey(jwk);
    } catch (err) {
      if (err instanceof OpenLeashTokenError)
        throw new ApiError("INVALID_KEY", "public_key is not a usable Ed25519 key");
      throw err;
    }
    let verified: Awaited<ReturnType<typeof verifyRequest>>;
    try {
      verified = await verifyRequest({
        ...parts,
        now: s.context.clock(),
        maxSkewSeconds: s.context.config.signatureMaxSkewSeconds,
        resolveKey: (keyId) => (keyId === kid ? key : null),
      });
    } catch (err) {
      throw signatureProblem(err);
    }
    await recordNonceOrThrow(s, verified.keyId, verified.nonce, verified.created);
    c.set("registrationKey", { kid, jwk });
    primeJsonBody(c, parts.body);
    await next();
  };
}
