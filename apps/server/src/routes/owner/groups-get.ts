import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Group, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/groups/{group_id}. */
export const getGroupRoute = createRoute({
  method: "get",
  path: "/v1/owner/groups/{group_id}",
  tags: ["owner"],
  summary: "A group with its member agent ids",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ group_id: Id("group_id", "grp_x") }) },
  responses: {
    200: jsonOk(Group.extend({ members: z.array(z.string()) }).openapi("GroupWithMembers"), "Group"),
    ...problems(401, 404),
  },
});

/** Handles GET /v1/owner/groups/{group_id}. */
export const getGroup: RouteHandler<typeof getGroupRoute, OwnerEnv> = async (c) =>
  c.json(await c.var.services.groups.get(c.var.owner.owner.id, c.req.valid("param").group_id), 200);
