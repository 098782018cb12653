import { isProxy } from "node:util/types";
import { canonicalJson, quote, wellFormed } from "./canonical";
import { AuditError } from "./errors";

/** What `append` does when `data` holds something that looks like a secret. */
export type SecretPolicy = "redact" | "reject";

/** The placeholder that replaces a redacted value. */
export const REDACTED = "[REDACTED]";

/**
 * Member names treated as secrets after lower-casing and removing `_`, `-` and `.`: a name that
 * equals one of these or ends with one (`access_token`, `invite-token`, `client_secret`,
 * `privateKey`, `x-api-key`). Names such as `token_jti`, `password_hash` or `max_tokens` pass:
 * a hash or an identifier of a secret is what an audit record should hold instead.
 */
export const SECRET_NAME_SUFFIXES: readonly string[] = [
  "token",
  "secret",
  "password",
  "passwd",
  "passphrase",
  "privatekey",
  "apikey",
  "authorization",
  "cookie",
  "setcookie",
  "sessionid",
  "otp",
  "totp",
  "seed",
  "mnemonic",
  "credential",
  "credentials",
];

/** A compact JWS/JWT (RFC 7515 §7.1): three base64url segments, the first a JSON header. */
const COMPACT_JWS = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
/** An HTTP credential (RFC 9110 §11.4 `Authorization: Bearer|Basic ...`) or a PEM private key (RFC 7468). */
const CREDENTIAL_VALUE = /^(?:bearer|basic)\s+\S|-----BEGIN [A-Z ]*PRIVATE KEY-----/i;

/** What the guard and the encoder need to know about a member name; computed once per name. */
interface NameInfo {
  /** The name looks like a secret (see {@link SECRET_NAME_SUFFIXES}). */
  secret: boolean;
  /** `"name":` as canonical JSON writes it, or null for a name with a lone surrogate (not I-JSON). */
  prefix: string | null;
}

/** Member names repeat from event to event, so their verdicts are cached (bounded). */
const names = new Map<string, NameInfo>();

function nameInfo(name: string): NameInfo {
  let info = names.get(name);
  if (info === undefined) {
    const n = name.toLowerCase().replace(/[-_.]/g, "");
    info = {
      secret: SECRET_NAME_SUFFIXES.some((s) => n.endsWith(s)),
      prefix: wellFormed(name) ? `${quote(name)}:` : null,
    };
    if (names.size >= 4096) names.clear();
    names.set(name, info);
  }
  return info;
}

function isSecretName(name: string): boolean {
  return nameInfo(name).secret;
}

/** A private JWK (RFC 7517/7518: the private parts are `d`, `p`, `q`, `dp`, `dq`, `qi`, `k`). */
function isPrivateJwk(obj: Record<string, unknown>): boolean {
  return typeof obj.kty === "string" && (obj.d !== undefined || obj.k !== undefined);
}

const JWK_PRIVATE_MEMBERS = new Set(["d", "p", "q", "dp", "dq", "qi", "k", "oth"]);

/**
 * The secret guard applied to `data` before anything is written. It looks for
 * (1) members whose name looks like a secret (see {@link SECRET_NAME_SUFFIXES}),
 * (2) the private members of a JWK, (3) string values that are compact JWS/JWT bearer tokens
 * (log a token's `jti` instead), `Bearer ...`/`Basic ...` credentials or PEM private keys. In `"redact"` mode each such value becomes `"[REDACTED]"` (the
 * member stays, so readers see that something was removed); in `"reject"` mode the first one throws
 * `SECRET_IN_EVENT` naming only the field path, never the value. Returns a copy; the input is
 * not modified.
 *
 * @example redactSecrets({ user: "u1", api_key: "k" }, "redact") // { user: "u1", api_key: "[REDACTED]" }
 */
export function redactSecrets(data: Record<string, unknown>, policy: SecretPolicy): Record<string, unknown> {
  return walk(data, "data", policy, 0) as Record<string, unknown>;
}

function hit(path: string, policy: SecretPolicy): string {
  if (policy === "reject") {
    throw new AuditError("SECRET_IN_EVENT", `${path} looks like a secret; audit records never hold secrets`, {
      field: path,
    });
  }
  return REDACTED;
}

/**
 * `COMPACT_JWS.test(s) || CREDENTIAL_VALUE.test(s)`, running a regex only when it can match: a JWS
 * starts with `eyJ` (case-sensitive), a credential with `b`/`B` (case-insensitively only ASCII b
 * folds to B) or holds `-----` (no case variants), which rules out nearly every string at once.
 */
function looksLikeCredential(s: string): boolean {
  const c = s.charCodeAt(0);
  return (
    (c === 101 && s.startsWith("eyJ") && COMPACT_JWS.test(s)) ||
    ((c === 98 || c === 66 || s.includes("-----")) && CREDENTIAL_VALUE.test(s))
  );
}

function walk(value: unknown, path: string, policy: SecretPolicy, depth: number): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value; // as JSON would read it back
  if (typeof value === "string") return looksLikeCredential(value) ? hit(path, policy) : value;
  if (typeof value !== "object" || value === null || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v, i) => walk(v, `${path}[${i}]`, policy, depth + 1));
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return walk(toJSON.call(value), path, policy, depth + 1);
  const obj = value as Record<string, unknown>;
  const privateJwk = isPrivateJwk(obj);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(obj)) {
    const member = obj[key];
    const memberPath = `${path}.${key}`;
    if (member === undefined) continue;
    if (isSecretName(key) || (privateJwk && JWK_PRIVATE_MEMBERS.has(key))) {
      out[key] = member === null ? null : hit(memberPath, policy);
    } else {
      out[key] = walk(member, memberPath, policy, depth + 1);
    }
  }
  return out;
}

/** `data` after the secret guard, with its canonical JSON: what `append` hashes and writes. */
export interface GuardedData {
  /** The guarded plain copy, exactly `redactSecrets(data, policy)`. */
  value: unknown;
  /** Exactly `canonicalJson(value)` (RFC 8785). */
  json: string;
}

/**
 * `redactSecrets` and `canonicalJson` of its result in one pass over `data` (the append path),
 * with the same result, errors and order of `toJSON`/getter calls as running the two in turn.
 * Anything unusual (a hit in "reject" mode, a non-finite number, a lone surrogate, `undefined` in an
 * array, a `__proto__` member, an array with `toJSON` or not an `Array`, nesting near the limit) makes
 * the one-pass encoder give up, and the two general functions run instead and raise the error.
 */
export function guardAndEncode(data: Record<string, unknown>, policy: SecretPolicy): GuardedData {
  const cx: Cx = { json: "", redact: policy === "redact" };
  const value = guardValue(data, 0, cx);
  if (value !== BAIL) return { value, json: cx.json };
  const copy = redactSecrets(data, policy);
  return { value: copy, json: canonicalJson(copy) };
}

/** The one-pass encoder's state: `json` is the canonical JSON of the value `guardValue` last returned. */
interface Cx {
  json: string;
  redact: boolean;
}

const BAIL = Symbol("bail");
/** Deepest object nesting (counting `toJSON` hops, as `walk` does) the one-pass encoder handles. */
const FAST_DEPTH = 60;

/** Returns the guarded copy of `value` (setting `cx.json` to its canonical JSON), or BAIL. */
function guardValue(value: unknown, depth: number, cx: Cx): unknown {
  switch (typeof value) {
    case "string":
      if (looksLikeCredential(value)) return redacted(cx);
      if (!wellFormed(value)) return BAIL;
      cx.json = quote(value);
      return value;
    case "number":
      if (!Number.isFinite(value)) return BAIL;
      cx.json = String(value); // JSON's number form for a finite number (ECMA-262 SerializeJSONProperty)
      return value === 0 ? 0 : value; // -0 reads back as 0
    case "boolean":
      cx.json = value ? "true" : "false";
      return value;
    case "object":
      if (value === null) {
        cx.json = "null";
        return null;
      }
      if (depth >= FAST_DEPTH) return BAIL;
      return Array.isArray(value) ? guardArray(value, depth, cx) : guardObject(value, depth, cx);
    default:
      return BAIL; // undefined (a member's is skipped before), bigint, function, symbol: refused
  }
}

function redacted(cx: Cx): unknown {
  if (!cx.redact) return BAIL; // "reject": the general path throws, naming the first hit in walk order
  cx.json = `"${REDACTED}"`;
  return REDACTED;
}

function guardArray(arr: unknown[], depth: number, cx: Cx): unknown {
  // walk copies with arr.map (species constructor, skips holes) and ignores toJSON, canonicalJson then
  // honours the copy's toJSON: only a plain, non-proxy Array without toJSON behaves like a list here.
  const a = arr as unknown[] & { toJSON?: unknown };
  if (isProxy(a) || a.constructor !== Array || typeof a.toJSON === "function") return BAIL;
  const n = arr.length;
  const out = new Array<unknown>(n);
  let json = "[";
  for (let i = 0; i < n; i++) {
    const copy = guardValue(arr[i], depth + 1, cx); // a hole or undefined bails: canonicalJson refuses it
    if (copy === BAIL) return BAIL;
    out[i] = copy;
    json += i === 0 ? cx.json : `,${cx.json}`;
  }
  cx.json = `${json}]`;
  return out;
}

function guardObject(value: object, depth: number, cx: Cx): unknown {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") return guardValue(toJSON.call(value), depth + 1, cx);
  const obj = value as Record<string, unknown>;
  const privateJwk = isPrivateJwk(obj);
  const keys = Object.keys(obj);
  const parts = new Array<string>(keys.length);
  const out: Record<string, unknown> = {};
  let n = 0;
  // Insertion order, like walk (same toJSON and getter calls); kept members are compacted into
  // keys/parts, then both are sorted by name for RFC 8785 §3.2.3.
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const member = obj[key];
    if (member === undefined) continue;
    if (key === "__proto__") return BAIL; // walk's `out[key] =` would set the copy's prototype
    const info = nameInfo(key);
    if (info.prefix === null) return BAIL;
    let copy: unknown;
    if (info.secret || (privateJwk && JWK_PRIVATE_MEMBERS.has(key))) {
      if (member === null) {
        copy = null;
        cx.json = "null";
      } else copy = redacted(cx);
    } else copy = guardValue(member, depth + 1, cx);
    if (copy === BAIL) return BAIL;
    out[key] = copy;
    keys[n] = key;
    parts[n++] = info.prefix + cx.json;
  }
  cx.json = sortedMembers(keys, parts, n);
  return out;
}

/** `{` + the first n `"name":json` parts sorted by name (UTF-16 code units, as `<` compares) + `}`. */
function sortedMembers(keys: string[], parts: string[], n: number): string {
  for (let i = 1; i < n; i++) {
    const key = keys[i]!;
    const part = parts[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) {
      keys[j + 1] = keys[j]!;
      parts[j + 1] = parts[j]!;
    }
    keys[j + 1] = key;
    parts[j + 1] = part;
  }
  let json = "{";
  for (let i = 0; i < n; i++) json += i === 0 ? parts[i] : `,${parts[i]}`;
  return `${json}}`;
}
