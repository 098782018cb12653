import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AdminEnv } from "../../env";
import { adminAuth } from "../../middleware/bearer-auth";
import { rotateInstanceKey } from "../../services";
import { jsonOk, problems } from "../schemas";

/** OpenAPI route: POST /v1/admin/keys/rotate. */
export const rotateKeysRoute = createRoute({
  method: "post",
  path: "/v1/admin/keys/rotate",
  tags: ["admin"],
  summary: "Rotate the instance signing key (the old key stays published until its tokens expire)",
  middleware: [adminAuth()] as const,
  responses: {
    200: jsonOk(
      z.object({
        active_kid: z.string(),
        jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
      }),
      "New key state",
    ),
    ...problems(401),
  },
});

/** Handles POST /v1/admin/keys/rotate. */
export const rotateKeys: RouteHandler<typeof rotateKeysRoute, AdminEnv> = async (c) => {
  const result = await rotateInstanceKey(c.var.services, "admin");
  return c.json(
    { active_kid: result.active_kid, jwks: { keys: result.jwks.keys.map((k) => ({ ...k })) } },
    200,
  );
};
