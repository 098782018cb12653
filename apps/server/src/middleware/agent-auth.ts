import { type HeadersLike, OpenLeashTokenError, verifyRequest } from "@openleash/proof-tokens";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError, ERROR_CATALOGUE, type ErrorCode } from "../errors";
import type { AgentEnv } from "../env";
import type { AgentContext, Services, SignatureInfo } from "../services";
import { nonceExpiresAtMs } from "../services/nonce-redo";

const SIGNATURE_MESSAGES: Partial<Record<ErrorCode, string>> = {
  // One message for an unknown key, a revoked key and a bad signature (PROTOCOL.md §3).
  INVALID_SIGNATURE: "request signature could not be verified",
  MALFORMED_SIGNATURE: "Signature or Signature-Input header missing or malformed",
  MISSING_COMPONENT: "the signature does not cover every required component",
  DIGEST_MISMATCH: "Content-Digest does not match the request body",
  CLOCK_SKEW: "signature `created` is outside the allowed clock skew",
  SIGNATURE_EXPIRED: "signature `expires` is in the past",
};

/** Maps a @openleash/proof-tokens signature failure to the catalogue (401, nothing written). */
export function signatureProblem(err: unknown): ApiError {
  if (err instanceof OpenLeashTokenError) {
    const code = (err.code in ERROR_CATALOGUE ? err.code : "INVALID_SIGNATURE") as ErrorCode;
    const status = ERROR_CATALOGUE[code].status;
    if (status === 401) return new ApiError(code, SIGNATURE_MESSAGES[code] ?? ERROR_CATALOGUE[code].title);
    return new ApiError("INVALID_SIGNATURE", SIGNATURE_MESSAGES.INVALID_SIGNATURE);
  }
  throw err;
}

/** The request parts RFC 9421 §2.2 derives components from, with the body bytes for the digest. */
export async function signedParts(c: Context): Promise<SignedParts> {
  const url = c.req.url;
  const q = url.indexOf("?");
  const body =
    c.req.method === "GET" || c.req.method === "HEAD"
      ? new Uint8Array(0)
      : new Uint8Array(await c.req.arrayBuffer());
  return {
    method: c.req.method,
    path: c.req.path,
    query: q >= 0 ? url.slice(q) : "",
    headers: c.req.raw.headers,
    body,
  };
}

const decoder = new TextDecoder();

/** The body as text, decoded as fetch's `Body.text()` does (UTF-8, a leading BOM dropped). */
export function bodyText(body: Uint8Array): string {
  return decoder.decode(body);
}

/**
 * Hands the already-read body to the route's JSON validator through hono's body cache as text
 * (hono's `json()` parses the cached text). Without it hono would re-read the bytes through a new
 * Response object, which costs more than the JSON parse itself.
 */
export function primeJsonBody(c: Context, body: Uint8Array): void {
  if (body.length === 0) return;
  const text = bodyText(body);
  // hono types the cache entries as Body methods but stores the promises they return.
  (c.req.bodyCache as Record<string, Promise<unknown>>).text = Promise.resolve(text);
}

/** Records the nonce of a verified request; a second use is NONCE_REPLAY. */
export async function recordNonceOrThrow(
  s: Services,
  kid: string,
  nonce: string,
  created: number,
): Promise<void> {
  const expiresAtMs = nonceExpiresAtMs(created, s.context.config.signatureMaxSkewSeconds);
  if (!(await s.context.storage.recordNonce(kid, nonce, expiresAtMs))) {
    throw new ApiError("NONCE_REPLAY", "this request was already received");
  }
}

/** Per-agent rate limit (429 with Retry-After). */
export function checkAgentRate(s: Services, agentId: string): void {
  const wait = s.rateLimits.agent.hit(agentId, s.context.clock().getTime());
  if (wait > 0)
    throw new ApiError(
      "RATE_LIMITED",
      "too many requests from this agent",
      {},
      { "retry-after": String(wait) },
    );
}

/** The request parts RFC 9421 §2.2 derives components from, with the body bytes. */
export type SignedParts = {
  method: string;
  path: string;
  query: string;
  headers: HeadersLike;
  body: Uint8Array;
};

/** What a verified request establishes: the active agent and its signature parameters. */
export type AuthenticatedAgent = { agent: AgentContext; signature: SignatureInfo };

/**
 * RFC 9421 agent authentication. Order matters (STYLE.md "Security hygiene"): the signature is
 * verified before anything is looked up by agent or written; then the agent must be ACTIVE; then
 * the nonce is recorded — unless `deferNonce`, where the caller records it inside its own
 * transaction (POST /v1/authorize). Shared by the Hono middleware and the direct authorize path.
 */
export async function authenticateAgent(
  s: Services,
  parts: SignedParts,
  options: { deferNonce?: boolean } = {},
): Promise<AuthenticatedAgent> {
  let agentId: string | null = null;
  let verified: Awaited<ReturnType<typeof verifyRequest>>;
  try {
    verified = await verifyRequest({
      ...parts,
      now: s.context.clock(),
      maxSkewSeconds: s.context.config.signatureMaxSkewSeconds,
      resolveKey: async (kid) => {
        const entry = await s.agentCache.resolveKey(kid);
        agentId = entry?.agentId ?? null;
        return entry?.key ?? null;
      },
    });
  } catch (err) {
    throw signatureProblem(err);
  }
  const agent = agentId ? await s.agentCache.context(agentId) : null;
  if (!agent) throw new ApiError("INVALID_SIGNATURE", SIGNATURE_MESSAGES.INVALID_SIGNATURE);
  if (agent.agent.status !== "ACTIVE") {
    throw new ApiError("AGENT_INACTIVE", `agent is ${agent.agent.status.toLowerCase()}`);
  }
  checkAgentRate(s, agent.agent.id);
  if (!options.deferNonce) await recordNonceOrThrow(s, verified.keyId, verified.nonce, verified.created);
  return { agent, signature: { kid: verified.keyId, nonce: verified.nonce, created: verified.created } };
}

/** The Hono middleware around {@link authenticateAgent}. */
export function agentAuth(options: { deferNonce?: boolean } = {}): MiddlewareHandler<AgentEnv> {
  return async (c, next) => {
    const parts = await signedParts(c);
    const { agent, signature } = await authenticateAgent(c.var.services, parts, options);
    c.set("agent", agent);
    c.set("signature", signature);
    primeJsonBody(c, parts.body);
    await next();
  };
}
