import * as nodeCrypto from "node:crypto";
import { canonicalJson, quote } from "./canonical";
import type { AuditRecord } from "./schema";

// crypto.hash (Node >= 20.12) digests in one call without a Hash object: about half the cost
// of createHash().update().digest() for a record-sized input.
const oneShot = typeof nodeCrypto.hash === "function" ? nodeCrypto.hash : null;

/** Lowercase hex SHA-256 of the UTF-8 of `text`. */
function sha256Hex(text: string): string {
  return oneShot
    ? oneShot("sha256", text, "hex")
    : nodeCrypto.createHash("sha256").update(text, "utf8").digest("hex");
}

/** `prev` of the first record (seq 1): 64 zeros, i.e. 32 zero bytes in hex. */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The record hash every backend must reproduce:
 *
 *     hash = lowercase_hex( SHA-256( UTF-8( JCS(record without its "hash" member) ) ) )
 *
 * where JCS is RFC 8785 canonical JSON (members sorted by UTF-16 code units, ECMAScript number
 * formatting, no whitespace) and optional members that are absent are simply not there (never
 * `null`). The `prev` member is inside the hashed body, which is what chains the records.
 *
 * @example computeRecordHash({ v: 1, seq: 1, id: "e1", ts: "2026-01-01T00:00:00.000Z", type: "x", prev: GENESIS_HASH })
 */
export function computeRecordHash(record: Omit<AuditRecord, "hash"> & { hash?: string }): string {
  const { hash: _ignored, ...body } = record;
  return sha256Hex(canonicalJson(body));
}

/** JSON texts of `actor` and `data` computed once per record on the append path. */
export interface Encoded {
  actor?: string;
  data?: string;
}

function member(name: string, value: string | undefined): string {
  return value === undefined ? "" : `"${name}":${quote(value)},`;
}

/**
 * Same bytes as `canonicalJson(record without hash)`, built by hand in the fixed sorted member
 * order (action_type, actor, agent_id, data, decision, id, org_id, owner_id, prev, seq, ts, type, v)
 * with `actor`/`data` already canonical: the append path canonicalizes `data` only once.
 * A test checks it against `computeRecordHash` on many records.
 */
export function hashWithEncoded(r: Omit<AuditRecord, "hash">, enc: Encoded): string {
  const body =
    `{${member("action_type", r.action_type)}` +
    (enc.actor === undefined ? "" : `"actor":${enc.actor},`) +
    member("agent_id", r.agent_id) +
    (enc.data === undefined ? "" : `"data":${enc.data},`) +
    member("decision", r.decision) +
    member("id", r.id) +
    member("org_id", r.org_id) +
    member("owner_id", r.owner_id) +
    member("prev", r.prev) +
    `"seq":${r.seq},` +
    member("ts", r.ts) +
    member("type", r.type) +
    `"v":${r.v}}`;
  return sha256Hex(body);
}

/**
 * The exact bytes of a record's line (without the trailing newline). Members in schema order,
 * strings JSON-escaped (the record must have passed the schema check: no lone surrogates), `actor` and `data` in canonical form; so a line is byte-for-byte
 * reproducible from its parsed record, which lets `verifyAuditLog` reject any re-encoding.
 */
export function serializeRecord(record: AuditRecord): string {
  return serializeEncoded(record, {});
}

/** {@link serializeRecord} with `actor`/`data` JSON already computed (the append path). */
export function serializeEncoded(record: AuditRecord, enc: Encoded): string {
  let s = `{"v":1,"seq":${record.seq},"id":${quote(record.id)},"ts":${quote(record.ts)}`;
  s += `,"type":${quote(record.type)}`;
  if (record.owner_id !== undefined) s += `,"owner_id":${quote(record.owner_id)}`;
  if (record.org_id !== undefined) s += `,"org_id":${quote(record.org_id)}`;
  if (record.agent_id !== undefined) s += `,"agent_id":${quote(record.agent_id)}`;
  if (record.actor !== undefined) s += `,"actor":${enc.actor ?? canonicalJson(record.actor)}`;
  if (record.decision !== undefined) s += `,"decision":${quote(record.decision)}`;
  if (record.action_type !== undefined) s += `,"action_type":${quote(record.action_type)}`;
  if (record.data !== undefined) s += `,"data":${enc.data ?? canonicalJson(record.data)}`;
  return `${s},"prev":${quote(record.prev)},"hash":${quote(record.hash)}}`;
}

/**
 * The append path: hashes a new record (setting `record.hash`) and returns its line with the
 * trailing newline; the same bytes as {@link hashWithEncoded} and {@link serializeEncoded}, but each
 * member is quoted once for both. `enc` holds the canonical JSON of `actor`/`data` when present.
 * The hash body is in sorted member order and the line in schema order (see those two functions).
 */
export function sealRecord(record: AuditRecord, enc: Encoded): string {
  const id = quote(record.id);
  const ts = quote(record.ts);
  const type = quote(record.type);
  const prev = quote(record.prev);
  const owner = record.owner_id === undefined ? "" : quote(record.owner_id);
  const org = record.org_id === undefined ? "" : quote(record.org_id);
  const agent = record.agent_id === undefined ? "" : quote(record.agent_id);
  const decision = record.decision === undefined ? "" : quote(record.decision);
  const action = record.action_type === undefined ? "" : quote(record.action_type);
  const actor = record.actor === undefined ? "" : (enc.actor ?? canonicalJson(record.actor));
  const data = record.data === undefined ? "" : (enc.data ?? canonicalJson(record.data));
  // `data` is a rope of many small strings and goes into two texts: V8 would flatten it once for
  // the hash and once more for the line; reading a character flattens it in place, once.
  data.charCodeAt(0);
  let body = "{";
  if (action !== "") body += `"action_type":${action},`;
  if (actor !== "") body += `"actor":${actor},`;
  if (agent !== "") body += `"agent_id":${agent},`;
  if (data !== "") body += `"data":${data},`;
  if (decision !== "") body += `"decision":${decision},`;
  body += `"id":${id},`;
  if (org !== "") body += `"org_id":${org},`;
  if (owner !== "") body += `"owner_id":${owner},`;
  body += `"prev":${prev},"seq":${record.seq},"ts":${ts},"type":${type},"v":1}`;
  const hash = sha256Hex(body);
  record.hash = hash;
  let line = `{"v":1,"seq":${record.seq},"id":${id},"ts":${ts},"type":${type}`;
  if (owner !== "") line += `,"owner_id":${owner}`;
  if (org !== "") line += `,"org_id":${org}`;
  if (agent !== "") line += `,"agent_id":${agent}`;
  if (actor !== "") line += `,"actor":${actor}`;
  if (decision !== "") line += `,"decision":${decision}`;
  if (action !== "") line += `,"action_type":${action}`;
  if (data !== "") line += `,"data":${data}`;
  return `${line},"prev":${prev},"hash":"${hash}"}\n`;
}

const SEQ_PREFIX = /^\{"v":1,"seq":(\d{1,16}),/;

/** Reads `seq` from the start of a line without parsing it; null when the line is not a v1 record. */
export function peekSeq(linePrefix: string): number | null {
  const m = SEQ_PREFIX.exec(linePrefix);
  return m ? Number(m[1]) : null;
}
