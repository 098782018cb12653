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

// RFC 9110 §5.1 field names are tokens; §5.5 field values are visible characters, SP, HTAB and
// obs-text. Obsolete line folding and bare CR/LF fail these tests and take Node's parser.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
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
  const headers: Record<string, string> = Object.create(null);
  let headerBytes = 0;
  for (const line of fields.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon <= 0) return OTHER;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return OTHER;
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
    if (!FIELD_VALUE.test(value)) return OTHER;
    const key = name.toLowerCase();
    if (headers[key] !== undefined) return OTHER;
    headers[key] = value;
    headerBytes += key.length + value.length + 4;
  }
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
    !JSON_REQUEST.test(type) ||
    !JSON_MEDIA.test(type.split(";")[0]!.trim()) ||
    host === undefined ||
    !PLAIN_HOST.test(host)
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
