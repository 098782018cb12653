import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, problems } from "../schemas";

/** OpenAPI route: DELETE /v1/owner/groups/{group_id}. */
export const deleteGroupRoute = createRoute({
  method: "delete",
  path: "/v1/owner/groups/{group_id}",
  tags: ["owner"],
  summary: "Delete a group (and its bindings)",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ group_id: Id("group_id", "grp_x") }) },
  responses: { 204: { description: "Deleted" }, ...problems(401, 404) },
});

/** Handles DELETE /v1/owner/groups/{group_id}. */
export const deleteGroup: RouteHandler<typeof deleteGroupRoute, OwnerEnv> = async (c) => {
  await c.var.services.groups.remove(c.var.owner.owner.id, c.req.valid("param").group_id);
  return c.body(null, 204);
};
