import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AdminEnv } from "../../env";
import { adminAuth } from "../../middleware/bearer-auth";
import { jsonOk, Owner, problems } from "../schemas";

/** OpenAPI route: GET /v1/admin/owners. */
export const listOwnersRoute = createRoute({
  method: "get",
  path: "/v1/admin/owners",
  tags: ["admin"],
  summary: "List owners",
  middleware: [adminAuth()] as const,
  responses: { 200: jsonOk(z.object({ owners: z.array(Owner) }), "Owners"), ...problems(401) },
});

/** Handles GET /v1/admin/owners. */
export const listOwners: RouteHandler<typeof listOwnersRoute, AdminEnv> = async (c) =>
  c.json({ owners: await c.var.services.owners.listOwners() }, 200);
