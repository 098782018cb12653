import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchase, type TestAgent, TestServer } from "../../test/helpers";
import { parseAuthorizeHead } from "./authorize-head";

const LINE = "POST /v1/authorize HTTP/1.1\r\n";
const FIELDS = "host: 127.0.0.1:8787\r\ncontent-type: application/json\r\ncontent-length: 2\r\n";
const head = (fields = FIELDS, line = LINE) => Buffer.from(`${line}${fields}\r\n{}`, "latin1");
const parse = (buf: Buffer) => parseAuthorizeHead(buf, 8192, 1024);

describe("parseAuthorizeHead: only plain POST /v1/authorize heads, everything else to Node", () => {
  it("parses a complete head: lower-cased names, body offset and length, header bytes", () => {
    const buf = head("Host: 127.0.0.1:8787\r\nContent-Type:  application/json \r\ncontent-length: 2\r\n");
    const r = parse(buf);
    expect(r).toMatchObject({
      kind: "head",
      headers: { host: "127.0.0.1:8787", "content-type": "application/json", "content-length": "2" },
      contentLength: 2,
      close: false,
    });
    if (r.kind !== "head") throw new Error("unreachable");
    expect(buf.subarray(r.bodyStart).toString()).toBe("{}");
    expect(r.headerBytes).toBe(4 + 14 + 4 + 12 + 16 + 4 + 14 + 1 + 4);
  });

  it("keeps empty values, tabs and obs-text inside values, and trims only the ends", () => {
    const r = parse(head(`${FIELDS}x-empty:\r\nx-tab: a\tb \t\r\nx-latin: caf\u00e9\r\n`));
    expect(r).toMatchObject({
      kind: "head",
      headers: { "x-empty": "", "x-tab": "a\tb", "x-latin": "caf\u00e9" },
    });
  });

  it("waits for more bytes while the start still fits the request line or the head is incomplete", () => {
    expect(parse(Buffer.from("POST /v1/auth"))).toEqual({ kind: "more" });
    expect(parse(Buffer.from(`${LINE}host: 127.0.0.1\r\n`))).toEqual({ kind: "more" });
  });

  it.each([
    ["another path", head(FIELDS, "POST /v1/authorize?x=1 HTTP/1.1\r\n")],
    ["another method", head(FIELDS, "PUT /v1/authorize HTTP/1.1\r\n")],
    ["HTTP/1.0", head(FIELDS, "POST /v1/authorize HTTP/1.0\r\n")],
    ["a lower-case method", Buffer.from("post /v1/authorize HTTP/1.1\r\n")],
    ["a repeated field", head(`${FIELDS}content-length: 2\r\n`)],
    ["a folded line (obs-fold)", head(`${FIELDS}x-a: 1\r\n  2\r\n`)],
    [
      "a bare LF inside the head",
      head(`host: 127.0.0.1:8787\ncontent-type: application/json\r\ncontent-length: 2\r\n`),
    ],
    ["a space before the colon", head(`${FIELDS}x-a : 1\r\n`)],
    ["a bare CR inside a value", head(`${FIELDS}x-a: 1\r2\r\n`)],
    ["a line without a colon", head(`${FIELDS}x-a\r\n`)],
    ["an empty field name", head(`${FIELDS}: 1\r\n`)],
    ["a non-ASCII field name", head(`${FIELDS}x-\u00e9: 1\r\n`)],
    ["a control character in a value", head(`${FIELDS}x-a: 1\u0001\r\n`)],
    ["Transfer-Encoding", head(`${FIELDS}transfer-encoding: chunked\r\n`)],
    ["no Content-Length", head("host: 127.0.0.1:8787\r\ncontent-type: application/json\r\n")],
    [
      "a signed Content-Length",
      head("host: 127.0.0.1:8787\r\ncontent-type: application/json\r\ncontent-length: +2\r\n"),
    ],
    [
      "a body over the limit",
      head("host: 127.0.0.1:8787\r\ncontent-type: application/json\r\ncontent-length: 1025\r\n"),
    ],
    ["Expect: 100-continue", head(`${FIELDS}expect: 100-continue\r\n`)],
    ["an Upgrade", head(`${FIELDS}upgrade: websocket\r\n`)],
    ["a browser's Origin (CORS)", head(`${FIELDS}origin: https://shop.example\r\n`)],
    ["Connection: upgrade", head(`${FIELDS}connection: upgrade\r\n`)],
    ["another media type", head("host: 127.0.0.1:8787\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n")],
    ["an IPv6 Host", head("host: [::1]:8787\r\ncontent-type: application/json\r\ncontent-length: 2\r\n")],
    ["no Host", head("content-type: application/json\r\ncontent-length: 2\r\n")],
  ])("hands %s to Node's parser", (_name, buf) => {
    expect(parse(buf)).toEqual({ kind: "other" });
  });

  it("hands over a head that does not end within the size limit", () => {
    const long = Buffer.from(`${LINE}${FIELDS}x-pad: ${"p".repeat(9000)}`);
    expect(parseAuthorizeHead(long, 8192, 1024)).toEqual({ kind: "other" });
  });
});

type RawAnswer = { status: number; headers: Record<string, string>; body: string; rawHead: string };

/** One raw keep-alive connection: write bytes, read answers in order. */
class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on("close", () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w();
    });
  }
  static async open(url: string): Promise<RawClient> {
    const { hostname, port } = new URL(url);
    const socket = connect({ host: hostname, port: Number(port) });
    await new Promise((r) => socket.once("connect", r));
    return new RawClient(socket);
  }
  private async more(): Promise<void> {
    if (this.closed) throw new Error("connection closed");
    await new Promise<void>((r) => this.waiters.push(r));
  }
  async answer(): Promise<RawAnswer> {
    for (;;) {
      const end = this.buf.indexOf("\r\n\r\n");
      if (end >= 0) {
        const rawHead = this.buf.toString("latin1", 0, end);
        const lines = rawHead.split("\r\n");
        const headers: Record<string, string> = {};
        for (const l of lines.slice(1)) {
          const i = l.indexOf(":");
          headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
        }
        const total = end + 4 + Number(headers["content-length"] ?? 0);
        if (this.buf.length >= total) {
          const body = this.buf.toString("utf8", end + 4, total);
          this.buf = this.buf.subarray(total);
          return { status: Number(lines[0]!.split(" ")[1]), headers, body, rawHead };
        }
      }
      await this.more();
    }
  }
  async waitClosed(): Promise<void> {
    while (!this.closed) await this.more().catch(() => undefined);
  }
}

describe("the fast path over real sockets: hand-over to Node's HTTP server", () => {
  let t: TestServer;
  let url: string;
  let agent: TestAgent;
  const clients: RawClient[] = [];

  beforeAll(async () => {
    ({ t, url, agent } = await TestServer.listeningWithAgent({ maxBodyBytes: 4096 }));
  });
  afterAll(async () => {
    for (const c of clients) c.socket.destroy();
    await t.close();
  });

  const open = async () => {
    const c = await RawClient.open(url);
    clients.push(c);
    return c;
  };
  const host = () => new URL(url).host;
  async function authorizeBytes(extra = ""): Promise<string> {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    let text = `POST /v1/authorize HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: ${Buffer.byteLength(init.body!)}\r\n${extra}`;
    for (const [k, v] of Object.entries(init.headers)) text += `${k}: ${v}\r\n`;
    return `${text}\r\n${init.body}`;
  }
  const health = () => `GET /v1/health HTTP/1.1\r\nhost: ${host()}\r\n\r\n`;

  it("one connection: authorize (fast), health (handed over), authorize again (through Hono)", async () => {
    const c = await open();
    c.socket.write(await authorizeBytes());
    const first = await c.answer();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).decision).toBe("ALLOW");
    expect(first.headers["content-type"]).toBe("application/json");
    expect(first.headers.connection).toBe("keep-alive");
    expect(first.headers.date).toMatch(/GMT$/);
    // Which server answered shows in the spelling: the fast path writes lower-case names, Node "Date".
    expect(first.rawHead).toContain("\r\ndate: ");
    c.socket.write(health());
    const second = await c.answer();
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).status).toBe("ok");
    expect(second.rawHead).toContain("\r\nDate: ");
    c.socket.write(await authorizeBytes());
    const third = await c.answer();
    expect(third.status).toBe(200);
    expect(third.rawHead).toContain("\r\nDate: ");
    expect(JSON.parse(third.body).decision).toBe("ALLOW");
  });

  it("pipelined requests are answered in order, across the hand-over", async () => {
    const c = await open();
    c.socket.write((await authorizeBytes()) + (await authorizeBytes()) + health() + (await authorizeBytes()));
    const answers = [await c.answer(), await c.answer(), await c.answer(), await c.answer()];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(JSON.parse(answers[0]!.body).decision).toBe("ALLOW");
    expect(JSON.parse(answers[1]!.body).decision).toBe("ALLOW");
    expect(JSON.parse(answers[2]!.body).status).toBe("ok");
    expect(JSON.parse(answers[3]!.body).decision).toBe("ALLOW");
  });

  it("many pipelined requests (past what is buffered while one is answered) all get answers in order", async () => {
    const c = await open();
    const bodies: string[] = [];
    for (let i = 0; i < 80; i++) bodies.push(await authorizeBytes());
    // The first request makes the connection busy; the rest arrive while it is answered.
    const rest = bodies.slice(1).join("");
    expect(rest.length).toBeGreaterThan(t.server.config.maxHeaderBytes * 2 + t.server.config.maxBodyBytes);
    c.socket.write(bodies[0]!);
    await new Promise((r) => setTimeout(r, 1));
    c.socket.write(rest);
    for (let i = 0; i < 80; i++) {
      const a = await c.answer();
      expect(a.status).toBe(200);
      expect(JSON.parse(a.body).decision).toBe("ALLOW");
    }
  });

  it("a request arriving a few bytes at a time is answered once complete", async () => {
    const c = await open();
    const bytes = Buffer.from(await authorizeBytes());
    for (let i = 0; i < bytes.length; i += 37) {
      c.socket.write(bytes.subarray(i, i + 37));
      await new Promise((r) => setImmediate(r));
    }
    const a = await c.answer();
    expect(JSON.parse(a.body).decision).toBe("ALLOW");
  });

  it("Connection: close is answered, then the server closes the connection", async () => {
    const c = await open();
    c.socket.write(await authorizeBytes("connection: close\r\n"));
    const a = await c.answer();
    expect(a.headers.connection).toBe("close");
    expect(JSON.parse(a.body).decision).toBe("ALLOW");
    await c.waitClosed();
  });

  it("a client that half-closes after its request still gets the answer, then the server closes", async () => {
    const c = await open();
    c.socket.end(await authorizeBytes());
    const a = await c.answer();
    expect(JSON.parse(a.body).decision).toBe("ALLOW");
    await c.waitClosed();
  });

  it("a half-close after a request for another route is answered by Node's server", async () => {
    const c = await open();
    c.socket.end(health());
    const a = await c.answer();
    expect(JSON.parse(a.body).status).toBe("ok");
  });

  it("a malformed request goes to Node's parser, which answers 400 and closes", async () => {
    const c = await open();
    c.socket.write(
      "POST /v1/authorize HTTP/1.1\r\nhost: x\r\ncontent-length: 1\r\ncontent-length: 2\r\n\r\n{}",
    );
    const a = await c.answer();
    expect(a.status).toBe(400);
    await c.waitClosed();
  });

  it("a refused request on the fast path keeps the connection usable", async () => {
    const c = await open();
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const tampered = JSON.stringify({ action: purchase(200) });
    let text = `POST /v1/authorize HTTP/1.1\r\nhost: ${host()}\r\ncontent-length: ${Buffer.byteLength(tampered)}\r\n`;
    for (const [k, v] of Object.entries(init.headers)) text += `${k}: ${v}\r\n`;
    c.socket.write(`${text}\r\n${tampered}`);
    const refused = await c.answer();
    expect(refused.status).toBe(401);
    expect(refused.headers["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(refused.body).code).toBe("DIGEST_MISMATCH");
    c.socket.write(await authorizeBytes());
    expect(JSON.parse((await c.answer()).body).decision).toBe("ALLOW");
  });
});
