import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AdminEnv } from "../../env";
import { adminAuth } from "../../middleware/bearer-auth";
import { jsonBody, jsonOk, Owner, problems } from "../schemas";

const CreateOwner = z
  .object({ name: z.string().min(1).max(200), type: z.enum(["user", "org"]).default("user") })
  .strict()
  .openapi("CreateOwnerRequest");

/** OpenAPI route: POST /v1/admin/owners. */
export const createOwnerRoute = createRoute({
  method: "post",
  path: "/v1/admin/owners",
  tags: ["admin"],
  summary: "Create an owner and its first API token (returned once)",
  middleware: [adminAuth()] as const,
  request: { body: jsonBody(CreateOwner) },
  responses: {
    201: jsonOk(
      z.object({ owner: Owner, api_token: z.string(), token_id: z.string() }).openapi("CreatedOwner"),
      "Owner with its API token (shown once)",
    ),
    ...problems(400, 401),
  },
});

/** Handles POST /v1/admin/owners. */
export const createOwner: RouteHandler<typeof createOwnerRoute, AdminEnv> = async (c) => {
  const r = await c.var.services.owners.createOwner(c.req.valid("json"), { type: "admin", id: "admin" });
  return c.json({ owner: r.owner, api_token: r.apiToken, token_id: r.tokenId }, 201);
};
