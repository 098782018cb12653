import { signRequest } from "@openleash/proof-tokens";
import type { Middleware } from "openapi-fetch";
import type { AgentKey } from "./keys";

/** The fetch the SDK calls: the platform's, or one the caller supplies (proxies, tests). */
export type FetchLike = (input: Request) => Promise<Response>;

/** Options of {@link signHttpRequest} and {@link createSigningFetch}. */
export interface SigningOptions {
  /** Clock for `created` (tests, or a corrected clock on a machine that drifts). */
  now?: () => Date;
  /** Adds `expires = created + expiresInSeconds` to the signature parameters. */
  expiresInSeconds?: number;
}

const NO_BODY = new Set(["GET", "HEAD"]);

/**
 * Returns a copy of `request` signed per PROTOCOL.md §3: RFC 9421 over `@method`, `@path`,
 * `@query` (when there is one) and `content-digest` (RFC 9530, when there is a body), with a
 * fresh 128-bit nonce, `created`, `keyid`, `alg="ed25519"`, `tag="openleash"`.
 *
 * The body is read once into bytes and those very bytes are both digested and sent, so nothing
 * between signing and sending can change what was signed.
 *
 * @example
 * const signed = await signHttpRequest(new Request(url, { method: "POST", body }), key);
 * const res = await fetch(signed);
 */
export async function signHttpRequest(
  request: Request,
  key: Pick<AgentKey, "kid" | "signingKey">,
  options: SigningOptions = {},
): Promise<Request> {
  const method = request.method.toUpperCase();
  const bytes = NO_BODY.has(method) ? null : new Uint8Array(await request.arrayBuffer());
  const body = bytes && bytes.byteLength > 0 ? bytes : undefined;
  const signature = await signRequest({
    method,
    // request.url is the WHATWG-normalised URL, i.e. exactly the path and query fetch will send.
    url: request.url,
    ...(body ? { body } : {}),
    key: key.signingKey,
    keyId: key.kid,
    ...(options.now ? { now: options.now() } : {}),
    ...(options.expiresInSeconds !== undefined ? { expiresInSeconds: options.expiresInSeconds } : {}),
  });
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(signature)) headers.set(name, value);
  return new Request(request.url, {
    method,
    headers,
    ...(body ? { body } : {}),
    signal: request.signal,
    // Not `cache`/`credentials`: some edge runtimes reject them, and agent calls carry no cookies.
    redirect: request.redirect,
  });
}

/**
 * A `fetch` that signs every request with the agent's key before sending it (see
 * {@link signHttpRequest}). Use it for agent endpoints only; owner endpoints use bearer tokens.
 *
 * @example
 * const signedFetch = createSigningFetch(key);
 * await signedFetch(new Request(`${baseUrl}/v1/agent/me`));
 */
export function createSigningFetch(
  key: Pick<AgentKey, "kid" | "signingKey">,
  options: SigningOptions & { fetch?: FetchLike } = {},
): FetchLike {
  const send: FetchLike = options.fetch ?? ((req) => globalThis.fetch(req));
  return async (request) => send(await signHttpRequest(request, key, options));
}

/**
 * The same signing as an openapi-fetch middleware, for your own `createClient<paths>()` clients.
 * Register it last (`client.use(...)` after every other middleware): anything that changes the
 * request after it would break the signature.
 *
 * @example
 * const client = createClient<paths>({ baseUrl });
 * client.use(signingMiddleware(key));
 * await client.GET("/v1/agent/me");
 */
export function signingMiddleware(
  key: Pick<AgentKey, "kid" | "signingKey">,
  options: SigningOptions = {},
): Middleware {
  return { onRequest: ({ request }) => signHttpRequest(request, key, options) };
}
