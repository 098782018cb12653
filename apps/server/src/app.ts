import { OpenAPIHono } from "@hono/zod-openapi";
import { Scalar } from "@scalar/hono-api-reference";
import type { AppEnv } from "./env";
import { createErrorHandler, notFoundHandler, validationHook } from "./errors";
import llmsGuide from "./llms.md";
import { corsMiddleware } from "./middleware/cors";
import { bodySizeLimit, headerLimit, ipRateLimit } from "./middleware/limits";
import { SERVER_VERSION } from "./routes/public/health";
import { registerRoutes } from "./routes";
import type { Services } from "./services";
import { logRequest } from "./util/logger";

/** OpenAPI document metadata. */
const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "OpenLeash API",
    version: SERVER_VERSION,
    description:
      "Authorization guardrails for AI agents: agents ask (RFC 9421-signed), OpenLeash decides, counterparties verify proofs offline. Wire protocol: PROTOCOL.md.",
    license: { name: "Apache-2.0" },
  },
  tags: [
    { name: "public", description: "No authentication" },
    { name: "agent", description: "RFC 9421 HTTP Message Signatures with the agent's Ed25519 key" },
    { name: "owner", description: "Authorization: Bearer <owner API token>" },
    { name: "admin", description: "Authorization: Bearer <admin token>" },
  ],
};

function declareSecurity(app: OpenAPIHono<AppEnv>): void {
  app.openAPIRegistry.registerComponent("securitySchemes", "ownerToken", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "adminToken", { type: "http", scheme: "bearer" });
  app.openAPIRegistry.registerComponent("securitySchemes", "agentSignature", {
    type: "apiKey",
    in: "header",
    name: "Signature",
    description: "RFC 9421 signature (with Signature-Input and Content-Digest), see PROTOCOL.md §3",
  });
}

/** The OpenAPI document of every route (what spec/openapi.json holds). */
export function buildOpenApiDocument(): Record<string, unknown> {
  const app = new OpenAPIHono<AppEnv>();
  declareSecurity(app);
  registerRoutes(app);
  return app.getOpenAPI31Document(OPENAPI_INFO) as unknown as Record<string, unknown>;
}

const POLICY_PATH = /^\/v1\/owner\/policies(\/|$)/;

/**
 * Builds the Hono app over a service layer: CORS when configured, then limits (headers, per-IP
 * rate, body size), then the OpenAPI routes with their own auth middleware, one error handler,
 * one validation hook.
 */
export function createApp(services: Services): OpenAPIHono<AppEnv> {
  const { config, clock, logger } = services.context;
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(createErrorHandler((err) => logger.error("unhandled error", { err: String(err) })));
  app.notFound(notFoundHandler);
  app.use("*", async (c, next) => {
    c.set("services", services);
    const started = performance.now();
    await next();
    logRequest(logger, c.req.method, c.req.path, c.res.status, started);
  });
  // Before the limits, so that their 429/431/413 answers are readable by an allowed browser page too.
  const cors = corsMiddleware(config.corsOrigins);
  if (cors) app.use("*", cors);
  app.use("*", headerLimit(config.maxHeaderBytes));
  app.use("*", ipRateLimit(services.rateLimits.ip, clock));
  const smallBodies = bodySizeLimit(config.maxBodyBytes);
  // Policy uploads carry YAML escaped in JSON (up to ~2x its size); the engine enforces maxPolicyBytes itself.
  const policyBodies = bodySizeLimit(config.maxPolicyBytes * 2 + 4096);
  app.use("*", (c, next) => (POLICY_PATH.test(c.req.path) ? policyBodies(c, next) : smallBodies(c, next)));
  declareSecurity(app);
  registerRoutes(app);
  // Generated on first request, not at start: it takes tens of milliseconds of a cold start.
  let doc: string | null = null;
  app.get("/openapi.json", (c) => {
    doc ??= JSON.stringify(app.getOpenAPI31Document(OPENAPI_INFO));
    return c.body(doc, 200, { "content-type": "application/json" });
  });
  app.get("/reference", Scalar({ url: "/openapi.json", pageTitle: "OpenLeash API reference" }));
  app.get("/llms.txt", (c) => c.body(llmsGuide, 200, { "content-type": "text/markdown; charset=utf-8" }));
  return app;
}
