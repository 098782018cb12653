import { chmod, open } from "node:fs/promises";
import type { InitResult } from "./init-steps";
import { OperatorError } from "./init-http";

/** File name of the agent's credentials, written beside the caller (or into `--out`). */
export const AGENT_ENV_FILE = "agent.env";

/**
 * The `agent.env` text: dotenv syntax that a POSIX shell can also `source`. The JWK is one JSON
 * line in single quotes (it never contains a single quote: base64url and fixed member names).
 */
export function agentEnvText(r: InitResult): string {
  return [
    "# OpenLeash agent credentials written by `openleash init`. Keep this file secret (mode 0600).",
    `OPENLEASH_URL=${r.serverUrl}`,
    `OPENLEASH_AGENT_ID=${r.agent.id}`,
    `OPENLEASH_KEY_ID=${r.keyId}`,
    `OPENLEASH_PRIVATE_KEY_JWK='${JSON.stringify(r.privateJwk)}'`,
    "",
  ].join("\n");
}

/**
 * Writes `agent.env` with mode 0600. Without `force` an existing file is never replaced (it may
 * hold another agent's only copy of its private key).
 */
export async function writeAgentEnv(path: string, r: InitResult, force: boolean): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, force ? "w" : "wx", 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new OperatorError("AGENT_ENV_EXISTS", `${path} exists already`);
    throw new OperatorError("AGENT_ENV_UNWRITABLE", `cannot write ${path}: ${code ?? "error"}`);
  }
  try {
    await handle.writeFile(agentEnvText(r));
    await handle.sync();
  } finally {
    await handle.close();
  }
  // `open` applies the mode only when it creates the file; --force over an old file tightens it too.
  await chmod(path, 0o600);
}

/** The `--json` document: one object with every credential and id. */
export function initJson(r: InitResult, agentEnvPath: string | null): Record<string, unknown> {
  return {
    server_url: r.serverUrl,
    owner: r.owner,
    owner_api_token: r.ownerApiToken,
    agent: r.agent,
    key_id: r.keyId,
    public_key_jwk: r.publicJwk,
    private_key_jwk: r.privateJwk,
    policy: r.policy,
    binding_id: r.bindingId,
    agent_env: agentEnvPath,
    ...(r.adminToken ? { admin_token: r.adminToken } : {}),
  };
}

/** Human-readable summary; secrets are labelled as shown once. */
export function initText(r: InitResult, agentEnvPath: string | null): string {
  const lines = [
    "OpenLeash is set up.",
    "",
    `  Server URL       ${r.serverUrl}`,
    `  Owner            ${r.owner.name} (${r.owner.id})`,
    `  Agent            ${r.agent.name} (${r.agent.id})`,
    `  Agent key id     ${r.keyId}`,
    `  Policy           ${r.policy.name} v${r.policy.version} (${r.policy.id}, from ${r.policy.origin}), bound to the agent`,
    "",
    "Shown once, store them now:",
    `  Owner API token  ${r.ownerApiToken}`,
    "  Agent private key (JWK; it never leaves the agent):",
    `    ${JSON.stringify(r.privateJwk)}`,
  ];
  if (r.adminToken) {
    lines.push(
      `  Admin token      ${r.adminToken}`,
      "                   (this data folder was new: the admin token is created once)",
    );
  }
  lines.push("");
  if (agentEnvPath) {
    lines.push(
      `Wrote ${agentEnvPath} (mode 0600): OPENLEASH_URL, OPENLEASH_AGENT_ID, OPENLEASH_KEY_ID, OPENLEASH_PRIVATE_KEY_JWK`,
    );
  }
  lines.push(
    "Next: give agent.env to your agent (the SDK reads these variables) and call POST /v1/authorize",
    `before anything risky. Agent guide: ${r.serverUrl}/llms.txt`,
    "",
  );
  return lines.join("\n");
}
