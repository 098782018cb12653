import { STATUS_CODES, type Server as HttpServer } from "node:http";
import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { type AuthorizeHead, parseAuthorizeHead } from "./authorize-head";

/** One answer for the fast path to write: status, media type, body and any extra header fields. */
export type FastAnswer = {
  status: number;
  type: string;
  body: string;
  headers: Record<string, string> | undefined;
};

/** What the fast path needs from its owner. */
export type FastServerOptions = {
  /** Node's HTTP server (never listening itself): every other request, and every unusual one, goes to it. */
  fallback: HttpServer;
  /** Serves one complete `POST /v1/authorize`. */
  answer(head: AuthorizeHead, body: Buffer, socket: Socket): Promise<FastAnswer>;
  /** Heads longer than this go to Node's parser (which enforces its own limit). */
  maxHeadBytes: number;
  /** Bodies declared longer than this go to the Hono path (which answers 413). */
  maxBodyBytes: number;
  /** Close an idle keep-alive connection after this long (Node's default is 5 s). */
  keepAliveMs?: number;
  /** Close a connection whose request has not fully arrived after this long (Node's headersTimeout: 60 s). */
  requestTimeoutMs?: number;
  /** Where failures that reach no client are reported. */
  onError(err: unknown): void;
};

/** A listening socket whose `POST /v1/authorize` requests skip Node's HTTP machinery. */
export type FastServer = {
  server: NetServer;
  /** Stops accepting; idle connections close now, busy ones after their answer. */
  close(): Promise<void>;
};

let cachedDate = "";
let cachedSecond = -1;

/** The Date header (RFC 9110 §6.6.1), computed at most once a second like Node's own. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(now).toUTCString();
  }
  return cachedDate;
}

/**
 * A TCP server in front of Node's HTTP server. Each connection starts on the fast path: complete
 * `POST /v1/authorize` requests (see {@link parseAuthorizeHead}) are answered here with one write;
 * the first request that is anything else hands the connection — from that request's first byte —
 * to Node's HTTP server for good, as if it had accepted it itself. Requests on one connection are
 * answered in order, one at a time (pipelined ones wait in the buffer).
 *
 * Why: node:http's per-request objects (IncomingMessage, ServerResponse, header maps, streams) cost
 * about as much CPU as the whole authorization logic besides Ed25519 (bench/authorize/README.md).
 */
export function createFastServer(options: FastServerOptions): FastServer {
  const connections = new Set<FastConnection>();
  // allowHalfOpen as Node's HTTP server has it: a client that half-closes after its request still
  // gets the answer (on the fast path and on connections handed over).
  const server = createNetServer({ noDelay: true, allowHalfOpen: true }, (socket) => {
    const conn = new FastConnection(socket, options, connections);
    connections.add(conn);
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const conn of connections) conn.shutdown();
      }),
  };
}

class FastConnection {
  #buf: Buffer | null = null;
  #busy = false;
  #closing = false;
  /** The client half-closed: answer what is complete, then close. */
  #ended = false;
  /** The socket now belongs to Node's HTTP server. */
  #handedOff = false;
  /** When the first byte of the request now in the buffer arrived. */
  #since = 0;
  readonly #onData = (chunk: Buffer) => this.#data(chunk);
  readonly #onEnd = () => {
    this.#ended = true;
    if (!this.#busy) this.socket.end(); // nothing in progress; an incomplete request never will be
  };
  readonly #onTimeout = () => {
    if (!this.#busy) this.socket.destroy();
  };

  constructor(
    readonly socket: Socket,
    private readonly options: FastServerOptions,
    private readonly set: Set<FastConnection>,
  ) {
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("error", () => socket.destroy());
    socket.once("close", () => set.delete(this));
    socket.setTimeout(options.keepAliveMs ?? 5_000, this.#onTimeout);
  }

  /** Server shutdown: close now when idle, after the answer in progress otherwise. */
  shutdown(): void {
    this.#closing = true;
    if (!this.#busy) this.socket.destroy();
  }

  #data(chunk: Buffer): void {
    if (this.#buf === null) {
      this.#buf = chunk;
      this.#since = Date.now();
    } else {
      this.#buf = Buffer.concat([this.#buf, chunk]);
      if (Date.now() - this.#since > (this.options.requestTimeoutMs ?? 60_000)) {
        this.socket.destroy(); // a request trickling in for longer than Node would allow
        return;
      }
    }
    if (!this.#busy) this.#next();
    else if (this.#buf.length > this.options.maxHeadBytes + this.options.maxBodyBytes) {
      // Pipelined requests wait while one is answered; past one full request's worth, the kernel's
      // buffer holds the rest (no per-request pause/resume: each is a system call).
      this.socket.pause();
    }
  }

  /** Serves the complete request at the head of the buffer, if there is one. */
  #next(): void {
    const buf = this.#buf;
    if (buf === null) return;
    const { maxHeadBytes, maxBodyBytes } = this.options;
    const head = parseAuthorizeHead(buf, maxHeadBytes, maxBodyBytes);
    if (head.kind === "other") {
      this.#handOff();
      return;
    }
    if (head.kind === "more") return;
    const end = head.bodyStart + head.contentLength;
    if (buf.length < end) {
      // Pipelined bytes beyond one request wait; a body that does not fit was refused by the parser.
      return;
    }
    const body = buf.subarray(head.bodyStart, end);
    if (end < buf.length) {
      this.#buf = buf.subarray(end);
      this.#since = Date.now();
    } else this.#buf = null;
    this.#busy = true;
    this.options
      .answer(head, body, this.socket)
      .then(
        (a) => this.#send(a.status, a.type, a.body, a.headers, head.close),
        (err: unknown) => {
          this.options.onError(err);
          this.socket.destroy();
        },
      )
      .finally(() => {
        this.#busy = false;
        if (this.socket.destroyed) return;
        if (this.#closing || head.close || (this.#ended && this.#buf === null)) {
          this.socket.end();
          return;
        }
        if (this.socket.isPaused()) this.socket.resume();
        this.#next();
        // Half-closed with only an incomplete request left: it can never complete.
        if (this.#ended && !this.#busy && !this.#handedOff && !this.socket.destroyed) this.socket.end();
      });
  }

  #send(
    status: number,
    type: string,
    body: string,
    extra: Record<string, string> | undefined,
    close: boolean,
  ): void {
    if (this.socket.destroyed) return;
    let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    if (extra) for (const name in extra) head += `${name}: ${extra[name]}\r\n`;
    head +=
      close || this.#closing
        ? `date: ${httpDate()}\r\nconnection: close\r\n\r\n`
        : `date: ${httpDate()}\r\nconnection: keep-alive\r\nkeep-alive: timeout=${Math.floor((this.options.keepAliveMs ?? 5_000) / 1000)}\r\n\r\n`;
    this.socket.write(head + body);
  }

  /**
   * Gives the connection to Node's HTTP server, starting with the request at the head of the
   * buffer: the bytes read so far go back into the socket's stream, then the server sees the
   * socket as a new connection and parses everything from there on.
   */
  #handOff(): void {
    const { socket } = this;
    this.#handedOff = true;
    this.set.delete(this);
    socket.removeListener("data", this.#onData);
    socket.removeListener("end", this.#onEnd);
    socket.setTimeout(0);
    socket.pause();
    if (this.#buf) socket.unshift(this.#buf);
    this.#buf = null;
    this.options.fallback.emit("connection", socket);
    socket.resume();
  }
}
