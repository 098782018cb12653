/**
 * Errors of the SDK. One base class with a stable string `code` (STYLE.md "Errors"); problems the
 * server answered with keep their RFC 9457 members. Token verification failures are the
 * `ProofTokenError`s of @openleash/proof-tokens, re-exported as they are.
 */

/** Codes of errors raised by the SDK itself (the server's codes come through {@link OpenLeashApiError}). */
export type SdkErrorCode =
  /** `waitForApproval` ran out of time while the request was still pending. */
  | "APPROVAL_TIMEOUT"
  /** The owner denied the approval request. */
  | "APPROVAL_DENIED"
  /** The approval request expired, or its single-use token was already redeemed. */
  | "APPROVAL_EXPIRED"
  /** An invite URL or token that cannot be used. */
  | "INVALID_INVITE"
  /** A JWKS could not be fetched or is not a JWK Set. */
  | "JWKS_UNAVAILABLE"
  /** The server answered something that is not what the API describes. */
  | "UNEXPECTED_RESPONSE";

/** Base class of every error the SDK throws (except caller misuse, which is a `TypeError`). */
export class OpenLeashError extends Error {
  /** Stable, machine-readable code: an {@link SdkErrorCode} or the server's problem `code`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** An RFC 9457 problem document as OpenLeash answers it (PROTOCOL.md §7). */
export type Problem = {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  /** Stable code: INVALID_SIGNATURE, NONCE_REPLAY, APPROVAL_TOKEN_USED, ... */
  code: string;
  instance?: string;
  /** Validation errors, when the body was invalid. */
  errors?: Array<Record<string, unknown>>;
  [member: string]: unknown;
};

function isProblem(value: unknown): value is Problem {
  const v = value as Partial<Problem> | null;
  return typeof v === "object" && v !== null && typeof v.code === "string" && typeof v.title === "string";
}

/**
 * The server refused a request: carries the problem+json it answered with. A DENY decision is not
 * an error (it is a 200 answer); this is for 4xx/5xx answers.
 *
 * @example
 * try { await agent.authorize(action); }
 * catch (err) { if (err instanceof OpenLeashApiError && err.code === "NONCE_REPLAY") retry(); }
 */
export class OpenLeashApiError extends OpenLeashError {
  /** HTTP status. */
  readonly status: number;
  /** Short summary of the problem type. */
  readonly title: string;
  /** Explanation of this occurrence (never contains secrets). */
  readonly detail: string | undefined;
  /** The whole problem document (with `errors` for validation failures). */
  readonly problem: Problem;
  /** Seconds to wait before retrying, from `Retry-After` (429 RATE_LIMITED), when the server sent one. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.code, problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.status = problem.status;
    this.title = problem.title;
    this.detail = problem.detail;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Builds the error from a failed response and its parsed body. A body that is not a problem
   * document (a proxy's HTML page, say) still yields an error with code `HTTP_<status>`.
   */
  static from(status: number, body: unknown, statusText = "", retryAfter?: string | null): OpenLeashApiError {
    // RFC 9110 §10.2.3: delay-seconds (an HTTP-date is not used by OpenLeash).
    const seconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
    if (isProblem(body)) return new OpenLeashApiError({ ...body, status }, seconds);
    return new OpenLeashApiError(
      {
        title: statusText || `HTTP ${status}`,
        status,
        code: `HTTP_${status}`,
        detail: "the server did not answer with a problem document",
      },
      seconds,
    );
  }
}
