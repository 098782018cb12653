/**
 * A strict parser and serializer for the RFC 8941 Structured Field types that RFC 9421 and RFC 9530
 * use: Dictionaries whose members are Items or Inner Lists, with Parameters. Stricter than RFC 8941
 * in one deliberate way: a duplicate dictionary key or parameter is an error (RFC 8941 §4.2.2 would
 * let the last one win), because two signature labels or two `created` values are an attack, not a
 * mistake to paper over. Every failure is a {@link StructuredFieldError}.
 */
import { fromBase64, toBase64 } from "../encoding.js";

/** Thrown for text that is not a valid structured field; the caller maps it to its own error code. */
export class StructuredFieldError extends Error {}

/** A Token (RFC 8941 §3.3.4), kept apart from strings because it serializes without quotes. */
export class Token {
  constructor(readonly value: string) {}
}

/** A Decimal (RFC 8941 §3.3.2), kept apart from Integers so that `created=1.0` is not an integer. */
export class Decimal {
  constructor(readonly value: number) {}
}

/** RFC 8941 §3.3 bare items this parser understands (numbers are Integers). */
export type BareItem = number | Decimal | string | Token | Uint8Array | boolean;
/** Parameters (§3.1.2), in order. */
export type Parameters = Map<string, BareItem>;
/** An Item with its parameters (§3.3). */
export type Item = { value: BareItem; params: Parameters };
/** An Inner List with its parameters (§3.1.1). */
export type InnerList = { items: Item[]; params: Parameters };
/** A Dictionary (§3.2), in order. */
export type Dictionary = Map<string, Item | InnerList>;

/** True for an Inner List member. */
export function isInnerList(member: Item | InnerList): member is InnerList {
  return "items" in member;
}

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}
  peek(): string {
    return this.text[this.pos] ?? "";
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  skip(chars: string): void {
    while (!this.done() && chars.includes(this.peek())) this.pos++;
  }
  expect(char: string): void {
    if (this.peek() !== char) throw new StructuredFieldError(`expected ${char} at ${this.pos}`);
    this.pos++;
  }
}

// Character classes of RFC 8941 §3.1.2 (keys) and §3.3.4 (tokens), tested by char code: the
// parser runs on every agent request, so it scans without regexes or per-character strings.
const isLcAlpha = (ch: number) => ch >= 0x61 && ch <= 0x7a;
const isDigit = (ch: number) => ch >= 0x30 && ch <= 0x39;
const isAlpha = (ch: number) => isLcAlpha(ch) || (ch >= 0x41 && ch <= 0x5a);
const isKeyChar = (ch: number) =>
  isLcAlpha(ch) || isDigit(ch) || ch === 0x5f || ch === 0x2d || ch === 0x2e || ch === 0x2a;
const TCHAR_EXTRA = new Set([..."!#$%&'*+-.^_`|~:/"].map((c) => c.charCodeAt(0)));
const isTokenChar = (ch: number) => isAlpha(ch) || isDigit(ch) || TCHAR_EXTRA.has(ch);

function parseKey(c: Cursor): string {
  const start = c.pos;
  const first = c.text.charCodeAt(start);
  if (!(isLcAlpha(first) || first === 0x2a)) throw new StructuredFieldError(`invalid key at ${c.pos}`);
  let pos = start + 1;
  while (pos < c.text.length && isKeyChar(c.text.charCodeAt(pos))) pos++;
  c.pos = pos;
  return c.text.slice(start, pos);
}

function parseNumber(c: Cursor): number | Decimal {
  // RFC 8941 §4.2.4: at most 15 integer digits, or 12 + "." + 1..3 fraction digits.
  const { text } = c;
  const start = c.pos;
  let pos = text.charCodeAt(start) === 0x2d ? start + 1 : start;
  const intStart = pos;
  while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
  const intDigits = pos - intStart;
  let decimal = false;
  if (text.charCodeAt(pos) === 0x2e && intDigits > 0) {
    decimal = true;
    const fracStart = ++pos;
    while (pos < text.length && isDigit(text.charCodeAt(pos))) pos++;
    if (pos - fracStart < 1 || pos - fracStart > 3 || intDigits > 12) {
      throw new StructuredFieldError(`invalid decimal at ${start}`);
    }
  }
  if (intDigits < 1 || intDigits > 15) throw new StructuredFieldError(`invalid number at ${start}`);
  c.pos = pos;
  const value = Number(text.slice(start, pos));
  return decimal ? new Decimal(value) : value;
}

function parseString(c: Cursor): string {
  const { text } = c;
  c.expect('"');
  let out = "";
  let runStart = c.pos;
  for (let pos = c.pos; pos < text.length; pos++) {
    const ch = text.charCodeAt(pos);
    if (ch === 0x22) {
      c.pos = pos + 1;
      return out + text.slice(runStart, pos);
    }
    if (ch === 0x5c) {
      const next = text.charCodeAt(pos + 1);
      if (next !== 0x22 && next !== 0x5c) throw new StructuredFieldError("invalid string escape");
      out += text.slice(runStart, pos);
      runStart = ++pos; // the escaped character starts the next run
    } else if (ch < 0x20 || ch > 0x7e) {
      throw new StructuredFieldError("invalid character in string");
    }
  }
  throw new StructuredFieldError("unterminated string");
}

function parseBytes(c: Cursor): Uint8Array {
  c.expect(":");
  const end = c.text.indexOf(":", c.pos);
  if (end < 0) throw new StructuredFieldError("unterminated byte sequence");
  const bytes = fromBase64(c.text.slice(c.pos, end));
  if (!bytes) throw new StructuredFieldError("invalid base64 in byte sequence");
  c.pos = end + 1;
  return bytes;
}

function parseBareItem(c: Cursor): BareItem {
  const ch = c.text.charCodeAt(c.pos);
  if (ch === 0x2d || isDigit(ch)) return parseNumber(c);
  if (ch === 0x22) return parseString(c);
  if (ch === 0x3a) return parseBytes(c);
  if (ch === 0x3f) {
    const b = c.text[c.pos + 1];
    if (b !== "0" && b !== "1") throw new StructuredFieldError("invalid boolean");
    c.pos += 2;
    return b === "1";
  }
  if (isAlpha(ch) || ch === 0x2a) {
    const start = c.pos++;
    while (!c.done() && isTokenChar(c.text.charCodeAt(c.pos))) c.pos++;
    return new Token(c.text.slice(start, c.pos));
  }
  throw new StructuredFieldError(`invalid item at ${c.pos}`);
}

function parseParameters(c: Cursor): Parameters {
  const params: Parameters = new Map();
  while (c.peek() === ";") {
    c.pos++;
    c.skip(" ");
    const key = parseKey(c);
    let value: BareItem = true;
    if (c.peek() === "=") {
      c.pos++;
      value = parseBareItem(c);
    }
    if (params.has(key)) throw new StructuredFieldError(`duplicate parameter ${key}`);
    params.set(key, value);
  }
  return params;
}

function parseItem(c: Cursor): Item {
  const value = parseBareItem(c);
  return { value, params: parseParameters(c) };
}

function parseInnerList(c: Cursor): InnerList {
  c.expect("(");
  const items: Item[] = [];
  for (;;) {
    c.skip(" ");
    if (c.peek() === ")") {
      c.pos++;
      return { items, params: parseParameters(c) };
    }
    items.push(parseItem(c));
    if (c.peek() !== " " && c.peek() !== ")")
      throw new StructuredFieldError(`invalid inner list at ${c.pos}`);
  }
}

/** Parse a Dictionary field value (RFC 8941 §4.2.2), rejecting duplicate keys. */
export function parseDictionary(text: string): Dictionary {
  const c = new Cursor(text);
  c.skip(" ");
  const dict: Dictionary = new Map();
  while (!c.done()) {
    const key = parseKey(c);
    let member: Item | InnerList;
    if (c.peek() === "=") {
      c.pos++;
      member = c.peek() === "(" ? parseInnerList(c) : parseItem(c);
    } else {
      member = { value: true, params: parseParameters(c) };
    }
    if (dict.has(key)) throw new StructuredFieldError(`duplicate dictionary key ${key}`);
    dict.set(key, member);
    c.skip(" \t");
    if (c.done()) break;
    c.expect(",");
    c.skip(" \t");
    if (c.done()) throw new StructuredFieldError("trailing comma");
  }
  if (dict.size === 0) throw new StructuredFieldError("empty dictionary");
  return dict;
}

function serializeBareItem(value: BareItem): string {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new StructuredFieldError("only integers are serialized here");
    return String(value);
  }
  if (typeof value === "string") {
    if (!/^[\x20-\x7e]*$/.test(value)) throw new StructuredFieldError("string has characters outside ASCII");
    return `"${value.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
  }
  if (typeof value === "boolean") return value ? "?1" : "?0";
  if (value instanceof Token) return value.value;
  if (value instanceof Decimal) {
    // §4.1.5: at most three fraction digits, trailing zeros dropped but never all of them.
    const text = value.value.toFixed(3).replace(/0+$/, "");
    return text.endsWith(".") ? `${text}0` : text;
  }
  return `:${toBase64(value)}:`;
}

/** Serialize Parameters (RFC 8941 §4.1.1.2): a true value is written as the bare key. */
export function serializeParameters(params: Parameters): string {
  let out = "";
  for (const [key, value] of params)
    out += value === true ? `;${key}` : `;${key}=${serializeBareItem(value)}`;
  return out;
}

/** Serialize an Item (§4.1.3). */
export function serializeItem(item: Item): string {
  return serializeBareItem(item.value) + serializeParameters(item.params);
}

/** Serialize an Inner List (§4.1.1.1). */
export function serializeInnerList(list: InnerList): string {
  return `(${list.items.map(serializeItem).join(" ")})${serializeParameters(list.params)}`;
}
