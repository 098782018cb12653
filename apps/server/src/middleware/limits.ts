import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../errors";
import type { AppEnv } from "../env";
import type { RateLimiter } from "./rate-limit";

/** Throws 431 when the headers (name + value + 4 bytes of framing each) exceed `maxBytes`. */
export function checkHeaderBytes(size: number, maxBytes: number): void {
  if (size > maxBytes) throw new ApiError("HEADERS_TOO_LARGE", `request headers exceed ${maxBytes} bytes`);
}

/** Rejects requests whose headers together exceed `maxBytes` (431 problem+json). */
export function headerLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let size = 0;
    c.req.raw.headers.forEach((value, name) => {
      size += name.length + value.length + 4;
    });
    checkHeaderBytes(size, maxBytes);
    await next();
  };
}

/** The 413 answer to a body over `maxBytes`. */
export function payloadTooLarge(maxBytes: number): ApiError {
  return new ApiError("PAYLOAD_TOO_LARGE", `request body exceeds ${maxBytes} bytes`);
}

/**
 * With a Content-Length (and no Transfer-Encoding) the header decides the body size — Node's HTTP
 * parser guarantees the body matches it. Returns false when the body must be counted instead.
 */
export function checkDeclaredLength(
  length: string | undefined,
  transferEncoding: string | undefined,
  maxBytes: number,
): boolean {
  if (length === undefined || transferEncoding !== undefined) return false;
  if (!/^\d+$/.test(length) || Number(length) > maxBytes) throw payloadTooLarge(maxBytes);
  return true;
}

/**
 * Rejects bodies over `maxBytes` (413 problem+json). A declared Content-Length is checked without
 * re-wrapping the request; chunked bodies are counted while streaming (hono's bodyLimit).
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw payloadTooLarge(maxBytes);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    if (checkDeclaredLength(c.req.header("content-length"), c.req.header("transfer-encoding"), maxBytes)) {
      return next();
    }
    return streaming(c, next);
  };
}

/** The client address as the socket reports it (proxies' X-Forwarded-For is not trusted). */
export function clientIp(env: AppEnv["Bindings"] | undefined): string {
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** Counts one request from `ip`; throws 429 (with Retry-After) over the per-IP rate. */
export function checkIpRate(limiter: RateLimiter, ip: string, nowMs: number): void {
  const wait = limiter.hit(ip, nowMs);
  if (wait > 0) {
    throw new ApiError(
      "RATE_LIMITED",
      "too many requests from this address",
      {},
      { "retry-after": String(wait) },
    );
  }
}

/** Per-IP rate limit, counted before any authentication (429 problem+json with Retry-After). */
export function ipRateLimit(limiter: RateLimiter, now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    checkIpRate(limiter, clientIp(c.env), now().getTime());
    await next();
  };
}
