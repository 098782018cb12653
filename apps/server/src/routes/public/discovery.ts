import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { jsonOk } from "../schemas";

const Discovery = z
  .object({
    issuer: z.string(),
    jwks_uri: z.string(),
    protocol_version: z.literal("1"),
    endpoints: z.record(z.string(), z.string()),
    signature_profile: z.object({
      alg: z.literal("ed25519"),
      tag: z.literal("openleash"),
      max_skew_seconds: z.number(),
    }),
    agent_guide: z.string(),
  })
  .openapi("Discovery");

/** OpenAPI route: GET /.well-known/openleash. */
export const discoveryRoute = createRoute({
  method: "get",
  path: "/.well-known/openleash",
  tags: ["public"],
  summary: "Discovery document (issuer, JWKS URI, endpoints)",
  responses: { 200: jsonOk(Discovery, "Discovery document") },
});

/** Handles GET /.well-known/openleash. */
export const discovery: RouteHandler<typeof discoveryRoute, AppEnv> = (c) => {
  const { issuer, config } = c.var.services.context;
  return c.json(
    {
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      protocol_version: "1" as const,
      endpoints: {
        register: `${issuer}/v1/agents/register`,
        authorize: `${issuer}/v1/authorize`,
        approval_requests: `${issuer}/v1/agent/approval-requests/{id}`,
        verify_proof: `${issuer}/v1/verify-proof`,
        openapi: `${issuer}/openapi.json`,
      },
      signature_profile: {
        alg: "ed25519" as const,
        tag: "openleash" as const,
        max_skew_seconds: config.signatureMaxSkewSeconds,
      },
      agent_guide: `${issuer}/llms.txt`,
    },
    200,
  );
};
