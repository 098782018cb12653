import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { ApprovalRequest, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/approval-requests. */
export const listApprovalsRoute = createRoute({
  method: "get",
  path: "/v1/owner/approval-requests",
  tags: ["owner"],
  summary: "List approval requests",
  middleware: [ownerAuth()] as const,
  request: { query: z.object({ status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED"]).optional() }) },
  responses: {
    200: jsonOk(z.object({ approval_requests: z.array(ApprovalRequest) }), "Approval requests"),
    ...problems(400, 401),
  },
});

/** Handles GET /v1/owner/approval-requests. */
export const listApprovals: RouteHandler<typeof listApprovalsRoute, OwnerEnv> = async (c) => {
  const rows = await c.var.services.approvals.list(c.var.owner.owner.id, c.req.valid("query").status);
  return c.json({ approval_requests: rows.map((r) => ApprovalRequest.parse(r)) }, 200);
};
