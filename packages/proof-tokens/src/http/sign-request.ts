import { importSigningKey, isSigningKey } from "../crypto/keys.js";
import type { Ed25519PrivateJwk, SigningKey } from "../crypto/types.js";
import { toBase64, toBase64Url, utf8 } from "../encoding.js";
import { epochSeconds, requireString } from "../jws/claims.js";
import { contentDigest } from "./content-digest.js";
import {
  MAX_NONCE_LENGTH,
  MIN_NONCE_LENGTH,
  SIGNATURE_ALG,
  SIGNATURE_LABEL,
  SIGNATURE_TAG,
} from "./profile.js";
import { signatureBase } from "./signature-base.js";
import { type InnerList, type Item, type Parameters, serializeInnerList } from "./structured-fields.js";

/** Options of {@link signRequest}. */
export interface SignRequestOptions {
  method: string;
  /** Absolute URL, or `path?query` exactly as it will be sent. */
  url: string;
  body?: Uint8Array | string;
  /** The agent's key: an imported {@link SigningKey} (import once, reuse) or its private JWK. */
  key: SigningKey | Ed25519PrivateJwk;
  /** The agent key id (RFC 7638 thumbprint of its public JWK). */
  keyId: string;
  /** Signing time; defaults to the current time. */
  now?: Date;
  /** ≥ 128 random bits; defaults to 16 fresh random bytes in base64url. */
  nonce?: string;
  /** Adds `expires = created + expiresInSeconds`. */
  expiresInSeconds?: number;
}

/** Split a URL into the RFC 9421 `@path` and `@query` values. */
export function splitTarget(url: string): { path: string; query: string } {
  requireString(url, "url");
  let target = url;
  if (!url.startsWith("/")) {
    // An absolute URL: what fetch() sends is the WHATWG-normalized path and query.
    const parsed = new URL(url);
    target = parsed.pathname + parsed.search;
  }
  const noFragment = target.split("#", 1)[0]!;
  const q = noFragment.indexOf("?");
  const path = q < 0 ? noFragment : noFragment.slice(0, q);
  const query = q < 0 ? "" : noFragment.slice(q);
  // §2.2.6: an empty path is "/"; §2.2.7: an empty query ("?" alone) carries nothing to protect.
  return { path: path === "" ? "/" : path, query: query === "?" ? "" : query };
}

function randomNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return toBase64Url(bytes);
}

function checkNonce(nonce: string): string {
  if (nonce.length < MIN_NONCE_LENGTH || nonce.length > MAX_NONCE_LENGTH || !/^[\x21-\x7e]+$/.test(nonce)) {
    throw new TypeError(`nonce must be ${MIN_NONCE_LENGTH}-${MAX_NONCE_LENGTH} printable ASCII characters`);
  }
  return nonce;
}

/**
 * Sign an agent request per PROTOCOL.md §3 (RFC 9421 with Ed25519, RFC 9530 Content-Digest).
 * Covers `@method`, `@path`, `@query` (when there is a query) and `content-digest` (when there is
 * a body); returns the headers to add: `content-digest` (with a body), `signature-input`, `signature`.
 *
 * @example
 * const headers = await signRequest({ method: "POST", url: "https://leash.example/v1/authorize",
 *   body: JSON.stringify({ action }), key: agentKey, keyId: agentKey.kid });
 * await fetch("https://leash.example/v1/authorize", { method: "POST", body, headers });
 */
export async function signRequest(options: SignRequestOptions): Promise<Record<string, string>> {
  const method = requireString(options.method, "method").toUpperCase();
  const { path, query } = splitTarget(options.url);
  const key = isSigningKey(options.key) ? options.key : await importSigningKey(options.key);
  const keyId = requireString(options.keyId, "keyId");
  const created = epochSeconds(options.now ?? new Date());
  const body = typeof options.body === "string" ? utf8(options.body) : options.body;
  const headers: Record<string, string> = {};
  const components: Item[] = [item("@method"), item("@path")];
  if (query !== "") components.push(item("@query"));
  if (body !== undefined && body.length > 0) {
    headers["content-digest"] = await contentDigest(body);
    components.push(item("content-digest"));
  }
  const params: Parameters = new Map<string, string | number>([
    ["created", created],
    ["nonce", checkNonce(options.nonce ?? randomNonce())],
    ["keyid", keyId],
    ["alg", SIGNATURE_ALG],
    ["tag", SIGNATURE_TAG],
  ]);
  if (options.expiresInSeconds !== undefined) {
    if (!Number.isSafeInteger(options.expiresInSeconds) || options.expiresInSeconds <= 0) {
      throw new TypeError("expiresInSeconds must be a positive integer");
    }
    params.set("expires", created + options.expiresInSeconds);
  }
  const input: InnerList = { items: components, params };
  const values: Record<string, string> = { "@method": method, "@path": path, "@query": query };
  if (headers["content-digest"]) values["content-digest"] = headers["content-digest"];
  const base = signatureBase(input, (name) => values[name] ?? null);
  const signature = await key.sign(utf8(base));
  headers["signature-input"] = `${SIGNATURE_LABEL}=${serializeInnerList(input)}`;
  headers.signature = `${SIGNATURE_LABEL}=:${toBase64(signature)}:`;
  return headers;
}

function item(name: string): Item {
  return { value: name, params: new Map() };
}
