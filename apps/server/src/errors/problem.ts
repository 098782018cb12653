import type { Context } from "hono";
import type { ZodError } from "zod";
import { ApiError } from "./api-error";
import { ERROR_CATALOGUE, type ErrorCode } from "./catalogue";

/** RFC 9457 problem document as the server sends it (always with `code`). */
export type ProblemDocument = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  [extension: string]: unknown;
};

/** Base of the `type` URIs; each code gets a stable identifier (RFC 9457 §3.1.1). */
export const PROBLEM_TYPE_BASE = "https://openleash.dev/problems/";

/** Builds the problem document for an {@link ApiError}. */
export function toProblem(err: ApiError, instance?: string): ProblemDocument {
  return {
    ...err.extensions,
    type: PROBLEM_TYPE_BASE + err.code.toLowerCase().replaceAll("_", "-"),
    title: err.title,
    status: err.status,
    detail: err.message,
    code: err.code,
    ...(instance ? { instance } : {}),
  };
}

/** Writes an {@link ApiError} as `application/problem+json`. */
export function problemResponse(err: ApiError, instance?: string): Response {
  const headers = new Headers(err.headers);
  headers.set("content-type", PROBLEM_CONTENT_TYPE);
  return new Response(JSON.stringify(toProblem(err, instance)), { status: err.status, headers });
}

/** Media type of every error answer (RFC 9457 §3). */
export const PROBLEM_CONTENT_TYPE = "application/problem+json";

/** Turns zod issues into a list that names the field without echoing the submitted value. */
export function describeZodError(error: ZodError): Array<{ path: string; message: string }> {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message }));
}

const STATUS_CODES: Record<number, ErrorCode> = {
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  431: "HEADERS_TOO_LARGE",
};

/**
 * Maps anything thrown while serving a request to the {@link ApiError} it is answered with; internals
 * are logged, not echoed. Shared by the app's `onError` and the direct authorize path (server.ts).
 */
export function toApiError(err: unknown, log: (err: unknown) => void): ApiError {
  if (err instanceof ApiError) return err;
  const status = err instanceof Error && "status" in err && typeof err.status === "number" ? err.status : 500;
  const message = err instanceof Error ? err.message : "";
  // Hono's JSON validator throws HTTPException(400, "Malformed JSON in request body").
  if (status === 400 && /json/i.test(message)) return malformedJson();
  const mapped = STATUS_CODES[status];
  if (mapped) return new ApiError(mapped);
  if (status >= 400 && status < 500) return new ApiError("INVALID_REQUEST", "request could not be processed");
  log(err);
  return new ApiError("INTERNAL", "internal error");
}

/** The answer to a body that does not parse as JSON. */
export function malformedJson(): ApiError {
  return new ApiError("MALFORMED_JSON", "body is not valid JSON");
}

/** The app's one `onError`: every thrown error leaves as problem+json, internals are logged not echoed. */
export function createErrorHandler(log: (err: unknown) => void) {
  return (err: Error, c: Context): Response => problemResponse(toApiError(err, log), c.req.path);
}

/** A failed request validation: 400 INVALID_REQUEST naming the offending fields (never their values). */
export function validationError(error: ZodError): ApiError {
  return new ApiError("INVALID_REQUEST", "request failed validation", { errors: describeZodError(error) });
}

/**
 * The single zod-openapi `defaultHook`: a failed validation becomes 400 INVALID_REQUEST listing the
 * offending fields (their paths, never their values).
 */
export function validationHook(
  result: { success: true; data: unknown } | { success: false; error: ZodError },
  c: Context,
): Response | undefined {
  if (result.success) return undefined;
  return problemResponse(validationError(result.error), c.req.path);
}

/** 404 for unknown routes, as problem+json. */
export function notFoundHandler(c: Context): Response {
  return problemResponse(new ApiError("NOT_FOUND", "no such route"), c.req.path);
}

export { ERROR_CATALOGUE };
