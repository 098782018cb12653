import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { Binding, jsonBody, jsonOk, problems } from "../schemas";

const CreateBinding = z
  .object({
    policy_id: z.string().min(1).max(128),
    version: z
      .number()
      .int()
      .positive()
      .nullable()
      .optional()
      .openapi({ description: "Pin a version; omit to follow the latest" }),
    scope: z.enum(["owner", "group", "agent"]),
    target_id: z.string().max(128).nullable().optional().openapi({ description: "Group or agent id" }),
    position: z
      .number()
      .int()
      .min(0)
      .max(1_000_000)
      .optional()
      .openapi({ description: "Order within the scope" }),
  })
  .strict()
  .openapi("CreateBindingRequest");

/** OpenAPI route: POST /v1/owner/bindings. */
export const createBindingRoute = createRoute({
  method: "post",
  path: "/v1/owner/bindings",
  tags: ["owner"],
  summary: "Bind a policy owner-wide, to a group or to an agent",
  middleware: [ownerAuth()] as const,
  request: { body: jsonBody(CreateBinding) },
  responses: { 201: jsonOk(Binding, "Binding"), ...problems(400, 401, 404) },
});

/** Handles POST /v1/owner/bindings. */
export const createBinding: RouteHandler<typeof createBindingRoute, OwnerEnv> = async (c) =>
  c.json(await c.var.services.policies.bind(c.var.owner.owner.id, c.req.valid("json")), 201);
