import type { HttpBindings } from "@hono/node-server";
import type { OwnerPrincipal, Services } from "./services";
import type { AgentContext, SignatureInfo } from "./services";

/** Variables every request has: the service layer. */
export type BaseVariables = { services: Services };

/** The app's Hono environment (node bindings are absent under `app.request()` in tests). */
export type AppEnv = { Bindings: Partial<HttpBindings>; Variables: BaseVariables };

/** Set by the agent-auth middleware once the RFC 9421 signature verified and the agent is active. */
export type AgentEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: BaseVariables & { agent: AgentContext; signature: SignatureInfo };
};

/** Set by the owner bearer-auth middleware. */
export type OwnerEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: BaseVariables & { owner: OwnerPrincipal };
};

/** Set by the admin bearer-auth middleware. */
export type AdminEnv = { Bindings: Partial<HttpBindings>; Variables: BaseVariables & { admin: true } };
