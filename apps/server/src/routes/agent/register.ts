import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import { registrationAuth, type RegistrationEnv } from "../../middleware/register-auth";
import { Agent, jsonBody, jsonOk, PublicJwk, problems } from "../schemas";

const RegisterRequest = z
  .object({
    invite_token: z.string().min(1).max(256),
    public_key: PublicJwk,
    name: z.string().min(1).max(200).optional(),
  })
  .openapi("RegisterRequest");

/** OpenAPI route: POST /v1/agents/register. */
export const registerRoute = createRoute({
  method: "post",
  path: "/v1/agents/register",
  tags: ["agent"],
  summary: "Redeem an invite: register the agent's public key (signed with that key)",
  description:
    "RFC 9421-signed with the key in `public_key` (keyid = its RFC 7638 thumbprint): proof of possession. The invite is single-use.",
  middleware: [registrationAuth()] as const,
  request: { body: jsonBody(RegisterRequest) },
  responses: {
    201: jsonOk(z.object({ agent: Agent, kid: z.string() }).openapi("RegisterResponse"), "Agent registered"),
    ...problems(400, 401, 403, 409, 413, 415, 429),
  },
});

/** Handles POST /v1/agents/register. */
export const register: RouteHandler<typeof registerRoute, RegistrationEnv> = async (c) => {
  const body = c.req.valid("json");
  const key = c.var.registrationKey;
  const agent = await c.var.services.agents.register({
    inviteToken: body.invite_token,
    publicJwk: key.jwk,
    kid: key.kid,
    ...(body.name ? { name: body.name } : {}),
  });
  return c.json({ agent: Agent.parse(agent), kid: key.kid }, 201);
};
