import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AgentEnv } from "../../env";
import { agentAuth } from "../../middleware/agent-auth";
import { Agent, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/agent/me. */
export const agentMeRoute = createRoute({
  method: "get",
  path: "/v1/agent/me",
  tags: ["agent"],
  summary: "The calling agent (checks that signing works)",
  middleware: [agentAuth()] as const,
  responses: {
    200: jsonOk(
      z
        .object({ agent: Agent, kid: z.string(), owner_id: z.string(), groups: z.array(z.string()) })
        .openapi("AgentMe"),
      "The agent",
    ),
    ...problems(401, 429),
  },
});

/** Handles GET /v1/agent/me. */
export const agentMe: RouteHandler<typeof agentMeRoute, AgentEnv> = (c) => {
  const { agent, owner, groups } = c.var.agent;
  return c.json({ agent: Agent.parse(agent), kid: c.var.signature.kid, owner_id: owner.id, groups }, 200);
};
