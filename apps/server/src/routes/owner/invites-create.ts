import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { jsonBody, jsonOk, problems, Timestamp } from "../schemas";

const CreateInvite = z
  .object({
    name: z.string().min(1).max(200).optional().openapi({ description: "Name the agent gets" }),
    group_ids: z.array(z.string().max(128)).max(50).optional(),
    expires_in_seconds: z.number().int().positive().optional(),
  })
  .strict()
  .openapi("CreateInviteRequest");

const CreatedInvite = z
  .object({
    invite_id: z.string(),
    invite_token: z.string().openapi({ description: "Shown once; stored only as a hash" }),
    invite_url: z.string().openapi({ description: "Register endpoint with the token in the URL fragment" }),
    expires_at: Timestamp,
  })
  .openapi("CreatedInvite");

/** OpenAPI route: POST /v1/owner/agent-invites. */
export const createInviteRoute = createRoute({
  method: "post",
  path: "/v1/owner/agent-invites",
  tags: ["owner"],
  summary: "Create a single-use, time-limited agent invite",
  middleware: [ownerAuth()] as const,
  request: { body: jsonBody(CreateInvite) },
  responses: { 201: jsonOk(CreatedInvite, "Invite (token shown once)"), ...problems(400, 401, 404) },
});

/** Handles POST /v1/owner/agent-invites. */
export const createInvite: RouteHandler<typeof createInviteRoute, OwnerEnv> = async (c) => {
  const r = await c.var.services.agents.createInvite(c.var.owner.owner.id, c.req.valid("json"));
  return c.json(
    {
      invite_id: r.invite.id,
      invite_token: r.token,
      invite_url: r.inviteUrl,
      expires_at: r.invite.expires_at,
    },
    201,
  );
};
