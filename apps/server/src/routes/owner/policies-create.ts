import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { jsonBody, jsonOk, Policy, PolicyVersionMeta, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/policies. */
export const createPolicyRoute = createRoute({
  method: "post",
  path: "/v1/owner/policies",
  tags: ["owner"],
  summary: "Upload a policy (YAML); validation errors carry line and column",
  middleware: [ownerAuth()] as const,
  request: {
    body: jsonBody(
      z
        .object({ name: z.string().min(1).max(200), source: z.string().min(1) })
        .strict()
        .openapi("CreatePolicyRequest"),
    ),
  },
  responses: {
    201: jsonOk(
      z.object({ policy: Policy, version: PolicyVersionMeta }).openapi("CreatedPolicy"),
      "Policy created",
    ),
    ...problems(400, 401, 413),
  },
});

/** Handles POST /v1/owner/policies. */
export const createPolicy: RouteHandler<typeof createPolicyRoute, OwnerEnv> = async (c) => {
  const { name, source } = c.req.valid("json");
  const { policy, version } = await c.var.services.policies.create(c.var.owner.owner.id, name, source);
  return c.json({ policy, version: PolicyVersionMeta.parse(version) }, 201);
};
