import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, jsonOk, PolicyVersion, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/policies/{policy_id}/versions/{version}. */
export const getPolicyVersionRoute = createRoute({
  method: "get",
  path: "/v1/owner/policies/{policy_id}/versions/{version}",
  tags: ["owner"],
  summary: "One policy version with its YAML source",
  middleware: [ownerAuth()] as const,
  request: {
    params: z.object({
      policy_id: Id("policy_id", "pol_x"),
      version: z.coerce
        .number()
        .int()
        .positive()
        .openapi({ param: { name: "version", in: "path" }, example: 1 }),
    }),
  },
  responses: { 200: jsonOk(PolicyVersion, "Version"), ...problems(401, 404) },
});

/** Handles GET /v1/owner/policies/{policy_id}/versions/{version}. */
export const getPolicyVersion: RouteHandler<typeof getPolicyVersionRoute, OwnerEnv> = async (c) => {
  const { policy_id, version } = c.req.valid("param");
  return c.json(await c.var.services.policies.version(c.var.owner.owner.id, policy_id, version), 200);
};
