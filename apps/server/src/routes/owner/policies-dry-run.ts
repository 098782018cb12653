import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Action, jsonBody, jsonOk, Obligation, problems } from "../schemas";

const DryRunRequest = z
  .object({
    action: Action,
    agent_id: z
      .string()
      .max(128)
      .optional()
      .openapi({ description: "Evaluate as this agent (its groups, its policy)" }),
    source: z
      .string()
      .min(1)
      .optional()
      .openapi({ description: "Policy YAML to test instead of the bound policy" }),
  })
  .strict()
  .openapi("DryRunRequest");

const DryRunResponse = z
  .object({
    decision: z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]),
    reason: z.string(),
    reason_code: z.string(),
    matched_rule: z.string().nullable(),
    policy_version: z.string(),
    obligations: z.array(Obligation),
    charges: z.array(z.record(z.string(), z.unknown())),
    trace: z.array(z.unknown()),
  })
  .openapi("DryRunResponse");

/** OpenAPI route: POST /v1/owner/policies/dry-run. */
export const dryRunRoute = createRoute({
  method: "post",
  path: "/v1/owner/policies/dry-run",
  tags: ["owner"],
  summary: "Evaluate an action against a policy with the full trace; changes nothing",
  middleware: [ownerAuth()] as const,
  request: { body: jsonBody(DryRunRequest) },
  responses: { 200: jsonOk(DryRunResponse, "Decision and trace"), ...problems(400, 401, 404, 413) },
});

/** Handles POST /v1/owner/policies/dry-run. */
export const dryRun: RouteHandler<typeof dryRunRoute, OwnerEnv> = async (c) => {
  const s = c.var.services;
  const { owner } = c.var.owner;
  const body = c.req.valid("json");
  const agent = body.agent_id
    ? await s.agents.get(owner.id, body.agent_id).then((a) => s.agentCache.context(a.id))
    : null;
  const result = await s.authorize.dryRun({
    ownerId: owner.id,
    ownerType: owner.type,
    agent,
    action: body.action,
    source: body.source,
  });
  return c.json({ ...result, charges: result.charges.map((ch) => ({ ...ch })) }, 200);
};
