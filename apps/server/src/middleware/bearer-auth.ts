import type { MiddlewareHandler } from "hono";
import { ApiError } from "../errors";
import type { AdminEnv, OwnerEnv } from "../env";

const CHALLENGE = { "www-authenticate": 'Bearer realm="openleash"' };

function bearer(header: string | undefined): string {
  const m = header ? /^Bearer[ ]+([A-Za-z0-9._~+/=-]{1,512})$/i.exec(header) : null;
  if (!m) throw new ApiError("UNAUTHENTICATED", "send Authorization: Bearer <token>", {}, CHALLENGE);
  return m[1]!;
}

/** Owner authentication with an API token (RFC 6750 §2.1); a token authenticates at LOW assurance. */
export function ownerAuth(): MiddlewareHandler<OwnerEnv> {
  return async (c, next) => {
    const principal = await c.var.services.owners.authenticate(bearer(c.req.header("authorization")));
    if (!principal) throw new ApiError("INVALID_TOKEN", "token is unknown or revoked", {}, CHALLENGE);
    c.set("owner", principal);
    await next();
  };
}

/** Admin authentication with the instance's admin token. */
export function adminAuth(): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (!(await c.var.services.owners.authenticateAdmin(bearer(c.req.header("authorization"))))) {
      throw new ApiError("INVALID_TOKEN", "token is not the admin token", {}, CHALLENGE);
    }
    c.set("admin", true);
    await next();
  };
}
