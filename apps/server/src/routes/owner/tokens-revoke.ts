import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/api-tokens/{token_id}/revoke. */
export const revokeTokenRoute = createRoute({
  method: "post",
  path: "/v1/owner/api-tokens/{token_id}/revoke",
  tags: ["owner"],
  summary: "Revoke one of the owner's API tokens",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ token_id: Id("token_id", "tok_x") }) },
  responses: { 204: { description: "Revoked" }, ...problems(401, 404) },
});

/** Handles POST /v1/owner/api-tokens/{token_id}/revoke. */
export const revokeToken: RouteHandler<typeof revokeTokenRoute, OwnerEnv> = async (c) => {
  await c.var.services.owners.revokeApiToken(c.var.owner.owner.id, c.req.valid("param").token_id);
  return c.body(null, 204);
};
