import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Agent, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/agents/{agent_id}. */
export const getAgentRoute = createRoute({
  method: "get",
  path: "/v1/owner/agents/{agent_id}",
  tags: ["owner"],
  summary: "One of the owner's agents",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ agent_id: Id("agent_id", "agt_x") }) },
  responses: { 200: jsonOk(Agent, "The agent"), ...problems(401, 404) },
});

/** Handles GET /v1/owner/agents/{agent_id}. */
export const getAgent: RouteHandler<typeof getAgentRoute, OwnerEnv> = async (c) => {
  const agent = await c.var.services.agents.get(c.var.owner.owner.id, c.req.valid("param").agent_id);
  return c.json(Agent.parse(agent), 200);
};
