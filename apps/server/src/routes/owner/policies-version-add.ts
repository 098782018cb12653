import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Id, jsonBody, jsonOk, PolicyVersionMeta, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/policies/{policy_id}/versions. */
export const addPolicyVersionRoute = createRoute({
  method: "post",
  path: "/v1/owner/policies/{policy_id}/versions",
  tags: ["owner"],
  summary: "Upload a new immutable version of a policy",
  middleware: [ownerAuth()] as const,
  request: {
    params: z.object({ policy_id: Id("policy_id", "pol_x") }),
    body: jsonBody(
      z
        .object({ source: z.string().min(1) })
        .strict()
        .openapi("AddPolicyVersionRequest"),
    ),
  },
  responses: { 201: jsonOk(PolicyVersionMeta, "Version created"), ...problems(400, 401, 404, 413) },
});

/** Handles POST /v1/owner/policies/{policy_id}/versions. */
export const addPolicyVersion: RouteHandler<typeof addPolicyVersionRoute, OwnerEnv> = async (c) => {
  const v = await c.var.services.policies.addVersion(
    c.var.owner.owner.id,
    c.req.valid("param").policy_id,
    c.req.valid("json").source,
  );
  return c.json(PolicyVersionMeta.parse(v), 201);
};
