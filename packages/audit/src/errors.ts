/**
 * Every failure code the audit package can raise or report, in one catalogue.
 *
 * Thrown codes (an {@link AuditError} from the API):
 * - `INVALID_EVENT`: `append` got an event that does not match the schema (nothing was written).
 * - `SECRET_IN_EVENT`: `append` in `secrets: "reject"` mode saw a field that looks like a secret.
 * - `RECORD_TOO_LARGE`: the serialized record is larger than `maxRecordBytes`.
 * - `INVALID_QUERY` / `INVALID_CURSOR`: a bad filter, limit, time or cursor.
 * - `LOCKED`: another live process holds the directory lock.
 * - `CLOSED`: the log was closed.
 * - `WRITE_FAILED`: a write or fsync failed; the log refuses further appends (see README, durability).
 * - `NO_SIGNER`: `checkpoint()` without a signer.
 * - `CORRUPT_LOG`: `open` or a read found damage that is not a torn tail; run `verifyAuditLog`.
 *
 * Reported codes (in `AuditVerifyReport.first_error.code`) are listed in {@link VerifyErrorCode}.
 */
export type AuditErrorCode =
  | "INVALID_EVENT"
  | "SECRET_IN_EVENT"
  | "RECORD_TOO_LARGE"
  | "INVALID_QUERY"
  | "INVALID_CURSOR"
  | "LOCKED"
  | "CLOSED"
  | "WRITE_FAILED"
  | "NO_SIGNER"
  | "CORRUPT_LOG";

/** Codes `verifyAuditLog` reports for the first problem it finds. */
export type VerifyErrorCode =
  | "NOT_FOUND"
  | "IO_ERROR"
  | "BAD_SEGMENT_NAME"
  | "SEGMENT_MISSING"
  | "BAD_JSON"
  | "BAD_SCHEMA"
  | "NON_CANONICAL"
  | "SEQ_GAP"
  | "DUPLICATE_RECORD"
  | "OUT_OF_ORDER"
  | "CHAIN_BROKEN"
  | "HASH_MISMATCH"
  | "TS_NOT_MONOTONIC"
  | "CHECKPOINT_BAD_JSON"
  | "CHECKPOINT_BAD_SCHEMA"
  | "CHECKPOINT_ORDER"
  | "CHECKPOINT_UNKNOWN_KID"
  | "CHECKPOINT_BAD_SIGNATURE"
  | "CHECKPOINT_MISMATCH"
  | "LOG_TRUNCATED";

/** The one error class of @openleash/audit; `code` is stable, `message` is for humans and never holds secrets. */
export class AuditError extends Error {
  override name = "AuditError";
  /** Stable machine-readable code from {@link AuditErrorCode}. */
  readonly code: AuditErrorCode;
  /** For `INVALID_EVENT` / `SECRET_IN_EVENT`: the offending field path (e.g. `data.api_key`). */
  readonly field?: string;

  constructor(code: AuditErrorCode, message: string, options?: { field?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.field !== undefined) this.field = options.field;
  }
}
