import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { jsonOk, problems, Timestamp } from "../schemas";

const ApiToken = z
  .object({ id: z.string(), name: z.string(), created_at: Timestamp, revoked_at: Timestamp.nullable() })
  .openapi("ApiToken");

/** OpenAPI route: GET /v1/owner/api-tokens. */
export const listTokensRoute = createRoute({
  method: "get",
  path: "/v1/owner/api-tokens",
  tags: ["owner"],
  summary: "List the owner's API tokens (never the secrets or their hashes)",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ api_tokens: z.array(ApiToken) }), "Tokens"), ...problems(401) },
});

/** Handles GET /v1/owner/api-tokens. */
export const listTokens: RouteHandler<typeof listTokensRoute, OwnerEnv> = async (c) => {
  const rows = await c.var.services.owners.listApiTokens(c.var.owner.owner.id);
  return c.json({ api_tokens: rows.map((r) => ApiToken.parse(r)) }, 200);
};
