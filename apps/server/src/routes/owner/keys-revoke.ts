import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { AgentKey, Id, jsonOk, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/agents/{agent_id}/keys/{kid}/revoke. */
export const revokeKeyRoute = createRoute({
  method: "post",
  path: "/v1/owner/agents/{agent_id}/keys/{kid}/revoke",
  tags: ["owner"],
  summary: "Revoke one of an agent's keys",
  middleware: [ownerAuth()] as const,
  request: { params: z.object({ agent_id: Id("agent_id", "agt_x"), kid: Id("kid", "x7Yq...") }) },
  responses: { 200: jsonOk(AgentKey, "Revoked key"), ...problems(401, 404) },
});

/** Handles POST /v1/owner/agents/{agent_id}/keys/{kid}/revoke. */
export const revokeKey: RouteHandler<typeof revokeKeyRoute, OwnerEnv> = async (c) => {
  const ownerId = c.var.owner.owner.id;
  const { agent_id, kid } = c.req.valid("param");
  const key = await c.var.services.agents.revokeKey(ownerId, agent_id, kid, { type: "owner", id: ownerId });
  return c.json(AgentKey.parse(key), 200);
};
