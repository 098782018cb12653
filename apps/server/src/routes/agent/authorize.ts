import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AgentEnv } from "../../env";
import { agentAuth } from "../../middleware/agent-auth";
import { Action, jsonBody, jsonOk, Obligation, problems } from "../schemas";

/** The body schema of POST /v1/authorize (also used by the direct path in server.ts). */
export const AuthorizeRequest = z
  .object({
    action: Action,
    approval_token: z.string().min(1).max(8192).optional(),
    presented_proofs: z.array(z.string().min(1).max(8192)).max(8).optional(),
    explain: z.boolean().optional(),
  })
  .openapi("AuthorizeRequest");

const AuthorizeResponse = z
  .object({
    decision: z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]),
    decision_id: z.string(),
    action_hash: z.string(),
    reason: z.string(),
    reason_code: z.string(),
    matched_rule: z.string().nullable(),
    policy_version: z.string(),
    obligations: z.array(Obligation),
    proof_token: z.string().optional(),
    proof_expires_at: z.string().optional(),
    approval_request_id: z.string().optional(),
    trace: z.array(z.unknown()).optional(),
  })
  .openapi("AuthorizeResponse");

/** OpenAPI route: POST /v1/authorize. */
export const authorizeRoute = createRoute({
  method: "post",
  path: "/v1/authorize",
  tags: ["agent"],
  summary: "Ask before acting (PROTOCOL.md §4); every decision is a 200",
  description: "RFC 9421-signed by the agent. ALLOW carries a proof token; REQUIRE_* an approval request id.",
  // The nonce is recorded in the same transaction as the charges (deferNonce).
  middleware: [agentAuth({ deferNonce: true })] as const,
  request: { body: jsonBody(AuthorizeRequest) },
  responses: { 200: jsonOk(AuthorizeResponse, "The decision"), ...problems(400, 401, 403, 413, 415, 429) },
});

/** Handles POST /v1/authorize. */
export const authorize: RouteHandler<typeof authorizeRoute, AgentEnv> = async (c) => {
  const result = await c.var.services.authorize.authorize(c.var.agent, c.var.signature, c.req.valid("json"));
  return c.json(result, 200);
};
