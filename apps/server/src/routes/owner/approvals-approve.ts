import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { ApprovalRequest, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/approval-requests/{id}/approve. */
export const approveRoute = createRoute({
  method: "post",
  path: "/v1/owner/approval-requests/{id}/approve",
  tags: ["owner"],
  summary: "Approve a pending request; the assurance level is how the owner authenticated (API token: LOW)",
  middleware: [ownerAuth()] as const,
  request: {
    params: z.object({ id: Id("id", "apr_x") }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z
            .object({ note: z.string().max(1000).optional() })
            .strict()
            .openapi("DecideApprovalRequest"),
        },
      },
    },
  },
  responses: { 200: jsonOk(ApprovalRequest, "Decided request"), ...problems(400, 401, 403, 404, 409) },
});

/** Handles POST /v1/owner/approval-requests/{id}/approve. */
export const approve: RouteHandler<typeof approveRoute, OwnerEnv> = async (c) => {
  const { owner, assurance } = c.var.owner;
  const row = await c.var.services.approvals.approve(
    owner.id,
    c.req.valid("param").id,
    assurance,
    c.req.valid("json").note,
  );
  return c.json(ApprovalRequest.parse(row), 200);
};
