import { createRoute, type RouteHandler } from "@hono/zod-openapi";
import type { OwnerEnv } from "../../env";
import { ownerAuth } from "../../middleware/bearer-auth";
import { AuditPage, AuditQuery, jsonOk, problems } from "../schemas";

/** OpenAPI route: GET /v1/owner/audit. */
export const ownerAuditRoute = createRoute({
  method: "get",
  path: "/v1/owner/audit",
  tags: ["owner"],
  summary: "The owner's audit records (only its own)",
  middleware: [ownerAuth()] as const,
  request: { query: AuditQuery },
  responses: { 200: jsonOk(AuditPage, "Audit records"), ...problems(400, 401) },
});

/** Handles GET /v1/owner/audit. */
export const ownerAudit: RouteHandler<typeof ownerAuditRoute, OwnerEnv> = async (c) => {
  // owner_id is forced last: no query parameter can widen the scope.
  const page = await c.var.services.audit.query({ ...c.req.valid("query"), owner_id: c.var.owner.owner.id });
  return c.json({ records: page.records.map((r) => ({ ...r })), next_cursor: page.next_cursor }, 200);
};
