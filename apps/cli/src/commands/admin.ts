import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Logger } from "@openleash/server";
import { type Command, type CommandIO, UsageError } from "../command";
import { asOperatorError, OperatorError } from "./init-http";

const HELP = `openleash admin: operator tasks on a data folder

Usage:
  openleash admin reset-token [--data DIR] [--config FILE] [--json]

reset-token  Replaces the instance's admin token, for when the one printed on the first start is
             lost. Works directly on the data folder, so the server must be stopped: while one
             runs on the folder the command refuses (exit 1, nothing changed) and names its
             process. The new token is printed this once (only its hash is stored); every
             earlier admin token stops working at once. Recorded in the audit log as
             admin.token_reset. Owner API tokens and agent keys are not touched.

Options:
  --data DIR     the data folder (default ./.openleash); it must exist
  --config FILE  server config file (OPENLEASH_* variables apply as for \`openleash start\`)
  --json         print {"admin_token","data_dir"} as one JSON line instead of text

Exit codes: 0 done, 1 failed (no data folder, folder in use by a server), 2 usage.

Examples:
  openleash admin reset-token --data /var/lib/openleash
  OPENLEASH_ADMIN_TOKEN=$(openleash admin reset-token --json | jq -r .admin_token)
`;

const OPTIONS = {
  data: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

/** Name of the SQLite file inside a data folder (what tells an existing folder from a typo). */
const DATABASE_FILE = "openleash.db";

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

type ResetOptions = { dataDir: string; configFile: string | undefined; json: boolean };

function parse(argv: string[], io: CommandIO): ResetOptions {
  let values: { data?: string; config?: string; json: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    dataDir: resolve(io.cwd, values.data ?? ".openleash"),
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    json: values.json,
  };
}

/**
 * Opens the folder under the server's exclusive lock (the same one `openleash start` takes), so a
 * running server can never keep a cached view of the old credential, and resets the token.
 */
async function resetToken(opts: ResetOptions, io: CommandIO): Promise<string> {
  // A new folder would be created (with a fresh admin token) by opening it: refuse a mistyped path.
  if (!existsSync(join(opts.dataDir, DATABASE_FILE))) {
    throw new OperatorError(
      "NO_DATA_FOLDER",
      `no OpenLeash data folder at ${opts.dataDir}; nothing was changed`,
    );
  }
  const { DataFolderLockedError, openDataFolder } = await import("@openleash/server");
  let folder: Awaited<ReturnType<typeof openDataFolder>>;
  try {
    folder = await openDataFolder({
      dataDir: opts.dataDir,
      env: io.env,
      logger: silent,
      ...(opts.configFile ? { configFile: opts.configFile } : {}),
    });
  } catch (err) {
    if (err instanceof DataFolderLockedError) {
      throw new OperatorError(
        "DATA_FOLDER_LOCKED",
        `the data folder ${opts.dataDir} is in use by a running OpenLeash server (process ${err.pid}); ` +
          "nothing was changed. Stop that server first: the admin token can only be reset on a stopped server.",
      );
    }
    throw err;
  }
  try {
    // Stores only the new hash (the old one is overwritten) and writes admin.token_reset to the audit log.
    return await folder.owners.resetAdminToken();
  } finally {
    await folder.close();
  }
}

function print(token: string, opts: ResetOptions, io: CommandIO): void {
  if (opts.json) {
    io.stdout(`${JSON.stringify({ admin_token: token, data_dir: opts.dataDir })}\n`);
    return;
  }
  io.stdout(
    [
      `Admin token reset for ${opts.dataDir}.`,
      "The new admin token (shown only this once; it is stored only as a hash, so copy it now):",
      "",
      `    ${token}`,
      "",
      "Every earlier admin token no longer works. Start the server again with `openleash start`.",
      "",
    ].join("\n"),
  );
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== "reset-token") {
    throw new UsageError(
      sub === undefined ? "missing subcommand: reset-token" : `unknown subcommand "${sub}": use reset-token`,
    );
  }
  const opts = parse(rest, io);
  try {
    print(await resetToken(opts, io), opts, io);
    return 0;
  } catch (err) {
    const known = await asOperatorError(err);
    if (!known) throw err;
    io.stderr(`openleash admin ${sub}: ${known.message}\n`);
    return 1;
  }
}

/** `openleash admin reset-token`: a new admin credential on a stopped server's data folder. */
export const adminCommand: Command = {
  name: "admin",
  summary: "Operator tasks on a data folder (reset-token: replace a lost admin token)",
  help: HELP,
  run,
};
