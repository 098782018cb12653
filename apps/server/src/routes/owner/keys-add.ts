import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { AgentKey, Id, jsonBody, jsonOk, PublicJwk, problems } from "../schemas";

/** OpenAPI route: POST /v1/owner/agents/{agent_id}/keys. */
export const addKeyRoute = createRoute({
  method: "post",
  path: "/v1/owner/agents/{agent_id}/keys",
  tags: ["owner"],
  summary: "Add a public key to an agent (rotation: add the new key, then revoke the old one)",
  middleware: [ownerAuth()] as const,
  request: {
    params: z.object({ agent_id: Id("agent_id", "agt_x") }),
    body: jsonBody(z.object({ public_key: PublicJwk }).openapi("AddKeyRequest")),
  },
  responses: { 201: jsonOk(AgentKey, "Key added"), ...problems(400, 401, 404, 409) },
});

/** Handles POST /v1/owner/agents/{agent_id}/keys. */
export const addKey: RouteHandler<typeof addKeyRoute, OwnerEnv> = async (c) => {
  const ownerId = c.var.owner.owner.id;
  const key = await c.var.services.agents.addKey(
    ownerId,
    c.req.valid("param").agent_id,
    c.req.valid("json").public_key,
    { type: "owner", id: ownerId },
  );
  return c.json(AgentKey.parse(key), 201);
};
