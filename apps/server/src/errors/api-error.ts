import { ERROR_CATALOGUE, type ErrorCode } from "./catalogue";

/** Extra machine-readable members placed in the problem document (RFC 9457 §3.2 extension members). */
export type ProblemExtensions = Record<string, unknown>;

/**
 * The server's single error class: a stable `code` from the catalogue, a message safe to show
 * (never a secret), and optional extension members (`errors` with line/column for a policy, ...).
 *
 * @example
 * throw new ApiError("NOT_FOUND", "agent not found");
 */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly extensions: ProblemExtensions = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? ERROR_CATALOGUE[code].title);
    this.name = "ApiError";
    this.status = ERROR_CATALOGUE[code].status;
    this.title = ERROR_CATALOGUE[code].title;
  }
}

/** Shorthand for the 404 every scoped lookup answers, whether the id is unknown or someone else's. */
export function notFound(what: string): ApiError {
  return new ApiError("NOT_FOUND", `${what} not found`);
}
