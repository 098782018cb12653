/**
 * Error catalogue of @openleash/proof-tokens. Every failure caused by input from outside (a token, a
 * request, a JWK, a JSON value) is an {@link OpenLeashTokenError} with a stable string `code`; misuse
 * by the caller (missing options, wrong types) is a plain `TypeError`. Messages never contain a token,
 * a key or a signature: at most a `kid`, a `jti` or a component name.
 */

/** Base class of every typed error thrown by this package. */
export class OpenLeashTokenError extends Error {
  /** Stable machine-readable code (never changes between releases). */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Codes of {@link CanonicalizationError}. */
export type CanonicalizationErrorCode = "INVALID_JSON_VALUE" | "CYCLIC_VALUE" | "NESTING_TOO_DEEP";

/** A value cannot be canonicalized per RFC 8785 (non-finite number, undefined, function, lone surrogate...). */
export class CanonicalizationError extends OpenLeashTokenError {
  declare readonly code: CanonicalizationErrorCode;
  /** JSON-pointer-like path of the offending value (e.g. `/payload/amount`). */
  readonly path: string;

  constructor(code: CanonicalizationErrorCode, message: string, path: string) {
    super(code, `${message} at ${path === "" ? "/" : path}`);
    this.path = path;
  }
}

/** Codes of {@link KeyError}. */
export type KeyErrorCode = "INVALID_KEY" | "UNSUPPORTED_RUNTIME";

/** A JWK is not a valid OKP/Ed25519 key, or the runtime offers no Ed25519 implementation at all. */
export class KeyError extends OpenLeashTokenError {
  declare readonly code: KeyErrorCode;
}

/** Codes of {@link ProofTokenError}. */
export type ProofTokenErrorCode =
  | "MALFORMED_TOKEN"
  | "UNSUPPORTED_ALGORITHM"
  | "UNKNOWN_KID"
  | "INVALID_SIGNATURE"
  | "WRONG_TYP"
  | "ISSUER_MISMATCH"
  | "AUDIENCE_MISMATCH"
  | "SUBJECT_MISMATCH"
  | "TOKEN_EXPIRED"
  | "NOT_YET_VALID"
  | "ACTION_HASH_MISMATCH"
  | "INSUFFICIENT_ASSURANCE"
  | "UNKNOWN_ISSUER"
  | "CHAIN_BROKEN";

/** A proof token, approval token or chain failed verification. */
export class ProofTokenError extends OpenLeashTokenError {
  declare readonly code: ProofTokenErrorCode;
  /** The claim the failure is about (`exp`, `aud`, `action_hash`...), when there is one. */
  readonly claim: string | undefined;

  constructor(code: ProofTokenErrorCode, message: string, options?: { claim?: string; cause?: unknown }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.claim = options?.claim;
  }
}

/** Codes of {@link RequestSignatureError} (PROTOCOL.md §3, §7). */
export type RequestSignatureErrorCode =
  | "MALFORMED_SIGNATURE"
  | "MISSING_COMPONENT"
  | "DIGEST_MISMATCH"
  | "CLOCK_SKEW"
  | "SIGNATURE_EXPIRED"
  | "INVALID_SIGNATURE";

/** An RFC 9421 agent request signature failed verification. */
export class RequestSignatureError extends OpenLeashTokenError {
  declare readonly code: RequestSignatureErrorCode;
}
