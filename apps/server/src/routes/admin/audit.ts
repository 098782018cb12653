import { createRoute, type RouteHandler, z } from "@hono/zod-openapi";
import type { AdminEnv } from "../../env";
import { adminAuth } from "../../middleware/bearer-auth";
import { AuditPage, AuditQuery, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/admin/audit. */
export const adminAuditRoute = createRoute({
  method: "get",
  path: "/v1/admin/audit",
  tags: ["admin"],
  summary: "All audit records",
  middleware: [adminAuth()] as const,
  request: { query: AuditQuery.extend({ owner_id: z.string().max(128).optional() }) },
  responses: { 200: jsonOk(AuditPage, "Audit records"), ...problems(400, 401) },
});

/** Handles GET /v1/admin/audit. */
export const adminAudit: RouteHandler<typeof adminAuditRoute, AdminEnv> = async (c) => {
  const page = await c.var.services.audit.query(c.req.valid("query"));
  return c.json({ records: page.records.map((r) => ({ ...r })), next_cursor: page.next_cursor }, 200);
};
