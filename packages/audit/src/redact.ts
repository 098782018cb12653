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

/** Member names repeat from event to event, so their verdicts are cached (bounded). */
const verdicts = new Map<string, boolean>();

function isSecretName(name: string): boolean {
  let verdict = verdicts.get(name);
  if (verdict === undefined) {
    const n = name.toLowerCase().replace(/[-_.]/g, "");
    verdict = SECRET_NAME_SUFFIXES.some((s) => n.endsWith(s));
    if (verdicts.size >= 4096) verdicts.clear();
    verdicts.set(name, verdict);
  }
  return verdict;
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

function walk(value: unknown, path: string, policy: SecretPolicy, depth: number): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value; // as JSON would read it back
  if (typeof value === "string") {
    return COMPACT_JWS.test(value) || CREDENTIAL_VALUE.test(value) ? hit(path, policy) : value;
  }
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
