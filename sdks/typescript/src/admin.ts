import { type ClientOptions, createApiClient, type OpenLeashApiClient, unwrap } from "./http";
import type { AuditPage, CreatedOwner, InstanceKey, Owner } from "./types";
import type { AuditQuery } from "./owner";

/** Options of {@link OpenLeashAdmin}. */
export interface OpenLeashAdminOptions extends ClientOptions {
  /** The admin token printed once on the instance's first start. Keep it secret. */
  token: string;
}

/**
 * The admin API (`Authorization: Bearer <admin token>`): owners, instance keys and rotation, the whole
 * audit log.
 *
 * @example
 * const admin = new OpenLeashAdmin({ baseUrl, token: adminToken });
 * const { owner, api_token } = await admin.createOwner({ name: "alice" });
 */
export class OpenLeashAdmin {
  /** The typed openapi-fetch client with the bearer token. */
  readonly api: OpenLeashApiClient;

  constructor(options: OpenLeashAdminOptions) {
    if (typeof options?.token !== "string" || options.token === "") throw new TypeError("token is required");
    this.api = createApiClient(options.baseUrl, options.fetch, { authorization: `Bearer ${options.token}` });
  }

  /** Creates an owner and its first API token (returned once). */
  async createOwner(owner: { name: string; type?: Owner["type"] }): Promise<CreatedOwner> {
    return unwrap(await this.api.POST("/v1/admin/owners", { body: owner }));
  }
  /** Every owner of the instance. */
  async listOwners(): Promise<Owner[]> {
    return unwrap(await this.api.GET("/v1/admin/owners")).owners;
  }
  /**
   * The instance signing keys, active first: `active` signs, `next` is published ahead of use,
   * `retired` still verifies until `publish_until`. Public keys only.
   */
  async listInstanceKeys(): Promise<InstanceKey[]> {
    return unwrap(await this.api.GET("/v1/admin/keys")).keys;
  }
  /** Rotates the instance signing key; the previous key stays in the JWKS until its tokens expire. */
  async rotateKeys(): Promise<{ active_kid: string; jwks: { keys: object[] } }> {
    return unwrap(await this.api.POST("/v1/admin/keys/rotate"));
  }
  /** The whole audit log (optionally filtered, e.g. by `owner_id`). */
  async audit(query: AuditQuery & { owner_id?: string } = {}): Promise<AuditPage> {
    return unwrap(await this.api.GET("/v1/admin/audit", { params: { query } }));
  }
}
