import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type ApiError,
  malformedJson,
  PROBLEM_CONTENT_TYPE,
  toApiError,
  toProblem,
  validationError,
} from "./errors";
import { authenticateAgent, bodyText } from "./middleware/agent-auth";
import { checkDeclaredLength, checkHeaderBytes, checkIpRate, payloadTooLarge } from "./middleware/limits";
import { AuthorizeRequest } from "./routes/agent/authorize";
import type { Services } from "./services";
import { logRequest } from "./util/logger";

const PATH = "/v1/authorize";
// The media types for which the Hono route goes straight to JSON parsing: @hono/zod-openapi's
// media-type gate and hono's JSON validator both accept them. Anything else takes the Hono path.
const JSON_REQUEST = /^application\/([a-z-.]+\+)?json(;\s*[a-zA-Z0-9-]+=([^;]+))*$/i;
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;
// Hosts that @hono/node-server accepts as they are (canonical dotted-quad IPv4 or a DNS name whose
// last label starts with a letter, optional port); others (IPv6, odd IPv4 spellings) take the Hono path.
const PLAIN_HOST =
  /^(?:(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)|(?:[a-z0-9-]+\.)*[a-z][a-z0-9-]*)(?::\d{1,5})?$/;

/**
 * True for the requests {@link serveAuthorize} answers: `POST /v1/authorize` with a JSON body and a
 * plain Host. Everything else (including every unusual variant of this route) goes through Hono.
 */
export function isDirectAuthorize(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.url !== PATH) return false;
  const type = req.headers["content-type"];
  const host = req.headers.host;
  return (
    type !== undefined &&
    JSON_REQUEST.test(type) &&
    JSON_MEDIA.test(type.split(";")[0]!.trim()) &&
    host !== undefined &&
    PLAIN_HOST.test(host)
  );
}

/**
 * Header bytes as the Hono path counts them (fetch `Headers`: one entry per name, repeated lines
 * joined by ", "). The raw sum over-counts repeats, so the exact figure is only needed above the limit.
 */
function headerBytes(raw: string[], maxBytes: number): number {
  let size = 0;
  for (let i = 0; i < raw.length; i += 2) size += raw[i]!.length + raw[i + 1]!.length + 4;
  if (size <= maxBytes) return size;
  const seen = new Set<string>();
  size = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name !== "set-cookie" && seen.has(name)) size += value.length + 2;
    else size += name.length + value.length + 4;
    seen.add(name);
  }
  return size;
}

/** Reads the whole body; counts it against `maxBytes` when no Content-Length vouched for its size. */
function readBody(req: IncomingMessage, maxBytes: number, counted: boolean): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (counted && size > maxBytes) {
        req.removeAllListeners("data");
        reject(payloadTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.once("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.once("error", reject);
    req.once("close", () => {
      // Node closes every request once answered; only one closed before its end is an error.
      if (!req.complete) reject(new Error("request closed before its body was complete"));
    });
  });
}

function send(res: ServerResponse, status: number, type: string, body: string, headers?: object): void {
  // One write: Node sends the head and a string body together.
  res.writeHead(status, { ...headers, "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function sendProblem(res: ServerResponse, err: ApiError): void {
  send(res, err.status, PROBLEM_CONTENT_TYPE, JSON.stringify(toProblem(err, PATH)), err.headers);
}

/** The route's steps after the app-wide limits: agent auth, JSON, validation, the service. */
async function authorizeBody(s: Services, req: IncomingMessage): Promise<string> {
  const { config } = s.context;
  const declared = checkDeclaredLength(
    req.headers["content-length"],
    req.headers["transfer-encoding"],
    config.maxBodyBytes,
  );
  const body = await readBody(req, config.maxBodyBytes, !declared);
  const { agent, signature } = await authenticateAgent(
    s,
    { method: "POST", path: PATH, query: "", headers: req.headers, body },
    { deferNonce: true },
  );
  let value: unknown;
  try {
    // An empty body fails here too, as it does in hono's JSON validator.
    value = JSON.parse(bodyText(body));
  } catch {
    throw malformedJson();
  }
  const parsed = AuthorizeRequest.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return JSON.stringify(await s.authorize.authorize(agent, signature, parsed.data));
}

/**
 * `POST /v1/authorize` straight on node:http, for the one route on the hot path: the same limits
 * (headers, per-IP rate, body size), the same agent authentication, JSON parse, zod schema, service
 * call and problem+json mapping as the Hono route — the shared functions, not copies — without
 * building fetch `Request`/`Headers`/streams per call, and answered with one write.
 */
export async function serveAuthorize(s: Services, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const { config, clock, logger } = s.context;
  let status = 200;
  try {
    checkHeaderBytes(headerBytes(req.rawHeaders, config.maxHeaderBytes), config.maxHeaderBytes);
    checkIpRate(s.rateLimits.ip, req.socket.remoteAddress ?? "local", clock().getTime());
    send(res, 200, "application/json", await authorizeBody(s, req));
  } catch (err) {
    const problem = toApiError(err, (e) => logger.error("unhandled error", { err: String(e) }));
    status = problem.status;
    sendProblem(res, problem);
  }
  logRequest(logger, "POST", PATH, status, started);
}
