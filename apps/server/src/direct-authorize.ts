import {
  type ApiError,
  malformedJson,
  PROBLEM_CONTENT_TYPE,
  toApiError,
  toProblem,
  validationError,
} from "./errors";
import type { FastAnswer } from "./http/fast-server";
import { authenticateAgent, bodyText } from "./middleware/agent-auth";
import { checkHeaderBytes, checkIpRate } from "./middleware/limits";
import { AuthorizeRequest } from "./routes/agent/authorize";
import type { Services } from "./services";
import { logRequest } from "./util/logger";

const PATH = "/v1/authorize";

/** A complete `POST /v1/authorize` as the fast path received it. */
export type DirectAuthorizeRequest = {
  /** Lower-cased names, one value each. */
  headers: Record<string, string>;
  /** Header bytes as the Hono path counts them (name + value + 4 per field). */
  headerBytes: number;
  body: Buffer;
  remoteAddress: string | undefined;
};

function problemAnswer(err: ApiError): FastAnswer {
  return {
    status: err.status,
    type: PROBLEM_CONTENT_TYPE,
    body: JSON.stringify(toProblem(err, PATH)),
    headers: err.headers,
  };
}

/** The route's steps after the app-wide limits: agent auth, JSON, validation, the service. */
async function authorizeBody(s: Services, req: DirectAuthorizeRequest): Promise<string> {
  // No body-size check here: the fast path's parser hands any Content-Length over maxBodyBytes to
  // the Hono route, which answers the 413 (http/authorize-head.ts).
  const { agent, signature } = await authenticateAgent(
    s,
    { method: "POST", path: PATH, query: "", headers: req.headers, body: req.body },
    { deferNonce: true },
  );
  let value: unknown;
  try {
    // An empty body fails here too, as it does in hono's JSON validator.
    value = JSON.parse(bodyText(req.body));
  } catch {
    throw malformedJson();
  }
  const parsed = AuthorizeRequest.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error);
  return JSON.stringify(await s.authorize.authorize(agent, signature, parsed.data));
}

/**
 * `POST /v1/authorize` without Hono, for the one route on the hot path: the same limits (headers,
 * per-IP rate, body size), the same agent authentication, JSON parse, zod schema, service call and
 * problem+json mapping as the Hono route — the shared functions, not copies — without building
 * fetch `Request`/`Headers`/streams per call. The transport (http/fast-server.ts) writes the answer.
 */
export async function answerAuthorize(s: Services, req: DirectAuthorizeRequest): Promise<FastAnswer> {
  const started = performance.now();
  const { config, clock, logger } = s.context;
  let answer: FastAnswer;
  try {
    checkHeaderBytes(req.headerBytes, config.maxHeaderBytes);
    checkIpRate(s.rateLimits.ip, req.remoteAddress ?? "local", clock().getTime());
    answer = { status: 200, type: "application/json", body: await authorizeBody(s, req), headers: undefined };
  } catch (err) {
    answer = problemAnswer(toApiError(err, (e) => logger.error("unhandled error", { err: String(e) })));
  }
  logRequest(logger, "POST", PATH, answer.status, started);
  return answer;
}
