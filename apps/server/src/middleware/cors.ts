import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../env";

/**
 * Request headers a browser agent sends (PROTOCOL.md §3: RFC 9421 signatures with an RFC 9530
 * digest; bearer tokens for owners and admins). Anything not CORS-safelisted must be named in
 * the preflight answer (Fetch standard, CORS protocol).
 */
export const CORS_ALLOW_HEADERS = [
  "Authorization",
  "Content-Type",
  "Content-Digest",
  "Signature",
  "Signature-Input",
] as const;

/**
 * Response headers a browser client needs to read beyond the safelisted ones: when to retry a 429
 * and the bearer challenge of a 401 (RFC 6750 §3).
 */
export const CORS_EXPOSE_HEADERS = ["Retry-After", "WWW-Authenticate"] as const;

/** Methods the API uses. */
const ALLOW_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** How long a browser may cache a preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS for the configured origins (`corsOrigins`), or `null` when none is configured: then the
 * server sends no CORS header at all and browsers allow same-origin calls only. Origins match
 * exactly; `*` only when it is configured. No credentials mode: the API authenticates with
 * headers the page sets itself (signatures, bearer tokens), never with cookies, so a page cannot
 * ride on a user's ambient credentials.
 *
 * Registered first so that every answer, including the 429 and 431 of the limit middleware and
 * problem+json errors, carries the headers a browser needs to read it.
 */
export function corsMiddleware(origins: readonly string[]): MiddlewareHandler<AppEnv> | null {
  if (origins.length === 0) return null;
  const allowed = new Set(origins);
  return cors({
    origin: allowed.has("*") ? "*" : (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ALLOW_METHODS,
    allowHeaders: [...CORS_ALLOW_HEADERS],
    exposeHeaders: [...CORS_EXPOSE_HEADERS],
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
  });
}
