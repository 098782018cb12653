/**
 * A deliberately narrow HTTP/1.1 request-head parser for the one request shape the fast path
 * serves: `POST /v1/authorize HTTP/1.1` with a JSON body framed by a single Content-Length. It
 * never tries to be lenient: anything it does not fully understand is answered with `"other"`, and
 * the connection then goes to Node's own HTTP parser (llhttp) from the first byte of that request,
 * which accepts or rejects it as it would any request. One parser decides each request, so the two
 * cannot disagree about where a request ends (no request smuggling between them, RFC 9112 §11.2).
 */

/** The request line the fast path serves, byte for byte (RFC 9112 §3). */
const REQUEST_LINE = "POST /v1/authorize HTTP/1.1\r\n";
const REQUEST_LINE_BYTES = Buffer.from(REQUEST_LINE, "latin1");
const HEAD_END = Buffer.from("\r\n\r\n", "latin1");

// RFC 9110 §5.1 field names are tokens: a lookup table over ASCII (anything else is refused).
const TOKEN_CHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
  TOKEN_CHAR[c.charCodeAt(0)] = 1;
}
const DIGITS = /^\d{1,15}$/;

// The media types for which the Hono route goes straight to JSON parsing: @hono/zod-openapi's
// media-type gate and hono's JSON validator both accept them. Anything else takes the Hono path.
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
// Hosts that @hono/node-server accepts as they are (canonical dotted-quad IPv4 or a DNS name whose
// last label starts with a letter, optional port); others (IPv6, odd IPv4 spellings) take the Hono path.
const PLAIN_HOST =
  /^(?:(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)|(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::\d{1,5})?$/;

/** A complete head of a fast-path request. */
export type AuthorizeHead = {
  kind: "head";
  /** Lower-cased names; each name appears once (a repeated field takes Node's parser). */
  headers: Record<string, string>;
  /** Header bytes as the Hono path counts them: name + value + 4 per field. */
  headerBytes: number;
  /** Offset of the body in the buffer. */
  bodyStart: number;
  /** The body's length (Content-Length). */
  contentLength: number;
  /** The client asked to close the connection after the answer. */
  close: boolean;
};

/** What {@link parseAuthorizeHead} makes of the start of a buffer. */
export type HeadResult = { kind: "more" } | { kind: "other" } | AuthorizeHead;

const MORE: HeadResult = { kind: "more" };
const OTHER: HeadResult = { kind: "other" };

/** True when `buf` so far agrees with the fast path's request line. */
function requestLineSoFar(buf: Buffer): boolean {
  const n = Math.min(buf.length, REQUEST_LINE_BYTES.length);
  return buf.compare(REQUEST_LINE_BYTES, 0, n, 0, n) === 0;
}

/**
 * Parses the request head at the start of `buf`. `"more"`: it may still become a fast-path request
 * once more bytes arrive; `"other"`: hand the connection to Node's HTTP server; otherwise the head.
 *
 * @param maxHeadBytes give up (`"other"`) when no complete head fits in this many bytes.
 * @param maxBodyBytes a declared body longer than this takes the Hono path (which answers 413).
 */
export function parseAuthorizeHead(buf: Buffer, maxHeadBytes: number, maxBodyBytes: number): HeadResult {
  if (!requestLineSoFar(buf)) return OTHER;
  if (buf.length < REQUEST_LINE_BYTES.length) return MORE;
  const end = buf.indexOf(HEAD_END, REQUEST_LINE_BYTES.length - 2);
  if (end < 0) return buf.length > maxHeadBytes ? OTHER : MORE;
  if (end + 4 > maxHeadBytes) return OTHER;
  // Fields are bytes (RFC 9110 §5.5); latin1 maps each byte to one code unit, as Node does.
  const fields =
    end > REQUEST_LINE_BYTES.length - 2 ? buf.toString("latin1", REQUEST_LINE_BYTES.length, end) : "";
  const headers = parseFields(fields);
  if (headers === null) return OTHER;
  let headerBytes = 0;
  for (const key in headers) headerBytes += key.length + headers[key]!.length + 4;
  const length = headers["content-length"];
  const type = headers["content-type"];
  const host = headers.host;
  const connection = headers.connection?.toLowerCase();
  if (
    length === undefined ||
    !DIGITS.test(length) ||
    Number(length) > maxBodyBytes ||
    headers["transfer-encoding"] !== undefined ||
    headers.expect !== undefined ||
    headers.upgrade !== undefined ||
    // Browsers send Origin: CORS answers belong to the Hono app.
    headers.origin !== undefined ||
    (connection !== undefined && connection !== "keep-alive" && connection !== "close") ||
    type === undefined ||
    !jsonType(type) ||
    host === undefined ||
    !plainHost(host)
  ) {
    return OTHER;
  }
  return {
    kind: "head",
    headers,
    headerBytes,
    bodyStart: end + 4,
    contentLength: Number(length),
    close: connection === "close",
  };
}

/**
 * Splits `fields` (the head between the request line and the blank line) into lower-cased names
 * and trimmed values in one pass over the characters. null for anything but `token ":" OWS value
 * OWS` lines ended by CRLF (RFC 9112 §5): bare CR or LF, obs-fold, control characters in values,
 * non-token names and repeated names all make it null.
 */
function parseFields(fields: string): Record<string, string> | null {
  const headers: Record<string, string> = Object.create(null);
  if (fields.length === 0) return headers;
  const n = fields.length;
  let lineStart = 0;
  let colon = -1;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? fields.charCodeAt(i) : 13;
    if (c === 13) {
      if (i < n && fields.charCodeAt(i + 1) !== 10) return null;
      if (colon <= lineStart) return null;
      let from = colon + 1;
      let to = i;
      while (from < to && isSpace(fields.charCodeAt(from))) from++;
      while (to > from && isSpace(fields.charCodeAt(to - 1))) to--;
      const name = fields.slice(lineStart, colon).toLowerCase();
      if (headers[name] !== undefined) return null;
      // llhttp refuses a tab around the Content-Length digits (RFC 9110 allows it as OWS): never
      // frame a body that Node's parser would refuse, so such a head goes to Node.
      if (name === "content-length" && fields.lastIndexOf("\t", i) > colon) return null;
      headers[name] = fields.slice(from, to);
      i++; // the LF
      lineStart = i + 1;
      colon = -1;
    } else if (colon < 0) {
      if (c === 58) colon = i;
      else if (c > 127 || TOKEN_CHAR[c] === 0) return null;
    } else if ((c < 32 && c !== 9) || c === 127 || c > 255) {
      return null; // CTLs (a bare LF included) are not field content (RFC 9110 §5.5)
    }
  }
  return headers;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

// Clients send the same Content-Type and Host on every request: the last accepted spelling of each
// is remembered so the regular expressions run once per new spelling, not once per request.
let acceptedType = "";
let acceptedHost = "";

function jsonType(type: string): boolean {
  if (type === acceptedType) return true;
  if (!JSON_REQUEST.test(type) || !JSON_MEDIA.test(type.split(";")[0]!.trim())) return false;
  acceptedType = type;
  return true;
}

function plainHost(host: string): boolean {
  if (host === acceptedHost) return true;
  if (!PLAIN_HOST.test(host)) return false;
  acceptedHost = host;
  return true;
}
