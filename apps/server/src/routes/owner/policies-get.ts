import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, jsonOk, Policy, PolicyVersionMeta, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/policies/{policy_id}. */
export const getPolicyRoute = createRoute({
  method: "get",
  path: "/v1/owner/policies/{policy_id}",
  tags: ["owner"],
  summary: "A policy with its versions",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ policy_id: Id("policy_id", "pol_x") }) },
  responses: {
    200: jsonOk(
      Policy.extend({ versions: z.array(PolicyVersionMeta) }).openapi("PolicyWithVersions"),
      "Policy",
    ),
    ...problems(401, 404),
  },
});

/** Handles GET /v1/owner/policies/{policy_id}. */
export const getPolicy: RouteHandler<typeof getPolicyRoute, OwnerEnv> = async (c) => {
  const ownerId = c.var.owner.owner.id;
  const { policy_id } = c.req.valid("param");
  const policy = await c.var.services.policies.get(ownerId, policy_id);
  const versions = await c.var.services.policies.versions(ownerId, policy_id);
  return c.json({ ...policy, versions }, 200);
};
