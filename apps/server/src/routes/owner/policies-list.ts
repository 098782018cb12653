import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { jsonOk, Policy, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/policies. */
export const listPoliciesRoute = createRoute({
  method: "get",
  path: "/v1/owner/policies",
  tags: ["owner"],
  summary: "List policies",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ policies: z.array(Policy) }), "Policies"), ...problems(401) },
});

/** Handles GET /v1/owner/policies. */
export const listPolicies: RouteHandler<typeof listPoliciesRoute, OwnerEnv> = async (c) =>
  c.json({ policies: await c.var.services.policies.list(c.var.owner.owner.id) }, 200);
