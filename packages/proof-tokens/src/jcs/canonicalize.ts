import { CanonicalizationError } from "../errors.js";

/**
 * Maximum nesting depth accepted by {@link canonicalize}. JSON from the network is parsed by the
 * caller; this bound turns a hostile, very deep document into a typed error instead of a stack overflow.
 */
export const MAX_CANONICAL_DEPTH = 256;

// A UTF-16 surrogate that is not part of a pair. Such a string has no UTF-8 encoding (TextEncoder
// would silently replace it with U+FFFD, so two different strings would hash the same): RFC 8785
// §3.2.2.2 requires I-JSON (RFC 7493 §2.1), which forbids them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function serializeString(value: string, walk: Walk): string {
  if (LONE_SURROGATE.test(value)) fail("INVALID_JSON_VALUE", "string contains a lone UTF-16 surrogate", walk);
  // RFC 8785 §3.2.2.2 escapes exactly as ECMAScript JSON.stringify does (ES2019 well-formed
  // JSON.stringify): \b \t \n \f \r \" \\ as two-character escapes, other controls as \u00xx in
  // lowercase hex, everything else literal.
  return JSON.stringify(value);
}

function serializeNumber(value: number, walk: Walk): string {
  // RFC 8785 §3.2.2.3: ECMAScript Number::toString, which is what String() is; it already maps
  // -0 to "0" and uses exponents from 1e21 and below 1e-6. NaN and Infinity are not JSON.
  if (!Number.isFinite(value)) fail("INVALID_JSON_VALUE", "number is not finite", walk);
  return String(value);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Where the walk currently is: the member names/indexes, turned into a JSON pointer only on error. */
type Walk = { keys: Array<string | number>; stack: object[] };

function fail(code: CanonicalizationError["code"], message: string, walk: Walk): never {
  const path = walk.keys.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
  throw new CanonicalizationError(code, message, path);
}

function serialize(value: unknown, walk: Walk): string {
  switch (typeof value) {
    case "string":
      return serializeString(value, walk);
    case "number":
      return serializeNumber(value, walk);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return serializeContainer(value, walk);
    default:
      // undefined, function, symbol, bigint: no JSON representation (RFC 8785 §3.2.2).
      return fail("INVALID_JSON_VALUE", `${typeof value} is not a JSON value`, walk);
  }
}

function serializeContainer(value: object, walk: Walk): string {
  const { keys: path, stack } = walk;
  if (stack.includes(value)) fail("CYCLIC_VALUE", "value contains a cycle", walk);
  if (stack.length >= MAX_CANONICAL_DEPTH)
    fail("NESTING_TOO_DEEP", `nesting exceeds ${MAX_CANONICAL_DEPTH}`, walk);
  stack.push(value);
  let out: string;
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // A hole in a sparse array reads as undefined and is rejected like an explicit undefined.
      path.push(i);
      parts.push(serialize(value[i], walk));
      path.pop();
    }
    out = `[${parts.join(",")}]`;
  } else if (isPlainObject(value)) {
    // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names, which is exactly the
    // default (comparator-less) Array.prototype.sort order on JS strings.
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const key of keys) {
      path.push(key);
      parts.push(`${serializeString(key, walk)}:${serialize(record[key], walk)}`);
      path.pop();
    }
    out = `{${parts.join(",")}}`;
  } else {
    // Dates, Maps, class instances, typed arrays: JSON.stringify would silently reshape them.
    fail("INVALID_JSON_VALUE", "only plain objects and arrays are JSON", walk);
  }
  stack.pop();
  return out;
}

/**
 * RFC 8785 JSON Canonicalization Scheme: the canonical JSON text of a JSON value.
 *
 * Accepts what `JSON.parse` produces (plain objects, arrays, strings, finite numbers, booleans,
 * null). Rejects with a {@link CanonicalizationError} anything with no exact JSON form: NaN/Infinity,
 * undefined (also as an object member), functions, symbols, bigints, non-plain objects, strings with
 * lone surrogates, cycles, nesting deeper than {@link MAX_CANONICAL_DEPTH}.
 *
 * @example
 * canonicalize({ b: [1e21, -0, 0.1], a: "é" }) // '{"a":"é","b":[1e+21,0,0.1]}'
 */
export function canonicalize(value: unknown): string {
  return serialize(value, { keys: [], stack: [] });
}
