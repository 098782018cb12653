/**
 * The fast path of `verifyRequest` for the one shape that practically every request has (the shape
 * `signRequest` writes): one Signature-Input member `label=("c1" "c2" ...);k=v;...` in canonical
 * RFC 8941 form (no optional whitespace, plain strings without escapes, integers without leading
 * zeros, no item parameters, no decimals, tokens, byte sequences or booleans), one Signature member
 * for that label, and a Content-Digest that is exactly `sha-256=:<base64>:`.
 *
 * For such text the RFC 9421 §2.3 serialization of the inner list is the text itself, so the
 * signature base is assembled from slices of the field without building the RFC 8941 data model
 * and serializing it back. The contract with the general path (verify-request.ts) is strict: this
 * returns a result only when the general path would reach the key lookup with exactly the same
 * label, parameters, signature bytes and signature base; for anything else, valid or not, it
 * returns null and the general path decides, so every error code and message stays the general
 * path's. It has no side effects (the key resolver is never called here). A differential test
 * (fast-verify.test.ts) runs both over varied and hostile inputs.
 */
import { sha256Base64Sync } from "../crypto/sha256.js";
import { fromBase64 } from "../encoding.js";
import { MAX_NONCE_LENGTH, MIN_NONCE_LENGTH, SIGNATURE_ALG, SIGNATURE_TAG } from "./profile.js";
import { fieldValue } from "./signature-base.js";

/** What both paths establish before the key lookup and the Ed25519 verification. */
export interface PreparedSignature {
  label: string;
  keyId: string;
  nonce: string;
  created: number;
  expires: number | null;
  /** RFC 9421 §2.5 signature base. */
  base: string;
  /** The 64 signature bytes. */
  sig: Uint8Array;
}

/** The request as the verifier received it (a subset of VerifyRequestOptions). */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  body: Uint8Array;
}

/** A header lookup as made by headerGetter. */
export type HeaderGet = (name: string) => string | readonly string[] | null;

const isDigit = (ch: number) => ch >= 0x30 && ch <= 0x39;
const isLcAlpha = (ch: number) => ch >= 0x61 && ch <= 0x7a;
// RFC 8941 §3.1.2 key characters.
const isKeyChar = (ch: number) =>
  isLcAlpha(ch) || isDigit(ch) || ch === 0x5f || ch === 0x2d || ch === 0x2e || ch === 0x2a;

/** End of the RFC 8941 key starting at pos, or -1. */
function keyEnd(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (!(isLcAlpha(first) || first === 0x2a)) return -1;
  let i = pos + 1;
  while (i < text.length && isKeyChar(text.charCodeAt(i))) i++;
  return i;
}

/** End (past the closing quote) of a String at pos with no escape (so it serializes as is), or -1. */
function plainStringEnd(text: string, pos: number): number {
  if (text.charCodeAt(pos) !== 0x22) return -1;
  for (let i = pos + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22) return i + 1;
    if (ch === 0x5c || ch < 0x20 || ch > 0x7e) return -1;
  }
  return -1;
}

/**
 * End of an Integer at pos in its canonical form (RFC 8941 §4.1.4: no sign here, no leading zero,
 * 1 to 15 digits, not the start of a Decimal), or -1.
 */
function canonicalIntEnd(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  const digits = i - pos;
  if (digits < 1 || digits > 15 || (digits > 1 && text.charCodeAt(pos) === 0x30)) return -1;
  return text.charCodeAt(i) === 0x2e ? -1 : i;
}

/** A canonical single-member Signature-Input, with the parameters this profile reads. */
class ScannedInput {
  created: number | null = null;
  expires: number | null = null;
  nonce: string | null = null;
  keyId: string | null = null;
  alg: string | null = null;
  tag: string | null = null;
  constructor(
    readonly label: string,
    readonly names: string[],
    /** The inner list with its parameters: its own RFC 8941 serialization. */
    readonly serialized: string,
  ) {}

  /** Records one parameter; false when it has a type the general path would reject. */
  set(key: string, value: string | number): boolean {
    const isString = typeof value === "string";
    if (key === "created" || key === "expires") {
      if (isString) return false;
      if (key === "created") this.created = value;
      else this.expires = value;
      return true;
    }
    if (key === "nonce" || key === "keyid" || key === "alg" || key === "tag") {
      if (!isString) return false;
      if (key === "nonce") this.nonce = value;
      else if (key === "keyid") this.keyId = value;
      else if (key === "alg") this.alg = value;
      else this.tag = value;
    }
    return true; // other parameters are covered by the signature and otherwise ignored
  }
}

// Duplicates are found by linear search here (cheap for the handful a real signature has); past
// these counts the general path, with its Maps, takes over, so no header makes this quadratic.
const MAX_FAST_COMPONENTS = 16;
const MAX_FAST_PARAMS = 16;

/** The inner list's component names from pos (just past "("), and the position past ")". */
function scanNames(text: string, pos: number, names: string[]): number {
  while (text.charCodeAt(pos) !== 0x29) {
    if (names.length === MAX_FAST_COMPONENTS) return -1;
    if (names.length > 0) {
      if (text.charCodeAt(pos) !== 0x20) return -1;
      pos++;
    }
    const end = plainStringEnd(text, pos);
    if (end < 0) return -1;
    names.push(text.slice(pos + 1, end - 1));
    pos = end;
  }
  return pos + 1;
}

/** Scans `label=(...)` + `;key=value` parameters to the end of the text; null if not canonical. */
export function scanSignatureInput(text: string): ScannedInput | null {
  const labelEnd = keyEnd(text, 0);
  if (labelEnd < 0 || text.charCodeAt(labelEnd) !== 0x3d || text.charCodeAt(labelEnd + 1) !== 0x28) {
    return null;
  }
  const names: string[] = [];
  let pos = scanNames(text, labelEnd + 2, names);
  if (pos < 0 || names.length === 0) return null;
  const scanned = new ScannedInput(text.slice(0, labelEnd), names, text.slice(labelEnd + 1));
  const keys: string[] = [];
  while (pos < text.length) {
    const kEnd = text.charCodeAt(pos) === 0x3b ? keyEnd(text, pos + 1) : -1;
    if (kEnd < 0 || text.charCodeAt(kEnd) !== 0x3d) return null;
    const key = text.slice(pos + 1, kEnd);
    if (keys.length === MAX_FAST_PARAMS || keys.includes(key)) return null; // a duplicate: rejected there
    keys.push(key);
    const quoted = text.charCodeAt(kEnd + 1) === 0x22;
    const end = quoted ? plainStringEnd(text, kEnd + 1) : canonicalIntEnd(text, kEnd + 1);
    if (end < 0) return null;
    const raw = quoted ? text.slice(kEnd + 2, end - 1) : Number(text.slice(kEnd + 1, end));
    if (!scanned.set(key, raw)) return null;
    pos = end;
  }
  return scanned;
}

/** True when a component name has an uppercase ASCII letter (names here are printable ASCII). */
function hasUppercase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch >= 0x41 && ch <= 0x5a) return true;
  }
  return false;
}

function hasLineBreak(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const ch = value.charCodeAt(i);
    if (ch === 0x0a || ch === 0x0d) return true;
  }
  return false;
}

/** The checks of checkParams, selectSignature's tag test and the clock, all passing. */
function paramsAcceptable(s: ScannedInput, nowSeconds: number, maxSkew: number): boolean {
  if (s.tag !== SIGNATURE_TAG || s.alg !== SIGNATURE_ALG || s.created === null) return false;
  if (s.nonce === null || s.nonce.length < MIN_NONCE_LENGTH || s.nonce.length > MAX_NONCE_LENGTH)
    return false;
  if (s.keyId === null || s.keyId === "") return false;
  if (s.expires !== null && (s.expires <= s.created || nowSeconds >= s.expires)) return false;
  return !(Math.abs(nowSeconds - s.created) > maxSkew);
}

/** The 64 signature bytes when the Signature field is exactly `label=:<base64>:`, else null. */
function scanSignature(text: string | null, label: string): Uint8Array | null {
  const n = label.length;
  if (text === null || text.length < n + 3 || !text.startsWith(label)) return null;
  if (text.charCodeAt(n) !== 0x3d || text.charCodeAt(n + 1) !== 0x3a) return null;
  if (text.charCodeAt(text.length - 1) !== 0x3a) return null;
  const sig = fromBase64(text.slice(n + 2, -1));
  return sig !== null && sig.length === 64 ? sig : null;
}

/** The value of one covered component as the general path's resolver gives it, or null. */
function componentValue(name: string, req: ReceivedRequest, get: HeaderGet, digest: string | null) {
  if (name === "@method") return req.method;
  if (name === "@path") return req.path === "" ? "/" : req.path;
  if (name === "@query") return req.query === "" ? "?" : req.query;
  if (name.charCodeAt(0) === 0x40) return null;
  return name === "content-digest" ? digest : fieldValue(get(name));
}

/**
 * The prepared signature when the request has the canonical shape and passes every check the
 * general path makes before the key lookup, else null (the general path then decides).
 */
export function prepareFast(
  req: ReceivedRequest,
  get: HeaderGet,
  nowSeconds: number,
  maxSkew: number,
): PreparedSignature | null {
  const inputText = fieldValue(get("signature-input"));
  const s = inputText === null ? null : scanSignatureInput(inputText);
  if (s === null || !paramsAcceptable(s, nowSeconds, maxSkew)) return null;
  const sig = scanSignature(fieldValue(get("signature")), s.label);
  if (sig === null) return null;
  const { names } = s;
  let method = false;
  let path = false;
  let query = false;
  let digestCovered = false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name === "" || hasUppercase(name)) return null;
    for (let j = 0; j < i; j++) if (names[j] === name) return null; // covered twice
    if (name === "@method") method = true;
    else if (name === "@path") path = true;
    else if (name === "@query") query = true;
    else if (name === "content-digest") digestCovered = true;
  }
  if (!method || !path || (req.query.length > 1 && !query)) return null;
  if (req.body.length > 0 && !digestCovered) return null;
  let digest: string | null = null;
  if (digestCovered) {
    digest = fieldValue(get("content-digest"));
    const expected = sha256Base64Sync(req.body);
    // Equal to the canonical encoding of the body's digest: what the general parse + compare accepts.
    if (digest === null || expected === null || digest !== `sha-256=:${expected}:`) return null;
  }
  let base = "";
  for (let i = 0; i < names.length; i++) {
    const value = componentValue(names[i]!, req, get, digest);
    if (typeof value !== "string" || hasLineBreak(value)) return null;
    base += `"${names[i]}": ${value}\n`;
  }
  base += `"@signature-params": ${s.serialized}`;
  const { label, nonce, keyId, created, expires } = s;
  return { label, keyId: keyId!, nonce: nonce!, created: created!, expires, base, sig };
}
