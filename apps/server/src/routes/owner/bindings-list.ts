import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Binding, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/bindings. */
export const listBindingsRoute = createRoute({
  method: "get",
  path: "/v1/owner/bindings",
  tags: ["owner"],
  summary: "List policy bindings in evaluation order",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ bindings: z.array(Binding) }), "Bindings"), ...problems(401) },
});

/** Handles GET /v1/owner/bindings. */
export const listBindings: RouteHandler<typeof listBindingsRoute, OwnerEnv> = async (c) =>
  c.json({ bindings: await c.var.services.policies.listBindings(c.var.owner.owner.id) }, 200);
