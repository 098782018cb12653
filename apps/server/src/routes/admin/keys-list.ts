import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AdminEnv } from "../../env";
import { adminAuth } from "../../middleware/bearer-auth";
import { jsonOk, problems } from "../schemas";

/**
 * The public half of an instance key (RFC 8037 OKP/Ed25519 JWK). Listed field by field so that a
 * private member (`d`) can never be serialised: zod drops every key the schema does not name.
 */
const PublicJwk = z
  .object({
    kty: z.literal("OKP"),
    crv: z.literal("Ed25519"),
    x: z.string(),
    kid: z.string(),
    use: z.literal("sig"),
    alg: z.literal("EdDSA"),
  })
  .openapi("InstancePublicJwk");

/** One instance signing key and its lifecycle (PROTOCOL.md §5: rotation and retirement). */
export const InstanceKey = z
  .object({
    kid: z.string().openapi({ description: "RFC 7638 JWK thumbprint" }),
    status: z.enum(["active", "next", "retired"]).openapi({
      description:
        "active: signs now; next: published ahead of use; retired: no longer signs, still published for verification until publish_until",
    }),
    created_at: z.string(),
    activated_at: z.string().nullable(),
    retired_at: z.string().nullable(),
    publish_until: z
      .string()
      .nullable()
      .openapi({ description: "Retired keys: when the last token it may have signed expires" }),
    public_jwk: PublicJwk,
  })
  .openapi("InstanceKey");

const InstanceKeyList = z.object({ keys: z.array(InstanceKey) }).openapi("InstanceKeyList");

/** OpenAPI route: GET /v1/admin/keys. */
export const listInstanceKeysRoute = createRoute({
  method: "get",
  path: "/v1/admin/keys",
  tags: ["admin"],
  summary: "List the instance signing keys with their status (active, next, retired) and dates",
  middleware: [adminAuth()] as const,
  responses: { 200: jsonOk(InstanceKeyList, "Instance keys, active first"), ...problems(401) },
});

/** Handles GET /v1/admin/keys: the response is built by parsing through its schema (no private material). */
export const listInstanceKeys: RouteHandler<typeof listInstanceKeysRoute, AdminEnv> = (c) =>
  c.json(InstanceKeyList.parse({ keys: c.var.services.keys.list() }), 200);
