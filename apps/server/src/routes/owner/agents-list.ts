import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Agent, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/agents. */
export const listAgentsRoute = createRoute({
  method: "get",
  path: "/v1/owner/agents",
  tags: ["owner"],
  summary: "List the owner's agents",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ agents: z.array(Agent) }), "Agents"), ...problems(401) },
});

/** Handles GET /v1/owner/agents. */
export const listAgents: RouteHandler<typeof listAgentsRoute, OwnerEnv> = async (c) => {
  const agents = await c.var.services.agents.list(c.var.owner.owner.id);
  return c.json({ agents: agents.map((a) => Agent.parse(a)) }, 200);
};
