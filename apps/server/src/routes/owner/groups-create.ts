import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Group, jsonBody, jsonOk, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/groups. */
export const createGroupRoute = createRoute({
  method: "post",
  path: "/v1/owner/groups",
  tags: ["owner"],
  summary: "Create an agent group",
  middleware: [ownerAuth()] as const,
  request: {
    body: jsonBody(
      z
        .object({ name: z.string().min(1).max(200) })
        .strict()
        .openapi("CreateGroupRequest"),
    ),
  },
  responses: { 201: jsonOk(Group, "Group"), ...problems(400, 401, 409) },
});

/** Handles POST /v1/owner/groups. */
export const createGroup: RouteHandler<typeof createGroupRoute, OwnerEnv> = async (c) => {
  const group = await c.var.services.groups.create(c.var.owner.owner.id, c.req.valid("json").name);
  return c.json(group, 201);
};
