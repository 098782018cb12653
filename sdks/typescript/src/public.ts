import { type ClientOptions, createApiClient, type OpenLeashApiClient, unwrap } from "./http";
import type { Action, Discovery, JwksDocument, VerifyProofOnlineResult } from "./types";

/**
 * The public endpoints (no authentication): health, discovery, JWKS and online proof verification.
 *
 * @example
 * const pub = new OpenLeashPublic({ baseUrl });
 * const { valid, reason } = await pub.verifyProof(token, { action });
 */
export class OpenLeashPublic {
  /** The typed openapi-fetch client. */
  readonly api: OpenLeashApiClient;

  constructor(options: ClientOptions) {
    this.api = createApiClient(options.baseUrl, options.fetch);
  }

  /** `GET /v1/health`. */
  async health(): Promise<{ status: "ok"; version: string; time: string }> {
    return unwrap(await this.api.GET("/v1/health"));
  }
  /** `/.well-known/openleash`: issuer, JWKS URI, endpoints, signature profile. */
  async discovery(): Promise<Discovery> {
    return unwrap(await this.api.GET("/.well-known/openleash"));
  }
  /** The instance's JWK Set. For verification prefer {@link verifyProofOffline}, which caches it. */
  async jwks(): Promise<JwksDocument> {
    return unwrap(await this.api.GET("/.well-known/jwks.json"));
  }
  /** `POST /v1/verify-proof`: the server checks the token for you (an invalid token is `valid: false`, not an error). */
  async verifyProof(
    token: string,
    options: { action?: Action; audience?: string } = {},
  ): Promise<VerifyProofOnlineResult> {
    return unwrap(await this.api.POST("/v1/verify-proof", { body: { token, ...options } }));
  }
}
