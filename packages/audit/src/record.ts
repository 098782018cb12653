import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";
import type { AuditRecord } from "./schema";

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
  return createHash("sha256").update(canonicalJson(body), "utf8").digest("hex");
}

/**
 * The exact bytes of a record's line (without the trailing newline). Members in schema order,
 * strings JSON-escaped, `actor` and `data` in canonical form; so a line is byte-for-byte
 * reproducible from its parsed record, which lets `verifyAuditLog` reject any re-encoding.
 */
export function serializeRecord(record: AuditRecord): string {
  let s = `{"v":1,"seq":${record.seq},"id":${JSON.stringify(record.id)},"ts":${JSON.stringify(record.ts)}`;
  s += `,"type":${JSON.stringify(record.type)}`;
  if (record.owner_id !== undefined) s += `,"owner_id":${JSON.stringify(record.owner_id)}`;
  if (record.org_id !== undefined) s += `,"org_id":${JSON.stringify(record.org_id)}`;
  if (record.agent_id !== undefined) s += `,"agent_id":${JSON.stringify(record.agent_id)}`;
  if (record.actor !== undefined) s += `,"actor":${canonicalJson(record.actor)}`;
  if (record.decision !== undefined) s += `,"decision":${JSON.stringify(record.decision)}`;
  if (record.action_type !== undefined) s += `,"action_type":${JSON.stringify(record.action_type)}`;
  if (record.data !== undefined) s += `,"data":${canonicalJson(record.data)}`;
  return `${s},"prev":${JSON.stringify(record.prev)},"hash":${JSON.stringify(record.hash)}}`;
}

const SEQ_PREFIX = /^\{"v":1,"seq":(\d{1,16}),/;

/** Reads `seq` from the start of a line without parsing it; null when the line is not a v1 record. */
export function peekSeq(linePrefix: string): number | null {
  const m = SEQ_PREFIX.exec(linePrefix);
  return m ? Number(m[1]) : null;
}
