import { CanonicalizationError, type CanonicalizationErrorCode } from "../errors.js";

/**
 * Maximum nesting depth accepted by {@link canonicalize}. JSON from the network is parsed by the
 * caller; this bound turns a hostile, very deep document into a typed error instead of a stack overflow.
 */
export const MAX_CANONICAL_DEPTH = 256;

// A UTF-16 surrogate that is not part of a pair. Such a string has no UTF-8 encoding (TextEncoder
// would silently replace it with U+FFFD, so two different strings would hash the same): RFC 8785
// §3.2.2.2 requires I-JSON (RFC 7493 §2.1), which forbids them.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// The only characters JSON.stringify escapes in a well-formed string.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these control characters are exactly what JSON escapes (RFC 8785 §3.2.2.2)
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

/** Portable well-formedness check (exported for tests; the native one is used when present). */
export function isWellFormedPortable(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

// String.prototype.isWellFormed (ES2024; Node 20, current browsers) is far cheaper than the regex.
const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as { isWellFormed?: unknown }).isWellFormed === "function"
    ? (s) => (s as string & { isWellFormed(): boolean }).isWellFormed()
    : isWellFormedPortable;

/**
 * Thrown inside the walk; each enclosing container adds its member name on the way out, so the
 * JSON pointer of the offending value costs nothing unless there is an error.
 */
class Failure {
  readonly keys: Array<string | number> = [];
  constructor(
    readonly code: CanonicalizationErrorCode,
    readonly message: string,
  ) {}
}

// Up to this length a string is checked by one scan in JS (well-formedness and escaping at once);
// longer ones by the native isWellFormed and the regex, which win once the call overhead is amortized.
const SCAN_MAX = 64;

/**
 * RFC 8785 §3.2.2.2 for a short string in one pass: throws for a lone surrogate (whatever else the
 * string holds, as the two-step check below does), else true when JSON.stringify would escape
 * something ('"', '\\' or a control character).
 */
function scanString(value: string): boolean {
  let needsEscape = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch < 0x20 || ch === 0x22 || ch === 0x5c) needsEscape = true;
    else if (ch >= 0xd800 && ch <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (ch > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) {
        throw new Failure("INVALID_JSON_VALUE", "string contains a lone UTF-16 surrogate");
      }
      i++; // the low half of the pair
    }
  }
  return needsEscape;
}

function serializeString(value: string): string {
  if (value.length <= SCAN_MAX) return scanString(value) ? JSON.stringify(value) : `"${value}"`;
  if (!isWellFormed(value))
    throw new Failure("INVALID_JSON_VALUE", "string contains a lone UTF-16 surrogate");
  // RFC 8785 §3.2.2.2 escapes exactly as ECMAScript JSON.stringify does (ES2019 well-formed
  // JSON.stringify): \b \t \n \f \r \" \\ as two-character escapes, other controls as \u00xx in
  // lowercase hex, everything else literal. Most strings need no escape at all: skip the call.
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * Member names in RFC 8785 §3.2.3 order (UTF-16 code units, which is how `<` compares strings and
 * what the comparator-less sort does). Small objects, the common case, are insertion-sorted in place:
 * cheaper than the generic sort for a handful of names; names are distinct, so no tie is possible.
 */
function sortedKeys(value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  if (keys.length > 16) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
}

function serialize(value: unknown, stack: object[]): string {
  switch (typeof value) {
    case "string":
      return serializeString(value);
    case "number":
      // RFC 8785 §3.2.2.3: ECMAScript Number::toString, which is what String() is; it already maps
      // -0 to "0" and uses exponents from 1e21 and below 1e-6. NaN and Infinity are not JSON.
      if (!Number.isFinite(value)) throw new Failure("INVALID_JSON_VALUE", "number is not finite");
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      return serializeContainer(value, stack);
    default:
      // undefined, function, symbol, bigint: no JSON representation (RFC 8785 §3.2.2).
      throw new Failure("INVALID_JSON_VALUE", `${typeof value} is not a JSON value`);
  }
}

function serializeArray(value: unknown[], stack: object[]): string {
  let out = "[";
  for (let i = 0; i < value.length; i++) {
    try {
      // A hole in a sparse array reads as undefined and is rejected like an explicit undefined.
      out += (i === 0 ? "" : ",") + serialize(value[i], stack);
    } catch (e) {
      if (e instanceof Failure) e.keys.unshift(i);
      throw e;
    }
  }
  return `${out}]`;
}

function serializeObject(value: Record<string, unknown>, stack: object[]): string {
  // RFC 8785 §3.2.3: members sorted by the UTF-16 code units of their names.
  const keys = sortedKeys(value);
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    try {
      out += `${i === 0 ? "" : ","}${serializeString(key)}:${serialize(value[key], stack)}`;
    } catch (e) {
      if (e instanceof Failure) e.keys.unshift(key);
      throw e;
    }
  }
  return `${out}}`;
}

function serializeContainer(value: object, stack: object[]): string {
  if (stack.includes(value)) throw new Failure("CYCLIC_VALUE", "value contains a cycle");
  if (stack.length >= MAX_CANONICAL_DEPTH)
    throw new Failure("NESTING_TOO_DEEP", `nesting exceeds ${MAX_CANONICAL_DEPTH}`);
  let out: string;
  stack.push(value);
  if (Array.isArray(value)) {
    out = serializeArray(value, stack);
  } else {
    const proto = Object.getPrototypeOf(value);
    // Dates, Maps, class instances, typed arrays: JSON.stringify would silently reshape them.
    if (proto !== Object.prototype && proto !== null) {
      throw new Failure("INVALID_JSON_VALUE", "only plain objects and arrays are JSON");
    }
    out = serializeObject(value as Record<string, unknown>, stack);
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
  try {
    return serialize(value, []);
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    const path = e.keys.map((k) => `/${String(k).replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
    throw new CanonicalizationError(e.code, e.message, path);
  }
}
