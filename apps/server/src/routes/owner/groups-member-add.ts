import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, problems } from "../schemas";

/** OpenAPI route: PUT /v1/owner/groups/{group_id}/members/{agent_id}. */
export const addMemberRoute = createRoute({
  method: "put",
  path: "/v1/owner/groups/{group_id}/members/{agent_id}",
  tags: ["owner"],
  summary: "Add an agent to a group",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ group_id: Id("group_id", "grp_x"), agent_id: Id("agent_id", "agt_x") }) },
  responses: { 204: { description: "Added" }, ...problems(401, 404) },
});

/** Handles PUT /v1/owner/groups/{group_id}/members/{agent_id}. */
export const addMember: RouteHandler<typeof addMemberRoute, OwnerEnv> = async (c) => {
  const { group_id, agent_id } = c.req.valid("param");
  await c.var.services.groups.addMember(c.var.owner.owner.id, group_id, agent_id);
  return c.body(null, 204);
};
