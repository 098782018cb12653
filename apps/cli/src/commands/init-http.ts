import { type Ed25519PrivateJwk, type SigningKey, signRequest } from "@openleash/proof-tokens";

/**
 * Failures of the operator commands (`start`, `init`, `keys`, `admin`) that are reported as one line and
 * exit code 1: a server that answered with an RFC 9457 problem, a server that cannot be reached,
 * a data folder held by a running server. `code` is stable (the server's problem `code` when
 * there is one).
 */
export class OperatorError extends Error {
  override name = "OperatorError";
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status when the server answered. */
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The failure an operator command reports as one line and exit code 1, or null for anything else
 * (a bug: the caller rethrows it). Besides {@link OperatorError} these are the server package's
 * configuration errors and API errors from work done directly on a data folder.
 */
export async function asOperatorError(err: unknown): Promise<OperatorError | null> {
  if (err instanceof OperatorError) return err;
  const { ApiError, ConfigError } = await import("@openleash/server");
  if (err instanceof ApiError) return new OperatorError(err.code, err.message, err.status);
  if (err instanceof ConfigError) return new OperatorError(err.code, err.message);
  return null;
}

/** What a request to an OpenLeash server needs: where, and which credential. */
export type ServerTarget = { url: string; fetch?: typeof fetch };

type Auth = { bearer: string } | { sign: { key: SigningKey | Ed25519PrivateJwk; keyId: string } } | null;

/** Normalises a server URL given on the command line (no trailing slash, http/https only). */
export function normaliseServerUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new OperatorError("INVALID_URL", `--url ${JSON.stringify(raw)} is not a URL`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new OperatorError("INVALID_URL", "--url must start with http:// or https://");
  if (u.search || u.hash) throw new OperatorError("INVALID_URL", "--url takes no query or fragment");
  return `${u.origin}${u.pathname}`.replace(/\/+$/, "");
}

function describeProblem(status: number, body: unknown): { code: string; message: string } {
  if (body && typeof body === "object") {
    const p = body as { code?: unknown; detail?: unknown; title?: unknown; errors?: unknown };
    const code = typeof p.code === "string" ? p.code : `HTTP_${status}`;
    let message = typeof p.detail === "string" ? p.detail : typeof p.title === "string" ? p.title : "";
    if (Array.isArray(p.errors) && p.errors.length > 0) {
      const first = p.errors[0] as { message?: unknown; path?: unknown };
      if (typeof first.message === "string" && !message.includes(first.message)) {
        message += ` (${typeof first.path === "string" && first.path ? `${first.path}: ` : ""}${first.message})`;
      }
    }
    return { code, message: message || `HTTP ${status}` };
  }
  return { code: `HTTP_${status}`, message: `HTTP ${status}` };
}

/**
 * Sends one JSON request to an OpenLeash server and returns the parsed JSON answer. Bearer
 * credentials go in `Authorization`; agent requests are signed per PROTOCOL.md §3 (RFC 9421).
 * Non-2xx answers become an {@link OperatorError} carrying the problem's `code` (RFC 9457 §3).
 */
export async function serverRequest<T>(
  target: ServerTarget,
  method: "GET" | "POST",
  path: string,
  options: { auth?: Auth; body?: unknown } = {},
): Promise<T> {
  const url = `${target.url}${path}`;
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  const auth = options.auth ?? null;
  if (auth && "bearer" in auth) headers.authorization = `Bearer ${auth.bearer}`;
  if (auth && "sign" in auth) {
    Object.assign(
      headers,
      await signRequest({
        method,
        url,
        ...(body !== undefined ? { body } : {}),
        key: auth.sign.key,
        keyId: auth.sign.keyId,
      }),
    );
  }
  let res: Response;
  try {
    res = await (target.fetch ?? fetch)(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    throw new OperatorError(
      "SERVER_UNREACHABLE",
      `cannot reach the OpenLeash server at ${target.url}${cause ? ` (${cause})` : ""}; is \`openleash start\` running?`,
    );
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // A non-JSON answer (a proxy's error page): reported by status below.
  }
  if (!res.ok) {
    const { code, message } = describeProblem(res.status, parsed);
    throw new OperatorError(code, `${method} ${path}: ${message} (${code}, HTTP ${res.status})`, res.status);
  }
  if (parsed === null) throw new OperatorError("BAD_RESPONSE", `${method} ${path}: the server sent no JSON`);
  return parsed as T;
}

/** Reads the admin token from `--admin-token` or `OPENLEASH_ADMIN_TOKEN`. */
export function adminTokenFrom(flag: unknown, env: NodeJS.ProcessEnv): string | undefined {
  if (typeof flag === "string" && flag !== "") return flag;
  const fromEnv = env.OPENLEASH_ADMIN_TOKEN;
  return fromEnv ? fromEnv : undefined;
}
