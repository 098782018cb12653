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
  return encode(value, "", 0);
}

const MAX_DEPTH = 64;
const LONE_SURROGATE = /\p{Cs}/u;

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
