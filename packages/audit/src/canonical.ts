import { AuditError } from "./errors";

/**
 * RFC 8785 (JCS) canonical JSON of a JSON value.
 *
 * - Object members sorted by their names as UTF-16 code unit sequences (RFC 8785 §3.2.3), which is
 *   exactly JavaScript's default string ordering.
 * - Numbers use the ECMAScript Number-to-string algorithm (RFC 8785 §3.2.2.3), i.e. `JSON.stringify`.
 * - Strings use JSON.stringify escaping, which matches RFC 8785 §3.2.2.2 for well-formed strings; strings
 *   with lone surrogates are rejected because RFC 8785 requires I-JSON (RFC 7493 §2.1).
 * - Members whose value is `undefined` are omitted (as JSON.stringify does); `toJSON()` is honoured
 *   (so a `Date` becomes its ISO string). Anything else that is not JSON (NaN, Infinity, bigint,
 *   functions, symbols, `undefined` inside arrays) is refused with `INVALID_EVENT`.
 *
 * @example canonicalJson({ b: 1, a: [true, "x"] }) // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  try {
    return fast(value, 0);
  } catch (err) {
    if (err !== BAIL) throw err;
    return encode(value, "", 0); // the slow path names the offending member, then throws
  }
}

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;
/** Thrown by the fast path on anything it would refuse; never escapes `canonicalJson`. */
const BAIL = Symbol("bail");

/** `String.prototype.isWellFormed` (ES2024, native in Node 20) with a regex fallback: no lone surrogates. */
export const wellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as unknown as { isWellFormed(): boolean }).isWellFormed()
    : (s) => !LONE_SURROGATE.test(s);

// biome-ignore lint/suspicious/noControlCharactersInRegex: JSON must escape exactly these (RFC 8259 §7).
const NEEDS_ESCAPE = /[\u0000-\u001f"\\]/;

/**
 * JSON string literal of a well-formed string, as `JSON.stringify` writes it (RFC 8785 §3.2.2.2),
 * skipping the general escaper when nothing needs escaping (the common case, ~2x faster).
 */
export function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** The hot path: same output as `encode`, no member paths kept; bails out on the first refusal. */
function fast(value: unknown, depth: number): string {
  switch (typeof value) {
    case "string":
      if (!wellFormed(value)) throw BAIL;
      return quote(value);
    case "number":
      if (!Number.isFinite(value)) throw BAIL;
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      throw BAIL;
  }
  if (value === null) return "null";
  if (depth >= MAX_DEPTH) throw BAIL;
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === "function") return fast(obj.toJSON(), depth);
  if (Array.isArray(obj)) {
    let s = "[";
    for (let i = 0; i < obj.length; i++) {
      const item = obj[i];
      if (item === undefined) throw BAIL;
      s += (i === 0 ? "" : ",") + fast(item, depth + 1);
    }
    return `${s}]`;
  }
  const keys = Object.keys(obj).sort();
  let s = "{";
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue;
    if (!wellFormed(key)) throw BAIL;
    s += (s.length === 1 ? "" : ",") + quote(key) + ":" + fast(member, depth + 1);
  }
  return `${s}}`;
}

function encode(value: unknown, path: string, depth: number): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      if (LONE_SURROGATE.test(value)) fail(path, "a string with a lone UTF-16 surrogate is not I-JSON");
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) fail(path, "numbers must be finite");
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      fail(path, `a ${typeof value} is not a JSON value`);
  }
  if (depth >= MAX_DEPTH) fail(path, `nesting deeper than ${MAX_DEPTH}`);
  const obj = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof obj.toJSON === "function") return encode(obj.toJSON(), path, depth);
  if (Array.isArray(obj)) {
    const parts: string[] = [];
    for (let i = 0; i < obj.length; i++) {
      if (obj[i] === undefined) fail(`${path}[${i}]`, "undefined inside an array");
      parts.push(encode(obj[i], `${path}[${i}]`, depth + 1));
    }
    return `[${parts.join(",")}]`;
  }
  const keys = Object.keys(obj).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const member = obj[key];
    if (member === undefined) continue;
    if (LONE_SURROGATE.test(key)) fail(path, "a member name with a lone UTF-16 surrogate");
    parts.push(`${JSON.stringify(key)}:${encode(member, path ? `${path}.${key}` : key, depth + 1)}`);
  }
  return `{${parts.join(",")}}`;
}

function fail(path: string, reason: string): never {
  throw new AuditError("INVALID_EVENT", `not canonical JSON at ${path || "<root>"}: ${reason}`, {
    field: path || undefined,
  });
}
