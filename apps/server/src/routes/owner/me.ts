import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Assurance, jsonOk, Owner, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/me. */
export const ownerMeRoute = createRoute({
  method: "get",
  path: "/v1/owner/me",
  tags: ["owner"],
  summary: "The authenticated owner and its assurance level",
  middleware: [ownerAuth()] as const,
  responses: {
    200: jsonOk(z.object({ owner: Owner, assurance: Assurance }).openapi("OwnerMe"), "The owner"),
    ...problems(401),
  },
});

/** Handles GET /v1/owner/me. */
export const ownerMe: RouteHandler<typeof ownerMeRoute, OwnerEnv> = (c) =>
  c.json({ owner: c.var.owner.owner, assurance: c.var.owner.assurance }, 200);
