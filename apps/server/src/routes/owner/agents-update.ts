import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Agent, Id, jsonBody, jsonOk, problems } from "../schemas";

const UpdateAgent = z
  .object({
    name: z.string().min(1).max(200).optional(),
    status: z.enum(["ACTIVE", "SUSPENDED", "REVOKED"]).optional(),
  })
  .strict()
  .openapi("UpdateAgentRequest");

/** OpenAPI route: PATCH /v1/owner/agents/{agent_id}. */
export const updateAgentRoute = createRoute({
  method: "patch",
  path: "/v1/owner/agents/{agent_id}",
  tags: ["owner"],
  summary: "Rename, suspend, reactivate or revoke an agent (REVOKED is final)",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ agent_id: Id("agent_id", "agt_x") }), body: jsonBody(UpdateAgent) },
  responses: { 200: jsonOk(Agent, "Updated agent"), ...problems(400, 401, 404, 409) },
});

/** Handles PATCH /v1/owner/agents/{agent_id}. */
export const updateAgent: RouteHandler<typeof updateAgentRoute, OwnerEnv> = async (c) => {
  const ownerId = c.var.owner.owner.id;
  const agent = await c.var.services.agents.update(
    ownerId,
    c.req.valid("param").agent_id,
    c.req.valid("json"),
    {
      type: "owner",
      id: ownerId,
    },
  );
  return c.json(Agent.parse(agent), 200);
};
