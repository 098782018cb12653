import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Group, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/groups. */
export const listGroupsRoute = createRoute({
  method: "get",
  path: "/v1/owner/groups",
  tags: ["owner"],
  summary: "List agent groups",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ groups: z.array(Group) }), "Groups"), ...problems(401) },
});

/** Handles GET /v1/owner/groups. */
export const listGroups: RouteHandler<typeof listGroupsRoute, OwnerEnv> = async (c) =>
  c.json({ groups: await c.var.services.groups.list(c.var.owner.owner.id) }, 200);
