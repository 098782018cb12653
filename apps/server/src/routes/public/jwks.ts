import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { PublicJwk } from "../schemas";

/** OpenAPI route: GET /.well-known/jwks.json. */
export const jwksRoute = createRoute({
  method: "get",
  path: "/.well-known/jwks.json",
  tags: ["public"],
  summary: "The instance's public signing keys (RFC 7517 JWK Set)",
  responses: {
    200: {
      description: "JWK Set: next, active and still-valid retired keys",
      content: { "application/json": { schema: z.object({ keys: z.array(PublicJwk) }).openapi("Jwks") } },
    },
  },
});

// The JWK Set is pre-serialised on every rotation; a short cache lets verifiers refresh after a rotation.
/** Handles GET /.well-known/jwks.json. */
export const jwks: RouteHandler<typeof jwksRoute, AppEnv> = (c) =>
  c.body(c.var.services.keys.jwksText(), 200, {
    "content-type": "application/json",
    "cache-control": "public, max-age=300",
  }) as never;
