/**
 * Byte/text encodings shared by the JWS and RFC 9421 code. Uses Node's Buffer when present (fast
 * native base64) and a portable implementation otherwise (browsers, edge runtimes). Decoders are
 * strict: anything outside the alphabet is rejected instead of being silently skipped.
 */

type NodeBytes = Uint8Array & { toString(encoding: string): string };
type BufferLike = {
  from(data: ArrayBufferLike, byteOffset: number, length: number): NodeBytes;
  from(data: string, encoding: string): NodeBytes;
  isBuffer(value: unknown): boolean;
};
const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer;

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/**
 * UTF-8 encode. On Node a Buffer (allocated from Buffer's pool for small strings, so no fresh
 * ArrayBuffer per call on the signing path), elsewhere TextEncoder.
 */
export function utf8(text: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(text, "utf8") : encoder.encode(text);
}

/**
 * The bytes of a string known to be ASCII (base64url text, JWS signing inputs): the same bytes as
 * {@link utf8}, through Buffer's plain one-byte copy on Node.
 */
export function asciiBytes(text: string): Uint8Array {
  return NodeBuffer ? NodeBuffer.from(text, "latin1") : encoder.encode(text);
}

/** Strict UTF-8 decode; throws a TypeError on ill-formed input. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Alphabet tests by char code (RFC 4648 §4 and §5): these decoders run on every signed request and
// every verified token, where a regex test per field showed up in profiles.
const isAlnum = (ch: number) =>
  (ch >= 0x41 && ch <= 0x5a) || (ch >= 0x61 && ch <= 0x7a) || (ch >= 0x30 && ch <= 0x39);

/** True when text[0, end) is all in the base64 (`+/`) or base64url (`-_`) alphabet. */
function inAlphabet(text: string, end: number, url: boolean): boolean {
  const c62 = url ? 0x2d : 0x2b;
  const c63 = url ? 0x5f : 0x2f;
  for (let i = 0; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (!(isAlnum(ch) || ch === c62 || ch === c63)) return false;
  }
  return true;
}

/** Pure-JS base64 encoder used where Buffer is missing (exported for tests). */
export function portableEncode(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=";
  }
  return out;
}

/** Pure-JS base64 decoder for already validated input (exported for tests). */
export function portableDecode(b64: string): Uint8Array {
  const clean = b64.replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | B64.indexOf(clean[i]!);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Standard base64 with padding (RFC 4648 §4). */
export function toBase64(bytes: Uint8Array): string {
  return NodeBuffer
    ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64")
    : portableEncode(bytes);
}

/** base64url without padding (RFC 4648 §5, RFC 7515 §2). */
export function toBase64Url(bytes: Uint8Array): string {
  if (NodeBuffer) {
    // A Buffer (node:crypto's output) encodes itself; anything else gets a view, not a copy.
    const buf = NodeBuffer.isBuffer(bytes)
      ? (bytes as NodeBytes)
      : NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return buf.toString("base64url");
  }
  return portableEncode(bytes).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

/** base64url of the UTF-8 bytes of a string. */
export function textToBase64Url(text: string): string {
  return NodeBuffer ? NodeBuffer.from(text, "utf8").toString("base64url") : toBase64Url(utf8(text));
}

/** A plain Uint8Array over a Buffer's bytes (no copy). */
function view(buf: Uint8Array): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/**
 * True when the last character of unpadded base64 carries bits beyond the encoded bytes (RFC 4648
 * §3.5: they must be zero): 4 spare bits when length mod 4 is 2, 2 when it is 3.
 */
function hasStrayBits(unpadded: string, alphabet: string): boolean {
  const rest = unpadded.length % 4;
  if (rest < 2) return false;
  const last = alphabet.indexOf(unpadded[unpadded.length - 1]!);
  return (last & (rest === 2 ? 0x0f : 0x03)) !== 0;
}

/** A length that no canonical base64 encoding can have (n mod 4 == 1). */
function impossibleLength(unpadded: number): boolean {
  return unpadded % 4 === 1;
}

/**
 * Strict base64url decode (no padding, alphabet only, canonical trailing bits). Returns null when
 * the input is not canonical base64url, so callers raise their own typed error.
 */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!inAlphabet(text, text.length, true) || impossibleLength(text.length)) return null;
  // Reject non-canonical encodings (stray low bits), so one byte string has one textual form.
  if (hasStrayBits(text, B64URL)) return null;
  return NodeBuffer
    ? view(NodeBuffer.from(text, "base64url"))
    : portableDecode(text.replace(/-/g, "+").replace(/_/g, "/"));
}

/**
 * Base64 decode for RFC 8941 byte sequences (§4.2.7: padding may be omitted). Returns null when the
 * text is not base64.
 */
export function fromBase64(text: string): Uint8Array | null {
  // text must be alphabet characters then at most two "=" (padding may be omitted, §4.2.7).
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (!inAlphabet(text, end, false)) return null;
  const unpadded = end === text.length ? text : text.slice(0, end);
  if (impossibleLength(unpadded.length)) return null;
  if (text.length !== unpadded.length && text.length % 4 !== 0) return null;
  if (hasStrayBits(unpadded, B64)) return null;
  return NodeBuffer ? view(NodeBuffer.from(unpadded, "base64")) : portableDecode(unpadded);
}

/** Concatenate byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Constant-time byte comparison (length is not secret). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
