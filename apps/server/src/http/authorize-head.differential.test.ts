import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../test/random";
import { parseAuthorizeHead } from "./authorize-head";

// Differential test of the fast path's head parser against Node's own HTTP parser (llhttp, through
// a real node:http server on loopback). Whenever parseAuthorizeHead accepts a head, llhttp must read
// the same bytes as the same request: POST /v1/authorize HTTP/1.1, the same fields with the same
// values, a body of exactly Content-Length bytes, and the next request starting right after it.
// Any disagreement about where a request ends would be request smuggling between the two parsers.

const MAX_HEAD = 16 * 1024;
const MAX_BODY = 64 * 1024;
// OPENLEASH_HEAD_FUZZ_CASES=200000 for a deeper run by hand.
const CASES = Number(process.env.OPENLEASH_HEAD_FUZZ_CASES ?? 12_000);
const SENTINEL = "GET /sentinel HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n";

const TEMPLATE: Array<[string, string]> = [
  ["Host", "127.0.0.1:8787"],
  ["Content-Type", "application/json"],
  ["Content-Length", "2"],
  ["Signature-Input", 'sig1=("@method" "@path" "content-digest");created=1;nonce="n";keyid="k"'],
  ["Signature", "sig1=:AAAA:"],
  ["Content-Digest", "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:"],
];

// Bytes and strings that parsers are known to treat differently.
const ODD = [
  "\r",
  "\n",
  "\r\n",
  " ",
  "\t",
  ":",
  ",",
  ";",
  "\u0000",
  "\u0001",
  "\u007f",
  "\u0080",
  "\u00ff",
  "\u00e9",
  "\v",
  "\f",
  '"',
  "(",
  "/",
  "@",
  "a",
  "Z",
  "0",
  "9",
  "-",
  "_",
  "\r\n ",
  "\r\n\t",
  "\r\r\n",
];
const EXTRA: Array<[string, string]> = [
  ["Transfer-Encoding", "chunked"],
  ["transfer-encoding", " chunked"],
  ["Transfer-Encoding", "identity"],
  ["Content-Length", "2"],
  ["content-length", "3"],
  ["Connection", "close"],
  ["Connection", "keep-alive"],
  ["Connection", "Upgrade"],
  ["Connection", "keep-alive, Upgrade"],
  ["Upgrade", "websocket"],
  ["Expect", "100-continue"],
  ["Origin", "https://portal.example"],
  ["Host", "other.example"],
  ["X-Empty", ""],
  ["X-Tab", "a\tb"],
  ["X-Latin", "caf\u00e9"],
  ["Proxy-Connection", "keep-alive"],
  ["Keep-Alive", "timeout=5"],
  ["TE", "trailers"],
  ["Trailer", "x-a"],
];
const LENGTHS = [
  "0",
  "00",
  "02",
  "2",
  " 2",
  "2 ",
  "+2",
  "-2",
  "2,2",
  "0x2",
  "1e1",
  "18446744073709551618",
  "",
];
const LINES = [
  "POST /v1/authorize HTTP/1.1",
  "POST /v1/authorize HTTP/1.0",
  "POST  /v1/authorize HTTP/1.1",
  "POST /v1/authorize  HTTP/1.1",
  "post /v1/authorize HTTP/1.1",
  "POST /v1/authorize?x=1 HTTP/1.1",
  "POST http://127.0.0.1/v1/authorize HTTP/1.1",
  "POST /v1/authorize HTTP/1.1 ",
  "POST /v1//authorize HTTP/1.1",
];

/** One request head (no body), built from the template with 1–4 random mutations. */
function mutatedHead(seed: number): string {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  let line = LINES[0] as string;
  const fields = TEMPLATE.map(([n, v]) => [n, v] as [string, string]);
  let sep = ": ";
  let raw: string | null = null;
  const mutations = 1 + Math.floor(r() * 4);
  for (let m = 0; m < mutations; m++) {
    switch (Math.floor(r() * 8)) {
      case 0:
        line = pick(LINES);
        break;
      case 1:
        fields.splice(Math.floor(r() * (fields.length + 1)), 0, pick(EXTRA));
        break;
      case 2: {
        const i = Math.floor(r() * fields.length);
        const f = fields[i];
        if (f) fields.splice(i + 1, 0, [r() < 0.5 ? f[0] : f[0].toUpperCase(), f[1]]);
        break;
      }
      case 3: {
        const f = fields.find(([n]) => n.toLowerCase() === "content-length");
        if (f) f[1] = pick(LENGTHS);
        break;
      }
      case 4: {
        const f = pick(fields);
        const at = Math.floor(r() * (f[1].length + 1));
        f[1] = f[1].slice(0, at) + pick(ODD) + f[1].slice(at);
        break;
      }
      case 5: {
        const f = pick(fields);
        const at = Math.floor(r() * (f[0].length + 1));
        f[0] = f[0].slice(0, at) + pick(ODD) + f[0].slice(at);
        break;
      }
      case 6:
        sep = pick([":", ": ", ":\t", " : ", ":  ", ": \t "]);
        break;
      default:
        raw = "";
    }
  }
  let head = `${line}\r\n${fields.map(([n, v]) => `${n}${sep}${v}\r\n`).join("")}`;
  if (raw !== null) {
    // A raw byte-level edit anywhere after the request line: insert, delete or replace.
    const at = line.length + 2 + Math.floor(r() * (head.length - line.length - 2));
    const op = r();
    if (op < 0.4) head = head.slice(0, at) + pick(ODD) + head.slice(at);
    else if (op < 0.7) head = head.slice(0, at) + head.slice(at + 1 + Math.floor(r() * 3));
    else head = head.slice(0, at) + pick(ODD) + head.slice(at + 1);
  }
  return `${head}\r\n`;
}

type Seen = {
  method: string | undefined;
  url: string | undefined;
  version: string;
  headers: IncomingMessage["headers"];
  /** Lower-cased field names in arrival order, repeats kept. */
  names: string[];
  bodyLength: number;
};

/** The requests node:http reads from `bytes` sent on a fresh connection, and whether it refused them. */
function nodeReads(
  server: Server,
  port: number,
  bytes: Buffer,
): Promise<{ requests: Seen[]; error: boolean }> {
  return new Promise((resolve) => {
    const requests: Seen[] = [];
    let error = false;
    const onRequest = (req: IncomingMessage) => {
      const s: Seen = {
        method: req.method,
        url: req.url,
        version: req.httpVersion,
        headers: req.headers,
        names: req.rawHeaders.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase()),
        bodyLength: 0,
      };
      requests.push(s);
      req.on("data", (c: Buffer) => {
        s.bodyLength += c.length;
      });
    };
    const onError = () => {
      error = true;
    };
    server.on("request", onRequest);
    server.on("clientError", onError);
    const socket = connect(port, "127.0.0.1", () => socket.end(bytes));
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.on("close", () => {
      server.off("request", onRequest);
      server.off("clientError", onError);
      resolve({ requests, error });
    });
  });
}

describe("parseAuthorizeHead agrees with llhttp on every head it accepts", () => {
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it(`${CASES} mutated heads: accepted ones frame and read identically in node:http`, async () => {
    let accepted = 0;
    for (let seed = 1; seed <= CASES; seed++) {
      const head = mutatedHead(seed);
      const probe = Buffer.from(head, "latin1");
      const ours = parseAuthorizeHead(probe, MAX_HEAD, MAX_BODY);
      // "more": a mutation broke the blank line that ends the head; "other": Node's parser decides.
      if (ours.kind !== "head") continue;
      accepted++;
      const body = Buffer.alloc(ours.contentLength, 0x7b);
      // After "Connection: close" nothing more is read from the connection (by either side).
      const next = Buffer.from(ours.close ? "" : SENTINEL, "latin1");
      // A mutation may have ended the head early (an inserted blank line): the head is what it parsed.
      const bytes = Buffer.concat([probe.subarray(0, ours.bodyStart), body, next]);
      const { requests, error } = await nodeReads(server, port, bytes);
      const context = `case ${seed}: ${JSON.stringify(head)}`;
      expect(error, context).toBe(false);
      expect(requests.length, context).toBe(ours.close ? 1 : 2);
      const [first, second] = requests as [Seen, Seen | undefined];
      expect([first.method, first.url, first.version], context).toEqual(["POST", "/v1/authorize", "1.1"]);
      // Same names (each once) and the same values, as node:http hands them to the application.
      expect([...first.names].sort(), context).toEqual(Object.keys(ours.headers).sort());
      for (const [name, value] of Object.entries(ours.headers)) {
        expect(first.headers[name], `${context} (${name})`).toBe(value);
      }
      expect(first.bodyLength, context).toBe(ours.contentLength);
      if (!ours.close) expect(second?.url, context).toBe("/sentinel");
    }
    // The generator must reach the accepting side often enough for this to mean something.
    expect(accepted).toBeGreaterThan(CASES / 20);
  }, 120_000);
});
