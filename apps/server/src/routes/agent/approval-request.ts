import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AgentEnv } from "../../env";
import { agentAuth } from "../../middleware/agent-auth";
import { Assurance, Id, jsonOk, problems } from "../schemas";

const AgentApprovalView = z
  .object({
    id: z.string(),
    status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED", "USED"]),
    action_hash: z.string(),
    expires_at: z.string(),
    decided_at: z.string().nullable(),
    assurance: Assurance.nullable(),
    approval_token: z
      .string()
      .nullable()
      .openapi({ description: "Single-use; present it to POST /v1/authorize" }),
    approval_token_expires_at: z.string().nullable(),
  })
  .openapi("AgentApprovalView");

/** OpenAPI route: GET /v1/agent/approval-requests/{id}. */
export const agentApprovalRoute = createRoute({
  method: "get",
  path: "/v1/agent/approval-requests/{id}",
  tags: ["agent"],
  summary: "Wait for an approval (long-poll with ?wait=<seconds>)",
  middleware: [agentAuth()] as const,
  request: {
    params: z.object({ id: Id("id", "apr_x") }),
    query: z.object({ wait: z.coerce.number().int().min(0).max(120).default(0) }),
  },
  responses: { 200: jsonOk(AgentApprovalView, "Current state"), ...problems(401, 404, 429) },
});

/** Handles GET /v1/agent/approval-requests/{id}. */
export const agentApproval: RouteHandler<typeof agentApprovalRoute, AgentEnv> = async (c) => {
  const { id } = c.req.valid("param");
  const { wait } = c.req.valid("query");
  const view = await c.var.services.approvals.agentView(c.var.agent.agent.id, id, wait, c.req.raw.signal);
  return c.json(view, 200);
};
