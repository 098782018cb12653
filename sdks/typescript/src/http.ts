import createClient, { type Client } from "openapi-fetch";
import { OpenLeashApiError } from "./errors";
import type { paths } from "./generated/schema";
import type { FetchLike } from "./signing";

/** The typed openapi-fetch client over the whole OpenLeash API (generated from spec/openapi.json). */
export type OpenLeashApiClient = Client<paths>;

/** Options shared by every client: where the server is and how to reach it. */
export interface ClientOptions {
  /** The instance's base URL, e.g. `http://127.0.0.1:8787` (the issuer). */
  baseUrl: string;
  /** A custom fetch (proxies, tests); defaults to the global fetch. */
  fetch?: FetchLike;
}

/** Strips trailing slashes and checks that the base URL is absolute http(s). */
export function normalizeBaseUrl(baseUrl: string): string {
  if (typeof baseUrl !== "string") throw new TypeError("baseUrl must be a string");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`baseUrl is not an absolute URL: ${baseUrl}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError("baseUrl must be http(s)");
  return baseUrl.replace(/\/+$/, "");
}

/** An openapi-fetch client on `baseUrl` that sends through `fetch` (signing or plain). */
export function createApiClient(baseUrl: string, fetch?: FetchLike, headers?: Record<string, string>) {
  return createClient<paths>({
    baseUrl: normalizeBaseUrl(baseUrl),
    fetch: fetch ?? ((req: Request) => globalThis.fetch(req)),
    ...(headers ? { headers } : {}),
  });
}

type Result<T> = { data?: T; error?: unknown; response: Response };

/**
 * The body of a successful openapi-fetch result, or an {@link OpenLeashApiError} carrying the
 * RFC 9457 problem the server answered with.
 */
export function unwrap<T>(result: Result<T>): T {
  const { response } = result;
  if (!response.ok || result.error !== undefined) {
    throw OpenLeashApiError.from(
      response.status,
      result.error,
      response.statusText,
      response.headers.get("retry-after"),
    );
  }
  return result.data as T;
}
