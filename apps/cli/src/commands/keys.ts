import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { InstanceKeyInfo, Logger } from "@openleash/server";
import { type Command, type CommandIO, UsageError } from "../command";
import { adminTokenFrom, asOperatorError, normaliseServerUrl, serverRequest } from "./init-http";
import { type OpenFolder, openFolder } from "./init-steps";

const HELP = `openleash keys: the instance's signing keys (proof tokens, approval tokens, audit checkpoints)

Usage:
  openleash keys list   [--data DIR | --url URL --admin-token TOKEN] [--json]
  openleash keys rotate [--data DIR | --url URL --admin-token TOKEN] [--json]

Where:
  --data DIR           a data folder no server is running on (default ./.openleash)
  --url URL            a running server (GET /v1/admin/keys, POST /v1/admin/keys/rotate);
                       needs the admin token
  --admin-token TOKEN  (or OPENLEASH_ADMIN_TOKEN)
  --config FILE        server config file (data-folder mode)
  --json               {"keys":[{"kid","status","created_at","activated_at","retired_at",
                       "publish_until","jwk"}]}: jwk is the public key only

list     Every key with its status, as the server stores it: the active key signs; the next key
         is published ahead of use so verifiers that cache the JWKS know it before it signs;
         retired keys no longer sign and stay published until every token they signed expired
         (publish_until).
rotate   The next key becomes active, a new next key is published, the old active key retires
         (PROTOCOL.md §5). Recorded in the audit log as key.rotated. Prints the keys afterwards.

Exit codes: 0 done, 1 failed (server unreachable, folder in use, refused), 2 usage.

Examples:
  openleash keys list
  openleash keys list --url http://127.0.0.1:8787 --admin-token "$OPENLEASH_ADMIN_TOKEN"
  openleash keys rotate --url http://127.0.0.1:8787 --admin-token "$OPENLEASH_ADMIN_TOKEN"
`;

const OPTIONS = {
  data: { type: "string" },
  url: { type: "string" },
  "admin-token": { type: "string" },
  config: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

/** One instance key as `GET /v1/admin/keys` and `InstanceKeys.list()` describe it (public half only). */
export type KeyInfo = InstanceKeyInfo;

function parse(argv: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.url !== undefined && values.data !== undefined)
    throw new UsageError("pass either --url or --data, not both");
  if (values.url !== undefined && values.config !== undefined)
    throw new UsageError("--config applies to --data only");
  return values as {
    data?: string;
    url?: string;
    "admin-token"?: string;
    config?: string;
    json: boolean;
  };
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type Values = ReturnType<typeof parse>;

async function onFolder<T>(values: Values, io: CommandIO, fn: (s: OpenFolder) => Promise<T>): Promise<T> {
  const services = await openFolder(resolve(io.cwd, values.data ?? ".openleash"), {
    env: io.env,
    logger: silent,
    ...(values.config ? { configFile: resolve(io.cwd, values.config) } : {}),
  });
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}

/** The admin token for `--url`, or a usage error naming the subcommand. */
function requireToken(values: Values, io: CommandIO, sub: string): string {
  const token = adminTokenFrom(values["admin-token"], io.env);
  if (!token) throw new UsageError(`--url needs --admin-token TOKEN (or OPENLEASH_ADMIN_TOKEN) to ${sub}`);
  return token;
}

async function listOverHttp(url: string, token: string): Promise<KeyInfo[]> {
  const r = await serverRequest<{ keys: KeyInfo[] }>({ url }, "GET", "/v1/admin/keys", {
    auth: { bearer: token },
  });
  return r.keys;
}

async function list(values: Values, io: CommandIO): Promise<KeyInfo[]> {
  if (values.url !== undefined) {
    return listOverHttp(normaliseServerUrl(values.url), requireToken(values, io, "list"));
  }
  return onFolder(values, io, async (s) => s.keys.list());
}

async function rotate(values: Values, io: CommandIO): Promise<KeyInfo[]> {
  if (values.url !== undefined) {
    const token = requireToken(values, io, "rotate");
    const url = normaliseServerUrl(values.url);
    await serverRequest({ url }, "POST", "/v1/admin/keys/rotate", { auth: { bearer: token } });
    return listOverHttp(url, token);
  }
  return onFolder(values, io, async (s) => {
    const { rotateInstanceKey } = await import("@openleash/server");
    await rotateInstanceKey(s, "cli");
    return s.keys.list();
  });
}

/** One line of the text listing: status, kid, and the dates that matter for that status. */
function keyLine(k: KeyInfo): string {
  const when =
    k.status === "retired"
      ? `retired ${k.retired_at ?? "?"}, published until ${k.publish_until ?? "?"}`
      : k.status === "active"
        ? `active since ${k.activated_at ?? k.created_at}`
        : `published since ${k.created_at}`;
  return `  ${k.status.padEnd(8)} ${k.kid}  ${when}`;
}

function print(keys: KeyInfo[], values: Values, io: CommandIO, heading: string): void {
  if (values.json) {
    const rows = keys.map(({ public_jwk, ...k }) => ({ ...k, jwk: public_jwk }));
    io.stdout(`${JSON.stringify({ keys: rows })}\n`);
    return;
  }
  io.stdout(`${heading}\n${keys.map(keyLine).join("\n")}\n`);
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "list" && sub !== "rotate") {
    throw new UsageError(
      sub === undefined
        ? "missing subcommand: list or rotate"
        : `unknown subcommand "${sub}": use list or rotate`,
    );
  }
  const values = parse(rest);
  try {
    if (sub === "list") print(await list(values, io), values, io, "Instance signing keys:");
    else print(await rotate(values, io), values, io, "Rotated. Instance signing keys now:");
    return 0;
  } catch (err) {
    const known = await asOperatorError(err);
    if (!known) throw err;
    io.stderr(`openleash keys ${sub}: ${known.message}\n`);
    return 1;
  }
}

/** `openleash keys list|rotate`: the instance signing keys, on a data folder or through a server. */
export const keysCommand: Command = {
  name: "keys",
  summary: "List or rotate the instance's signing keys",
  help: HELP,
  run,
};
