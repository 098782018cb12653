import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../errors";
import type { AppEnv } from "../env";
import type { RateLimiter } from "./rate-limit";

/** Rejects requests whose headers together exceed `maxBytes` (431 problem+json). */
export function headerLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let size = 0;
    c.req.raw.headers.forEach((value, name) => {
      size += name.length + value.length + 4;
    });
    if (size > maxBytes) throw new ApiError("HEADERS_TOO_LARGE", `request headers exceed ${maxBytes} bytes`);
    await next();
  };
}

/**
 * Rejects bodies over `maxBytes` (413 problem+json). With a Content-Length (and no
 * Transfer-Encoding) the header decides — Node's HTTP parser guarantees the body matches it — so
 * the request is not re-wrapped; chunked bodies are counted while streaming (hono's bodyLimit).
 */
export function bodySizeLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new ApiError("PAYLOAD_TOO_LARGE", `request body exceeds ${maxBytes} bytes`);
  };
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS") return next();
    const length = c.req.header("content-length");
    if (length !== undefined && c.req.header("transfer-encoding") === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxBytes) tooLarge();
      return next();
    }
    return streaming(c, next);
  };
}

/** The client address as the socket reports it (proxies' X-Forwarded-For is not trusted). */
export function clientIp(env: AppEnv["Bindings"] | undefined): string {
  return env?.incoming?.socket?.remoteAddress ?? "local";
}

/** Per-IP rate limit, counted before any authentication (429 problem+json with Retry-After). */
export function ipRateLimit(limiter: RateLimiter, now: () => Date): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const wait = limiter.hit(clientIp(c.env), now().getTime());
    if (wait > 0) {
      throw new ApiError(
        "RATE_LIMITED",
        "too many requests from this address",
        {},
        { "retry-after": String(wait) },
      );
    }
    await next();
  };
}
