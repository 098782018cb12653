import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, resolve } from "node:path";
import { type Ed25519PrivateJwk, type Ed25519PublicJwk, generateKeyPair } from "@openleash/proof-tokens";
import type { Logger, Services } from "@openleash/server";
import { OperatorError, type ServerTarget, serverRequest } from "./init-http";

/** The policy `init` binds: its YAML, a name for it, and where it came from. */
export type PolicySource = { source: string; name: string; origin: string };

/** Everything `openleash init` created; secrets included, shown once. */
export type InitResult = {
  serverUrl: string;
  owner: { id: string; name: string };
  ownerApiToken: string;
  agent: { id: string; name: string };
  keyId: string;
  publicJwk: Ed25519PublicJwk;
  privateJwk: Ed25519PrivateJwk;
  policy: { id: string; name: string; version: number; origin: string };
  bindingId: string;
  /** Only when `init` created the data folder itself: the instance's admin token (shown once). */
  adminToken?: string;
};

type Names = { owner: string; agent: string };

/** The engine's starter template (purchases up to 50 USD allowed, above that approval, else deny). */
export function starterPolicyPath(): string {
  return createRequire(import.meta.url).resolve("@openleash/engine/templates/starter.yaml");
}

/**
 * Reads and validates the policy locally before anything is created, so that a bad file leaves
 * no half-set-up owner behind. Errors name the file, line and column.
 */
export async function loadPolicy(file: string | undefined, cwd: string): Promise<PolicySource> {
  const path = file ? resolve(cwd, file) : starterPolicyPath();
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (err) {
    throw new OperatorError(
      "POLICY_UNREADABLE",
      `cannot read policy ${file ?? path}: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
    );
  }
  // Loaded on use: `openleash --help` and the other commands do not pay for the engine.
  const { PolicyError, parsePolicy } = await import("@openleash/engine");
  try {
    const doc = parsePolicy(source);
    const name = doc.name ?? basename(path).replace(/\.ya?ml$/i, "");
    return { source, name: name || "policy", origin: file ? path : "starter template" };
  } catch (err) {
    if (err instanceof PolicyError) {
      const where = err.line !== undefined ? `:${err.line}:${err.column ?? 1}` : "";
      throw new OperatorError("INVALID_POLICY", `${file ?? path}${where}: ${err.code}: ${err.message}`);
    }
    throw err;
  }
}

type Created = {
  owner: { id: string; name: string };
  api_token: string;
};

/**
 * Sets up over HTTP with the admin token: owner (+ API token) → policy upload → invite → the agent
 * redeems it with a request signed by its new key (proof of possession, PROTOCOL.md §3) → binding.
 */
export async function initOverHttp(
  target: ServerTarget,
  adminToken: string,
  names: Names,
  policy: PolicySource,
): Promise<InitResult> {
  await serverRequest(target, "GET", "/v1/health");
  const created = await serverRequest<Created>(target, "POST", "/v1/admin/owners", {
    auth: { bearer: adminToken },
    body: { name: names.owner, type: "user" },
  });
  const owner = { bearer: created.api_token };
  const uploaded = await serverRequest<{ policy: { id: string }; version: { version: number } }>(
    target,
    "POST",
    "/v1/owner/policies",
    { auth: owner, body: { name: policy.name, source: policy.source } },
  );
  const invite = await serverRequest<{ invite_token: string }>(target, "POST", "/v1/owner/agent-invites", {
    auth: owner,
    body: { name: names.agent, expires_in_seconds: 600 },
  });
  const keys = await generateKeyPair();
  const registered = await serverRequest<{ agent: { id: string; name: string }; kid: string }>(
    target,
    "POST",
    "/v1/agents/register",
    {
      auth: { sign: { key: keys.privateJwk, keyId: keys.kid } },
      body: { invite_token: invite.invite_token, public_key: keys.publicJwk, name: names.agent },
    },
  );
  const binding = await serverRequest<{ id: string }>(target, "POST", "/v1/owner/bindings", {
    auth: owner,
    body: { policy_id: uploaded.policy.id, scope: "agent", target_id: registered.agent.id },
  });
  return {
    serverUrl: target.url,
    owner: { id: created.owner.id, name: created.owner.name },
    ownerApiToken: created.api_token,
    agent: { id: registered.agent.id, name: registered.agent.name },
    keyId: registered.kid,
    publicJwk: keys.publicJwk,
    privateJwk: keys.privateJwk,
    policy: {
      id: uploaded.policy.id,
      name: policy.name,
      version: uploaded.version.version,
      origin: policy.origin,
    },
    bindingId: binding.id,
  };
}

/** The service layer on a data folder, as `openDataFolder` returns it. */
export type OpenFolder = Services & { close(): Promise<void>; bootstrap: { adminToken: string | null } };

/** Opens a data folder for the CLI, turning "a server holds it" into a clear {@link OperatorError}. */
export async function openFolder(
  dataDir: string,
  options: { configFile?: string; env: NodeJS.ProcessEnv; logger: Logger },
): Promise<OpenFolder> {
  const { DataFolderLockedError, openDataFolder } = await import("@openleash/server");
  try {
    return await openDataFolder({
      dataDir,
      env: options.env,
      logger: options.logger,
      ...(options.configFile ? { configFile: options.configFile } : {}),
    });
  } catch (err) {
    if (err instanceof DataFolderLockedError) {
      // Writing beside a running server would race its caches and lock: go through it instead.
      throw new OperatorError(
        "DATA_FOLDER_LOCKED",
        `the data folder ${dataDir} is in use by a running OpenLeash server (process ${err.pid}); ` +
          "nothing was changed. Talk to that server instead: pass --url <server URL> --admin-token <token> " +
          "(or stop it first).",
      );
    }
    throw err;
  }
}

/**
 * Sets up directly on a data folder through the server's services (no server running). The agent
 * key is generated here, so possession is local; the invite is still used so the audit log shows
 * the same events as an HTTP registration.
 */
export async function initOnFolder(
  dataDir: string,
  options: { configFile?: string; env: NodeJS.ProcessEnv; logger: Logger },
  names: Names,
  policy: PolicySource,
): Promise<InitResult> {
  const services = await openFolder(dataDir, options);
  try {
    const actor = { type: "admin" as const, id: "cli" };
    const { owner, apiToken } = await services.owners.createOwner({ name: names.owner, type: "user" }, actor);
    const uploaded = await services.policies.create(owner.id, policy.name, policy.source);
    const invite = await services.agents.createInvite(owner.id, {
      name: names.agent,
      expires_in_seconds: 600,
    });
    const keys = await generateKeyPair();
    const agent = await services.agents.register({
      inviteToken: invite.token,
      publicJwk: { kty: "OKP", crv: "Ed25519", x: keys.publicJwk.x },
      kid: keys.kid,
      name: names.agent,
    });
    const binding = await services.policies.bind(owner.id, {
      policy_id: uploaded.policy.id,
      scope: "agent",
      target_id: agent.id,
    });
    return {
      serverUrl: services.context.issuer,
      owner: { id: owner.id, name: owner.name },
      ownerApiToken: apiToken,
      agent: { id: agent.id, name: agent.name },
      keyId: keys.kid,
      publicJwk: keys.publicJwk,
      privateJwk: keys.privateJwk,
      policy: { id: uploaded.policy.id, name: policy.name, version: 1, origin: policy.origin },
      bindingId: binding.id,
      ...(services.bootstrap.adminToken ? { adminToken: services.bootstrap.adminToken } : {}),
    };
  } finally {
    await services.close();
  }
}
