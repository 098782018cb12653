import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { DECISION_EVENT } from "../../services/nonce-redo";
import { DecisionRecord, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/decisions. */
export const listDecisionsRoute = createRoute({
  method: "get",
  path: "/v1/owner/decisions",
  tags: ["owner"],
  summary: "The owner's authorization decisions, newest first (read from the audit log)",
  middleware: [ownerAuth()] as const,
  request: {
    query: z.object({
      agent_id: z.string().max(128).optional(),
      decision: z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      cursor: z.string().max(512).optional(),
    }),
  },
  responses: {
    200: jsonOk(
      z.object({ decisions: z.array(DecisionRecord), next_cursor: z.string().nullable() }),
      "Decisions",
    ),
    ...problems(400, 401),
  },
});

/** Handles GET /v1/owner/decisions. */
export const listDecisions: RouteHandler<typeof listDecisionsRoute, OwnerEnv> = async (c) => {
  const q = c.req.valid("query");
  const page = await c.var.services.audit.query({
    ...q,
    type: DECISION_EVENT,
    order: "desc",
    owner_id: c.var.owner.owner.id,
  });
  const decisions = page.records.map((r) =>
    DecisionRecord.parse({
      ...r.data,
      id: r.data?.decision_id,
      agent_id: r.agent_id,
      decision: r.decision,
      action_type: r.action_type,
      created_at: r.ts,
    }),
  );
  return c.json({ decisions, next_cursor: page.next_cursor }, 200);
};
