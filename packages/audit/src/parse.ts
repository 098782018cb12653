import type { VerifyErrorCode } from "./errors";
import { canonicalJson } from "./canonical";
import { type Encoded, hashWithEncoded, serializeEncoded } from "./record";
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
  let enc: Encoded;
  try {
    // Schema-checked, so only known members: the hand-built hash body equals computeRecordHash's.
    enc = {
      ...(record.actor === undefined ? {} : { actor: canonicalJson(record.actor) }),
      ...(record.data === undefined ? {} : { data: canonicalJson(record.data) }),
    };
  } catch (err) {
    return { ok: false, code: "BAD_SCHEMA", message: (err as Error).message };
  }
  if (hashWithEncoded(record, enc) !== record.hash) {
    return {
      ok: false,
      code: "HASH_MISMATCH",
      message: `hash does not match the record's content (seq ${record.seq})`,
    };
  }
  if (serializeEncoded(record, enc) !== text) {
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
