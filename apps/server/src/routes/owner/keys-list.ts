import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { AgentKey, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/agents/{agent_id}/keys. */
export const listKeysRoute = createRoute({
  method: "get",
  path: "/v1/owner/agents/{agent_id}/keys",
  tags: ["owner"],
  summary: "An agent's public keys",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ agent_id: Id("agent_id", "agt_x") }) },
  responses: { 200: jsonOk(z.object({ keys: z.array(AgentKey) }), "Keys"), ...problems(401, 404) },
});

/** Handles GET /v1/owner/agents/{agent_id}/keys. */
export const listKeys: RouteHandler<typeof listKeysRoute, OwnerEnv> = async (c) => {
  const keys = await c.var.services.agents.listKeys(c.var.owner.owner.id, c.req.valid("param").agent_id);
  return c.json({ keys: keys.map((k) => AgentKey.parse(k)) }, 200);
};
