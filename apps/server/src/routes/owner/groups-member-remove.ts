import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, problems } from "../schemas";

/** OpenAPI route: DELETE /v1/owner/groups/{group_id}/members/{agent_id}. */
export const removeMemberRoute = createRoute({
  method: "delete",
  path: "/v1/owner/groups/{group_id}/members/{agent_id}",
  tags: ["owner"],
  summary: "Remove an agent from a group",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ group_id: Id("group_id", "grp_x"), agent_id: Id("agent_id", "agt_x") }) },
  responses: { 204: { description: "Removed" }, ...problems(401, 404) },
});

/** Handles DELETE /v1/owner/groups/{group_id}/members/{agent_id}. */
export const removeMember: RouteHandler<typeof removeMemberRoute, OwnerEnv> = async (c) => {
  const { group_id, agent_id } = c.req.valid("param");
  await c.var.services.groups.removeMember(c.var.owner.owner.id, group_id, agent_id);
  return c.body(null, 204);
};
