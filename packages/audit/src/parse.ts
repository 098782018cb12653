import type { VerifyErrorCode } from "./errors";
import { computeRecordHash, serializeRecord } from "./record";
import { type AuditRecord, recordSchemaProblem } from "./schema";

/** Outcome of checking one line on its own (not its place in the chain). */
export type LineCheck =
  | { ok: true; record: AuditRecord }
  | {
      ok: false;
      code: Extract<VerifyErrorCode, "BAD_JSON" | "BAD_SCHEMA" | "NON_CANONICAL" | "HASH_MISMATCH">;
      message: string;
    };

/**
 * Parses a line and checks it is a well-formed, exactly-serialized v1 record whose `hash` matches
 * its content. Says nothing yet about `seq`/`prev` continuity.
 */
export function checkRecordLine(text: string): LineCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return {
      ok: false,
      code: "BAD_JSON",
      message: text.trim() === "" ? "empty line" : "line is not valid JSON",
    };
  }
  const problem = recordSchemaProblem(value);
  if (problem) return { ok: false, code: "BAD_SCHEMA", message: problem };
  const record = value as AuditRecord;
  let expected: string;
  try {
    expected = computeRecordHash(record);
  } catch (err) {
    return { ok: false, code: "BAD_SCHEMA", message: (err as Error).message };
  }
  if (expected !== record.hash) {
    return {
      ok: false,
      code: "HASH_MISMATCH",
      message: `hash does not match the record's content (seq ${record.seq})`,
    };
  }
  if (serializeRecord(record) !== text) {
    return {
      ok: false,
      code: "NON_CANONICAL",
      message: `line is not in the canonical layout (seq ${record.seq})`,
    };
  }
  return { ok: true, record };
}

/** Parses a line for reading (query/tail) with only a JSON and schema check. */
export function parseRecordLine(text: string): AuditRecord | null {
  try {
    const value = JSON.parse(text) as unknown;
    return recordSchemaProblem(value) === null ? (value as AuditRecord) : null;
  } catch {
    return null;
  }
}
