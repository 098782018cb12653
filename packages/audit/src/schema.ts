import { wellFormed } from "./canonical";
import { AuditError } from "./errors";

/** Version of the record schema written in every line's `v` member. */
export const AUDIT_SCHEMA_VERSION = 1 as const;

/** Who caused an event: `{ type: "owner" | "agent" | "admin" | "system" | ..., id }`. */
export interface AuditActor {
  type: string;
  id: string;
}

/**
 * What a caller hands to `append`. `type` names the event with dotted lower-case words
 * (`authorization.decision`, `agent.registered`, `policy.created`, `key.rotated`, `owner.login`...).
 * `data` is free-form JSON for details; it passes the secret guard (see `redactSecrets`).
 */
export interface AuditEventInput {
  type: string;
  owner_id?: string;
  org_id?: string;
  agent_id?: string;
  actor?: AuditActor;
  decision?: string;
  action_type?: string;
  data?: Record<string, unknown>;
}

/**
 * One line of the log (schema v1). Members appear in the file in this order:
 * `v, seq, id, ts, type, owner_id, org_id, agent_id, actor, decision, action_type, data, prev, hash`
 * (absent optional members are omitted; `actor` and `data` are written in RFC 8785 canonical form).
 */
export interface AuditRecord extends AuditEventInput {
  /** Schema version, always 1. */
  v: 1;
  /** 1-based position in the log; consecutive with no gaps, across files. */
  seq: number;
  /** Unique event id (UUID v4 unless `newId` is injected). */
  id: string;
  /** RFC 3339 UTC timestamp with milliseconds (`Date.toISOString()`); never decreases along the log. */
  ts: string;
  /** `hash` of the record with seq - 1, or `GENESIS_HASH` for seq 1. */
  prev: string;
  /** Lower-case hex SHA-256 of the canonical record without `hash` (see `computeRecordHash`). */
  hash: string;
}

/** JSON Schema (draft 2020-12) of one record line, for other backends and other languages. */
export const auditRecordJsonSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://openleash.dev/schemas/audit-record-v1.json",
  title: "OpenLeash audit record v1",
  type: "object",
  additionalProperties: false,
  required: ["v", "seq", "id", "ts", "type", "prev", "hash"],
  properties: {
    v: { const: 1 },
    seq: { type: "integer", minimum: 1 },
    id: { type: "string", minLength: 1, maxLength: 128 },
    ts: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$" },
    type: { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,128}$" },
    owner_id: { type: "string", minLength: 1, maxLength: 256 },
    org_id: { type: "string", minLength: 1, maxLength: 256 },
    agent_id: { type: "string", minLength: 1, maxLength: 256 },
    actor: {
      type: "object",
      additionalProperties: false,
      required: ["type", "id"],
      properties: {
        type: { type: "string", minLength: 1, maxLength: 64 },
        id: { type: "string", minLength: 1, maxLength: 256 },
      },
    },
    decision: { type: "string", minLength: 1, maxLength: 64 },
    action_type: { type: "string", minLength: 1, maxLength: 256 },
    data: { type: "object" },
    prev: { type: "string", pattern: "^[0-9a-f]{64}$" },
    hash: { type: "string", pattern: "^[0-9a-f]{64}$" },
  },
} as const;

const TYPE_RE = /^[A-Za-z0-9_.:-]{1,128}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const TS_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const INPUT_KEYS = new Set([
  "type",
  "owner_id",
  "org_id",
  "agent_id",
  "actor",
  "decision",
  "action_type",
  "data",
]);
const RECORD_KEYS = new Set([...INPUT_KEYS, "v", "seq", "id", "ts", "prev", "hash"]);
const STRING_LIMITS: Record<string, number> = {
  owner_id: 256,
  org_id: 256,
  agent_id: 256,
  decision: 64,
  action_type: 256,
};

/** STRING_LIMITS as a list, made once (checked on every append). */
const STRING_LIMIT_LIST: ReadonlyArray<readonly [string, number]> = Object.entries(STRING_LIMITS);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** An actor member other than `type` and `id` that is not undefined. */
function hasOtherMember(a: Record<string, unknown>): boolean {
  const keys = Object.keys(a);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k !== "type" && k !== "id" && a[k] !== undefined) return true;
  }
  return false;
}

/** Returns a problem description, or null when the common (input) members are valid. */
function checkCommon(ev: Record<string, unknown>): { field: string; reason: string } | null {
  if (typeof ev.type !== "string" || !TYPE_RE.test(ev.type)) {
    return { field: "type", reason: "must match [A-Za-z0-9_.:-]{1,128}" };
  }
  for (let i = 0; i < STRING_LIMIT_LIST.length; i++) {
    const [key, max] = STRING_LIMIT_LIST[i]!;
    const v = ev[key];
    if (v === undefined) continue;
    if (typeof v !== "string" || v.length === 0 || v.length > max || !wellFormed(v)) {
      return { field: key, reason: `must be a non-empty well-formed string of at most ${max} characters` };
    }
  }
  if (ev.actor !== undefined) {
    const a = ev.actor;
    if (!isPlainObject(a) || hasOtherMember(a)) return { field: "actor", reason: "must be { type, id }" };
    if (typeof a.type !== "string" || a.type.length === 0 || a.type.length > 64 || !wellFormed(a.type)) {
      return { field: "actor.type", reason: "must be a non-empty string of at most 64 characters" };
    }
    if (typeof a.id !== "string" || a.id.length === 0 || a.id.length > 256 || !wellFormed(a.id)) {
      return { field: "actor.id", reason: "must be a non-empty string of at most 256 characters" };
    }
  }
  if (ev.data !== undefined && !isPlainObject(ev.data)) return { field: "data", reason: "must be an object" };
  if (ev.data !== undefined) {
    const proto = Object.getPrototypeOf(ev.data);
    if (proto !== Object.prototype && proto !== null)
      return { field: "data", reason: "must be a plain object" };
  }
  return null;
}

/** Validates what a caller passes to `append`; throws `INVALID_EVENT` naming the field. */
export function assertEventInput(event: unknown): asserts event is AuditEventInput {
  if (!isPlainObject(event)) throw new AuditError("INVALID_EVENT", "an audit event must be an object");
  for (const key of Object.keys(event)) {
    if (!INPUT_KEYS.has(key) && event[key] !== undefined) {
      throw new AuditError("INVALID_EVENT", `unknown event member "${key}" (put details in data)`, {
        field: key,
      });
    }
  }
  const problem = checkCommon(event);
  if (problem) throw new AuditError("INVALID_EVENT", `${problem.field} ${problem.reason}`, problem);
}

/**
 * Checks that a parsed line is a schema-v1 record; returns a reason string or null.
 * Used by the verifier and by readers; it does not check the hash (see `computeRecordHash`).
 */
export function recordSchemaProblem(value: unknown): string | null {
  if (!isPlainObject(value)) return "a record must be a JSON object";
  for (const key of Object.keys(value)) if (!RECORD_KEYS.has(key)) return `unknown member "${key}"`;
  if (value.v !== AUDIT_SCHEMA_VERSION) return `unsupported schema version ${JSON.stringify(value.v)}`;
  if (typeof value.seq !== "number" || !Number.isSafeInteger(value.seq) || value.seq < 1) {
    return "seq must be a positive integer";
  }
  if (
    typeof value.id !== "string" ||
    value.id.length === 0 ||
    value.id.length > 128 ||
    !wellFormed(value.id)
  ) {
    return "bad id";
  }
  if (typeof value.ts !== "string" || !TS_RE.test(value.ts) || Number.isNaN(Date.parse(value.ts))) {
    return "ts must be an ISO 8601 UTC timestamp with milliseconds";
  }
  if (typeof value.prev !== "string" || !HEX64.test(value.prev))
    return "prev must be 64 lower-case hex digits";
  if (typeof value.hash !== "string" || !HEX64.test(value.hash))
    return "hash must be 64 lower-case hex digits";
  const problem = checkCommon(value);
  return problem ? `${problem.field} ${problem.reason}` : null;
}
