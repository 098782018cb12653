import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { ApprovalRequest, Id, jsonOk, problems } from "../schemas";

const DecideApprovalRequest = z
  .object({ note: z.string().max(1000).optional() })
  .strict()
  .openapi("DecideApprovalRequest");

/** The OpenAPI route of one owner decision on an approval request (approve or deny). */
function decisionRoute(verb: "approve" | "deny", summary: string) {
  return createRoute({
    method: "post",
    path: `/v1/owner/approval-requests/{id}/${verb}`,
    tags: ["owner"],
    summary,
    middleware: [ownerAuth()] as const,
    request: {
      params: z.object({ id: Id("id", "apr_x") }),
      body: { required: false, content: { "application/json": { schema: DecideApprovalRequest } } },
    },
    responses: { 200: jsonOk(ApprovalRequest, "Decided request"), ...problems(400, 401, 403, 404, 409) },
  });
}

/** OpenAPI route: POST /v1/owner/approval-requests/{id}/approve. */
export const approveRoute = decisionRoute(
  "approve",
  "Approve a pending request; the assurance level is how the owner authenticated (API token: LOW)",
);

/** OpenAPI route: POST /v1/owner/approval-requests/{id}/deny. */
export const denyRoute = decisionRoute("deny", "Deny a pending request");

type DecisionRoute = typeof approveRoute;

/** Builds the handler for one decision; the owner's assurance comes from how it authenticated. */
function decide(verb: "approve" | "deny"): RouteHandler<DecisionRoute, OwnerEnv> {
  return async (c) => {
    const { owner, assurance } = c.var.owner;
    const { id } = c.req.valid("param");
    const { note } = c.req.valid("json");
    const approvals = c.var.services.approvals;
    const row = await approvals[verb](owner.id, id, assurance, note);
    return c.json(ApprovalRequest.parse(row), 200);
  };
}

/** Handles POST /v1/owner/approval-requests/{id}/approve. */
export const approve = decide("approve");

/** Handles POST /v1/owner/approval-requests/{id}/deny. */
export const deny = decide("deny");
