import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { ApprovalRequest, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/approval-requests/{id}. */
export const getApprovalRoute = createRoute({
  method: "get",
  path: "/v1/owner/approval-requests/{id}",
  tags: ["owner"],
  summary: "One approval request with the action it is about",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ id: Id("id", "apr_x") }) },
  responses: { 200: jsonOk(ApprovalRequest, "Approval request"), ...problems(401, 404) },
});

/** Handles GET /v1/owner/approval-requests/{id}. */
export const getApproval: RouteHandler<typeof getApprovalRoute, OwnerEnv> = async (c) => {
  const row = await c.var.services.approvals.get(c.var.owner.owner.id, c.req.valid("param").id);
  return c.json(ApprovalRequest.parse(row), 200);
};
