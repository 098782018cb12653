import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Invite, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/agent-invites. */
export const listInvitesRoute = createRoute({
  method: "get",
  path: "/v1/owner/agent-invites",
  tags: ["owner"],
  summary: "List invites (never their tokens)",
  middleware: [ownerAuth()] as const,
  responses: { 200: jsonOk(z.object({ invites: z.array(Invite) }), "Invites"), ...problems(401) },
});

/** Handles GET /v1/owner/agent-invites. */
export const listInvites: RouteHandler<typeof listInvitesRoute, OwnerEnv> = async (c) => {
  const invites = await c.var.services.agents.listInvites(c.var.owner.owner.id);
  // Built from the schema: token_hash is not in it, so it cannot leak.
  return c.json({ invites: invites.map((i) => Invite.parse(i)) }, 200);
};
