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

const KEY_FIRST = /[a-z*]/;
const KEY_REST = /[a-z0-9_\-.*]/;
const TOKEN_REST = /[!#$%&'*+\-.^_`|~0-9A-Za-z:/]/;

function parseKey(c: Cursor): string {
  if (!KEY_FIRST.test(c.peek())) throw new StructuredFieldError(`invalid key at ${c.pos}`);
  const start = c.pos;
  while (!c.done() && KEY_REST.test(c.peek())) c.pos++;
  return c.text.slice(start, c.pos);
}

function parseNumber(c: Cursor): number | Decimal {
  // RFC 8941 §4.2.4: at most 15 integer digits, or 12 + "." + 1..3 fraction digits.
  const match = /^-?(\d{1,15})(\.\d{1,3})?/.exec(c.text.slice(c.pos));
  if (!match || (match[2] !== undefined && match[1]!.length > 12)) {
    throw new StructuredFieldError(`invalid number at ${c.pos}`);
  }
  if (/^\d/.test(c.text.slice(c.pos + match[0].length)) || c.text[c.pos + match[0].length] === ".") {
    throw new StructuredFieldError(`number too long at ${c.pos}`);
  }
  c.pos += match[0].length;
  return match[2] === undefined ? Number(match[0]) : new Decimal(Number(match[0]));
}

function parseString(c: Cursor): string {
  c.expect('"');
  let out = "";
  for (;;) {
    if (c.done()) throw new StructuredFieldError("unterminated string");
    const ch = c.text[c.pos++]!;
    if (ch === '"') return out;
    if (ch === "\\") {
      const next = c.text[c.pos++];
      if (next !== '"' && next !== "\\") throw new StructuredFieldError("invalid string escape");
      out += next;
    } else {
      const code = ch.charCodeAt(0);
      if (code < 0x20 || code > 0x7e) throw new StructuredFieldError("invalid character in string");
      out += ch;
    }
  }
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
  const ch = c.peek();
  if (ch === "-" || (ch >= "0" && ch <= "9")) return parseNumber(c);
  if (ch === '"') return parseString(c);
  if (ch === ":") return parseBytes(c);
  if (ch === "?") {
    c.pos++;
    const b = c.text[c.pos++];
    if (b !== "0" && b !== "1") throw new StructuredFieldError("invalid boolean");
    return b === "1";
  }
  if (/[A-Za-z*]/.test(ch)) {
    const start = c.pos++;
    while (!c.done() && TOKEN_REST.test(c.peek())) c.pos++;
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
