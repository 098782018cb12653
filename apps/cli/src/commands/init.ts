import { access } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Logger } from "@openleash/server";
import { type Command, type CommandIO, UsageError } from "../command";
import { adminTokenFrom, asOperatorError, normaliseServerUrl, OperatorError } from "./init-http";
import { AGENT_ENV_FILE, initJson, initText, writeAgentEnv } from "./init-output";
import { type InitResult, initOnFolder, initOverHttp, loadPolicy } from "./init-steps";

const HELP = `openleash init: set up an owner, an agent and its policy in one step

Usage:
  openleash init --owner NAME --agent NAME [--policy FILE]
                 [--url URL --admin-token TOKEN | --data DIR [--config FILE]]
                 [--out DIR] [--force] [--no-env] [--json]

Creates an owner (and its API token), generates the agent's Ed25519 key pair here, registers
the agent with its public key, uploads the policy and binds it to the agent. Prints the agent's
credentials (agent id, key id, private key as a JWK), the owner API token and the server URL,
and writes them to agent.env (mode 0600). Non-interactive; secrets are shown once.

Where:
  --url URL            a running server: works over HTTP with the admin token (the agent
                       registers through an invite, with a request signed by its new key)
  --admin-token TOKEN  the admin token printed by the first \`openleash start\`
                       (or set OPENLEASH_ADMIN_TOKEN)
  --data DIR           no server running: work directly on this data folder
                       (default ./.openleash; refused while a server holds it: use --url)
  --config FILE        server config file (data-folder mode: issuer, limits)

What:
  --owner NAME         the owner to create (required)
  --agent NAME         the agent to create (required)
  --policy FILE        policy YAML to bind (default: the starter template: purchases up to
                       50 USD allowed, above that a human approves, everything else denied)

Output:
  --out DIR            where to write agent.env (default: the current directory)
  --force              replace an existing agent.env
  --no-env             do not write agent.env
  --json               print one JSON object instead of text

Exit codes: 0 done, 1 failed (nothing or, over HTTP, only the steps named were done), 2 usage.

Examples:
  openleash init --owner alice --agent shopper
  openleash init --url http://127.0.0.1:8787 --admin-token "$TOKEN" \\
    --owner alice --agent shopper --policy ./my-policy.yaml --json
`;

const OPTIONS = {
  owner: { type: "string" },
  agent: { type: "string" },
  policy: { type: "string" },
  url: { type: "string" },
  "admin-token": { type: "string" },
  data: { type: "string" },
  config: { type: "string" },
  out: { type: "string" },
  force: { type: "boolean", default: false },
  "no-env": { type: "boolean", default: false },
  json: { type: "boolean", default: false },
} as const;

function parse(argv: string[]) {
  let values: ReturnType<
    typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true }>
  >["values"];
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  for (const name of ["owner", "agent"] as const) {
    const v = values[name];
    if (v === undefined) throw new UsageError(`--${name} NAME is required`);
    if (v.trim() === "" || v.length > 200) throw new UsageError(`--${name} must be 1 to 200 characters`);
  }
  if (values.url !== undefined && values.data !== undefined)
    throw new UsageError("pass either --url (a running server) or --data (a data folder), not both");
  if (values.url === undefined && values["admin-token"] !== undefined)
    throw new UsageError("--admin-token goes with --url");
  if (values.url !== undefined && values.config !== undefined)
    throw new UsageError("--config applies to --data (the running server has its own configuration)");
  return values;
}

/** Forwards only errors: the CLI prints its own summary (the admin token included, when new). */
function quietLogger(io: CommandIO): Logger {
  return { debug() {}, info() {}, warn() {}, error: (m) => io.stderr(`openleash init: error: ${m}\n`) };
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const values = parse(argv);
  const names = { owner: values.owner!.trim(), agent: values.agent!.trim() };
  const envPath = values["no-env"] ? null : join(resolve(io.cwd, values.out ?? "."), AGENT_ENV_FILE);
  try {
    if (envPath && !values.force) {
      // Checked before anything is created: an agent whose key cannot be saved would be lost.
      const exists = await access(envPath).then(
        () => true,
        () => false,
      );
      if (exists) {
        throw new OperatorError(
          "AGENT_ENV_EXISTS",
          `${envPath} exists already; nothing was created (use --out DIR, --force or --no-env)`,
        );
      }
    }
    const policy = await loadPolicy(values.policy, io.cwd);
    let result: InitResult;
    if (values.url !== undefined) {
      const url = normaliseServerUrl(values.url);
      const admin = adminTokenFrom(values["admin-token"], io.env);
      if (!admin) throw new UsageError("--url needs --admin-token TOKEN (or OPENLEASH_ADMIN_TOKEN)");
      result = await initOverHttp({ url }, admin, names, policy);
    } else {
      const dataDir = resolve(io.cwd, values.data ?? ".openleash");
      const options = {
        env: io.env,
        logger: quietLogger(io),
        ...(values.config ? { configFile: resolve(io.cwd, values.config) } : {}),
      };
      result = await initOnFolder(dataDir, options, names, policy);
    }
    if (envPath) await writeAgentEnv(envPath, result, values.force === true);
    io.stdout(values.json ? `${JSON.stringify(initJson(result, envPath))}\n` : initText(result, envPath));
    return 0;
  } catch (err) {
    const known = await asOperatorError(err);
    if (!known) throw err;
    io.stderr(`openleash init: ${known.message}\n`);
    return 1;
  }
}

/** `openleash init`: owner + agent key pair + policy binding in one non-interactive step. */
export const initCommand: Command = {
  name: "init",
  summary: "Create an owner and an agent (key pair, policy) and write agent.env",
  help: HELP,
  run,
};
