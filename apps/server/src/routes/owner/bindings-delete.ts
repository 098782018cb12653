import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, problems } from "../schemas";

/** OpenAPI route: DELETE /v1/owner/bindings/{binding_id}. */
export const deleteBindingRoute = createRoute({
  method: "delete",
  path: "/v1/owner/bindings/{binding_id}",
  tags: ["owner"],
  summary: "Unbind a policy",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ binding_id: Id("binding_id", "bnd_x") }) },
  responses: { 204: { description: "Unbound" }, ...problems(401, 404) },
});

/** Handles DELETE /v1/owner/bindings/{binding_id}. */
export const deleteBinding: RouteHandler<typeof deleteBindingRoute, OwnerEnv> = async (c) => {
  await c.var.services.policies.unbind(c.var.owner.owner.id, c.req.valid("param").binding_id);
  return c.body(null, 204);
};
