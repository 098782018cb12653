import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { jsonBody, jsonOk, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/api-tokens. */
export const createTokenRoute = createRoute({
  method: "post",
  path: "/v1/owner/api-tokens",
  tags: ["owner"],
  summary: "Create another API token (shown once, stored as a hash)",
  middleware: [ownerAuth()] as const,
  request: {
    body: jsonBody(
      z
        .object({ name: z.string().min(1).max(200) })
        .strict()
        .openapi("CreateApiTokenRequest"),
    ),
  },
  responses: {
    201: jsonOk(
      z.object({ id: z.string(), name: z.string(), api_token: z.string() }).openapi("CreatedApiToken"),
      "Token",
    ),
    ...problems(400, 401),
  },
});

/** Handles POST /v1/owner/api-tokens. */
export const createToken: RouteHandler<typeof createTokenRoute, OwnerEnv> = async (c) => {
  const { token, row } = await c.var.services.owners.createApiToken(
    c.var.owner.owner.id,
    c.req.valid("json").name,
  );
  return c.json({ id: row.id, name: row.name, api_token: token }, 201);
};
