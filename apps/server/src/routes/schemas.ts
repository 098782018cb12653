import { z } from "@hono/zod-openapi";

/** RFC 9457 problem document with the stable `code` (PROTOCOL.md §7). */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ example: "INVALID_REQUEST" }),
    instance: z.string().optional(),
    errors: z.array(z.record(z.string(), z.unknown())).optional(),
  })
  .passthrough()
  .openapi("Problem");

const STATUS_TEXT: Record<number, string> = {
  400: "Invalid request (INVALID_REQUEST, MALFORMED_JSON, ...)",
  401: "Authentication failed",
  403: "Authenticated but not allowed",
  404: "Not found (also for another owner's resources)",
  409: "Conflict",
  413: "Request body too large",
  415: "Unsupported media type",
  429: "Rate limited",
};

/** Problem+json responses for the listed statuses (documentation; handlers throw ApiError). */
export function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: STATUS_TEXT[s] ?? "Error",
        content: { "application/problem+json": { schema: Problem } },
      },
    ]),
  );
}

/** A JSON request body that must be present. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { "application/json": { schema } },
  };
}

/** A JSON 200/201 response. */
export function jsonOk<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A path parameter holding an id. */
export const Id = (name: string, example: string) =>
  z
    .string()
    .min(1)
    .max(128)
    .openapi({ param: { name, in: "path" }, example });

/** An RFC 3339 timestamp. */
export const Timestamp = z.string().openapi({ format: "date-time", example: "2026-11-26T10:30:00.000Z" });
/** eIDAS assurance level (LOW < SUBSTANTIAL < HIGH). */
export const Assurance = z.enum(["LOW", "SUBSTANTIAL", "HIGH"]);

/** An Ed25519 public JWK (RFC 8037 §2). */
export const PublicJwk = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string() })
  .passthrough()
  .openapi("PublicJwk");

/** The action an agent asks to perform (PROTOCOL.md §2). */
export const Action = z
  .object({
    id: z.string().min(1).max(200),
    type: z
      .string()
      .min(1)
      .max(200)
      .regex(
        /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
        "must be a dotted name such as purchase or appointment.book",
      ),
    requested_at: z.string().max(64).optional(),
    relying_party: z
      .object({ domain: z.string().min(1).max(253).optional(), trust_profile: z.string().max(64).optional() })
      .optional(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi("Action", {
    example: {
      id: "0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10",
      type: "purchase",
      relying_party: { domain: "storeco.example" },
      payload: { amount_minor: 8500, currency: "USD", item: "headphones" },
    },
  });

/** Something the agent or owner must do before or after acting. */
export const Obligation = z
  .object({ type: z.string(), params: z.record(z.string(), z.unknown()) })
  .openapi("Obligation");

/** An owner (user or organization). */
export const Owner = z
  .object({ id: z.string(), type: z.enum(["user", "org"]), name: z.string(), created_at: Timestamp })
  .openapi("Owner");

/** An agent as owners see it. */
export const Agent = z
  .object({
    id: z.string(),
    owner_id: z.string(),
    name: z.string(),
    status: z.enum(["ACTIVE", "SUSPENDED", "REVOKED"]),
    attributes: z.record(z.string(), z.unknown()),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Agent");

/** One of an agent's public keys (kid = RFC 7638 thumbprint). */
export const AgentKey = z
  .object({
    kid: z.string(),
    agent_id: z.string(),
    public_jwk: PublicJwk,
    status: z.enum(["ACTIVE", "REVOKED"]),
    created_at: Timestamp,
    revoked_at: Timestamp.nullable(),
  })
  .openapi("AgentKey");

/** An invite as listed (never its token). */
export const Invite = z
  .object({
    id: z.string(),
    agent_name: z.string().nullable(),
    group_ids: z.array(z.string()),
    created_at: Timestamp,
    expires_at: Timestamp,
    used_at: Timestamp.nullable(),
    agent_id: z.string().nullable(),
  })
  .openapi("Invite");

/** A group of agents. */
export const Group = z
  .object({ id: z.string(), owner_id: z.string(), name: z.string(), created_at: Timestamp })
  .openapi("Group");

/** A policy and its latest version number. */
export const Policy = z
  .object({
    id: z.string(),
    owner_id: z.string(),
    name: z.string(),
    latest_version: z.number().int(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .openapi("Policy");

/** A policy version without its source. */
export const PolicyVersionMeta = z
  .object({ policy_id: z.string(), version: z.number().int(), sha256: z.string(), created_at: Timestamp })
  .openapi("PolicyVersionMeta");

/** A policy version with its YAML source. */
export const PolicyVersion = PolicyVersionMeta.extend({ source: z.string() }).openapi("PolicyVersion");

/** A policy binding. */
export const Binding = z
  .object({
    id: z.string(),
    owner_id: z.string(),
    policy_id: z.string(),
    policy_version: z.number().int().nullable(),
    scope: z.enum(["owner", "group", "agent"]),
    target_id: z.string().nullable(),
    position: z.number().int(),
    created_at: Timestamp,
  })
  .openapi("Binding");

/** An approval request as the owner sees it. */
export const ApprovalRequest = z
  .object({
    id: z.string(),
    agent_id: z.string(),
    kind: z.enum(["APPROVAL", "STEP_UP"]),
    status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED"]),
    action: z.record(z.string(), z.unknown()),
    action_hash: z.string(),
    action_type: z.string(),
    decision_id: z.string(),
    reason: z.string(),
    matched_rule: z.string().nullable(),
    policy_version: z.string(),
    min_assurance: Assurance,
    obligations: z.array(Obligation),
    created_at: Timestamp,
    expires_at: Timestamp,
    decided_at: Timestamp.nullable(),
    assurance: Assurance.nullable(),
    decision_note: z.string().nullable(),
  })
  .openapi("ApprovalRequest");

/** One authorization decision, as recorded in the audit log. */
export const DecisionRecord = z
  .object({
    id: z.string(),
    agent_id: z.string(),
    decision: z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]),
    reason_code: z.string(),
    action_id: z.string(),
    action_type: z.string(),
    action_hash: z.string(),
    matched_rule: z.string().nullable(),
    policy_version: z.string(),
    approval_id: z.string().optional(),
    proof_jti: z.string().optional(),
    created_at: Timestamp,
  })
  .openapi("DecisionRecord");

/** One hash-chained audit record (@openleash/audit). */
export const AuditRecord = z.record(z.string(), z.unknown()).openapi("AuditRecord");

/** Filters of the audit endpoints. */
export const AuditQuery = z.object({
  agent_id: z.string().max(128).optional(),
  type: z.string().max(128).optional(),
  decision: z.enum(["ALLOW", "DENY", "REQUIRE_APPROVAL", "REQUIRE_STEP_UP"]).optional(),
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  order: z.enum(["asc", "desc"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(512).optional(),
});

/** A page of audit records with the cursor of the next one. */
export const AuditPage = z
  .object({ records: z.array(AuditRecord), next_cursor: z.string().nullable() })
  .openapi("AuditPage");
