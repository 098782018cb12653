import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Logger } from "@openleash/server";
import { type Command, type CommandIO, UsageError } from "../command";
import { adminTokenFrom, normaliseServerUrl, OperatorError, serverRequest } from "./init-http";
import { type OpenFolder, openFolder } from "./init-steps";

const HELP = `openleash keys: the instance's signing keys (proof tokens, approval tokens, audit checkpoints)

Usage:
  openleash keys list   [--data DIR | --url URL] [--json]
  openleash keys rotate [--data DIR | --url URL --admin-token TOKEN] [--json]

Where:
  --data DIR           a data folder no server is running on (default ./.openleash)
  --url URL            a running server; \`rotate\` then needs the admin token
  --admin-token TOKEN  (or OPENLEASH_ADMIN_TOKEN)
  --config FILE        server config file (data-folder mode)

list     The published keys (the JWKS at /.well-known/jwks.json) and their role: the active key
         signs; the next key is published ahead of use so verifiers that cache the JWKS know it
         before it signs; retired keys stay published until every token they signed expired.
rotate   The next key becomes active, a new next key is published, the old active key retires
         (PROTOCOL.md §5). Recorded in the audit log as key.rotated.

Exit codes: 0 done, 1 failed (server unreachable, folder in use, refused), 2 usage.

Examples:
  openleash keys list
  openleash keys rotate --url http://127.0.0.1:8787 --admin-token "$OPENLEASH_ADMIN_TOKEN"
`;

const OPTIONS = {
  data: { type: "string" },
  url: { type: "string" },
  "admin-token": { type: "string" },
  config: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

/** One published instance key and its role. */
export type KeyInfo = { kid: string; status: "active" | "next" | "retired"; jwk: Record<string, unknown> };

/**
 * Roles from a JWKS in KeyRing order (@openleash/proof-tokens `KeyRing.jwks()`: active first,
 * then next, then retired); `activeKid`, when known, is checked against that order.
 */
export function describeKeys(jwks: { keys: object[] }, activeKid?: string): KeyInfo[] {
  const keys = jwks.keys as Array<Record<string, unknown>>;
  if (activeKid !== undefined && keys[0]?.kid !== activeKid) {
    throw new OperatorError("UNEXPECTED_JWKS", "the active key is not first in the JWKS");
  }
  return keys.map((jwk, i) => ({
    kid: String(jwk.kid),
    status: i === 0 ? "active" : i === 1 ? "next" : "retired",
    jwk,
  }));
}

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

async function list(values: Values, io: CommandIO): Promise<KeyInfo[]> {
  if (values.url !== undefined) {
    const jwks = await serverRequest<{ keys: object[] }>(
      { url: normaliseServerUrl(values.url) },
      "GET",
      "/.well-known/jwks.json",
    );
    return describeKeys(jwks);
  }
  return onFolder(values, io, async (s) => describeKeys(s.keys.jwks(), s.keys.active().kid));
}

async function rotate(values: Values, io: CommandIO): Promise<KeyInfo[]> {
  if (values.url !== undefined) {
    const token = adminTokenFrom(values["admin-token"], io.env);
    if (!token) throw new UsageError("--url needs --admin-token TOKEN (or OPENLEASH_ADMIN_TOKEN) to rotate");
    const r = await serverRequest<{ active_kid: string; jwks: { keys: object[] } }>(
      { url: normaliseServerUrl(values.url) },
      "POST",
      "/v1/admin/keys/rotate",
      { auth: { bearer: token } },
    );
    return describeKeys(r.jwks, r.active_kid);
  }
  return onFolder(values, io, async (s) => {
    const { config, clock } = s.context;
    // Retired keys must outlive every token they may have signed: proofs and approval tokens.
    const ttl = Math.max(config.maxProofTtlSeconds, config.approvalTokenTtlSeconds);
    const r = await s.keys.rotate(clock(), ttl);
    await s.audit.record({
      type: "key.rotated",
      actor: { type: "admin", id: "cli" },
      data: { active_kid: r.active_kid },
    });
    return describeKeys(r.jwks, r.active_kid);
  });
}

function print(keys: KeyInfo[], values: Values, io: CommandIO, heading: string): void {
  if (values.json) {
    io.stdout(
      `${JSON.stringify({ keys: keys.map((k) => ({ kid: k.kid, status: k.status, jwk: k.jwk })) })}\n`,
    );
    return;
  }
  io.stdout(`${heading}\n${keys.map((k) => `  ${k.status.padEnd(8)} ${k.kid}`).join("\n")}\n`);
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
    const { ConfigError } = await import("@openleash/server");
    if (err instanceof OperatorError || err instanceof ConfigError) {
      io.stderr(`openleash keys ${sub}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

/** `openleash keys list|rotate`: the instance signing keys, on a data folder or through a server. */
export const keysCommand: Command = {
  name: "keys",
  summary: "List or rotate the instance's signing keys",
  help: HELP,
  run,
};
