import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { Action, jsonBody, jsonOk, problems } from "../schemas";

const VerifyProofRequest = z
  .object({
    token: z.string().min(1).max(8192),
    action: Action.optional(),
    audience: z.string().max(253).optional(),
  })
  .openapi("VerifyProofRequest");

const VerifyProofResponse = z
  .object({
    valid: z.boolean(),
    claims: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable().openapi({ description: "Error code when invalid (TOKEN_EXPIRED, ...)" }),
  })
  .openapi("VerifyProofResponse");

/** OpenAPI route: POST /v1/verify-proof. */
export const verifyProofRoute = createRoute({
  method: "post",
  path: "/v1/verify-proof",
  tags: ["public"],
  summary: "Verify a proof token online (PROTOCOL.md §5)",
  request: { body: jsonBody(VerifyProofRequest) },
  responses: { 200: jsonOk(VerifyProofResponse, "Verification result"), ...problems(400, 413, 415, 429) },
});

/** Handles POST /v1/verify-proof. */
export const verifyProofHandler: RouteHandler<typeof verifyProofRoute, AppEnv> = async (c) => {
  const body = c.req.valid("json");
  const result = await c.var.services.proofs.verify(body);
  return c.json({ ...result, claims: result.claims as Record<string, unknown> | null }, 200);
};
