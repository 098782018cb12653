import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { jsonOk } from "../schemas";

/** OpenAPI route: GET /v1/health. */
export const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["public"],
  summary: "Liveness and readiness",
  responses: {
    200: jsonOk(
      z.object({ status: z.literal("ok"), version: z.string(), time: z.string() }).openapi("Health"),
      "Healthy",
    ),
  },
});

/** Handles GET /v1/health. */
export const health: RouteHandler<typeof healthRoute, AppEnv> = (c) =>
  c.json(
    { status: "ok" as const, version: SERVER_VERSION, time: c.var.services.context.clock().toISOString() },
    200,
  );

/** Version reported by /v1/health. */
export const SERVER_VERSION = "0.1.0";
