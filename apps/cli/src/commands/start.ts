import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { OpenLeashServer } from "@openleash/server";
import { type Command, type CommandIO, UsageError } from "../command";
import { VERSION } from "../version";
import { createCliLogger, type LogFormat, type LogLevel } from "./start-log";

const HELP = `openleash start: run the OpenLeash server on the embedded store

Usage:
  openleash start [--port N] [--host HOST] [--data DIR] [--config FILE] [--issuer URL]
                  [--log-format json|pretty] [--log-level debug|info|warn|error|silent] [--json]

Options:
  --port N           TCP port (default 8787, or OPENLEASH_PORT; 0 = any free port)
  --host HOST        interface to bind (default 127.0.0.1: only this machine can connect;
                     use 0.0.0.0 deliberately, behind TLS)
  --data DIR         data folder: SQLite database, audit log, instance keys
                     (default ./.openleash; created with mode 0700)
  --config FILE      YAML config file (also OPENLEASH_CONFIG); OPENLEASH_* variables override
                     it and these flags override both
  --issuer URL       issuer URL written into proof tokens (default the URL the server listens on)
  --log-format F     json (default: one JSON object a line, on stderr) or pretty
  --log-level L      default info (or the config's logLevel)
  --json             for scripts: instead of the banner, stdout gets exactly one JSON line once
                     the server listens:
                       {"url","issuer","data_dir","pid","version","admin_token"}
                     admin_token only on the very first start of the data folder (absent after).
                     Logs stay on stderr.

The very first start on a data folder creates the admin token and prints it once. The server
runs until SIGINT (Ctrl-C) or SIGTERM, then finishes in-flight requests, flushes the audit log
and releases the data folder. One server per data folder: a second one is refused (run many
replicas on PostgreSQL instead).

Exit codes: 0 stopped cleanly, 1 could not start (folder in use, port taken, bad config), 2 usage.

Lost the admin token? Stop the server and run \`openleash admin reset-token --data DIR\`.

Examples:
  openleash start
  openleash start --port 9000 --data /var/lib/openleash --log-format pretty
  openleash start --port 0 --json | head -n 1     # {"url":"http://127.0.0.1:41234",...}
`;

const OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  data: { type: "string" },
  config: { type: "string" },
  issuer: { type: "string" },
  "log-format": { type: "string" },
  "log-level": { type: "string" },
  json: { type: "boolean", default: false },
} as const;

const LEVELS: LogLevel[] = ["debug", "info", "warn", "error", "silent"];

type StartOptions = {
  port: number | undefined;
  host: string | undefined;
  dataDir: string;
  configFile: string | undefined;
  issuer: string | undefined;
  format: LogFormat;
  level: LogLevel | undefined;
  json: boolean;
};

function parse(argv: string[], io: CommandIO): StartOptions {
  let values: { [K in Exclude<keyof typeof OPTIONS, "json">]?: string } & { json: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  let port: number | undefined;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535)
      throw new UsageError("--port must be an integer 0..65535");
  }
  const format = values["log-format"] ?? "json";
  if (format !== "json" && format !== "pretty") throw new UsageError("--log-format must be json or pretty");
  const level = values["log-level"];
  if (level !== undefined && !LEVELS.includes(level as LogLevel))
    throw new UsageError(`--log-level must be one of ${LEVELS.join(", ")}`);
  if (values.host !== undefined && values.host.trim() === "")
    throw new UsageError("--host must not be empty");
  return {
    port,
    host: values.host,
    dataDir: resolve(io.cwd, values.data ?? ".openleash"),
    configFile: values.config === undefined ? undefined : resolve(io.cwd, values.config),
    issuer: values.issuer,
    format,
    level: level as LogLevel | undefined,
    json: values.json,
  };
}

/** The lines shown on stdout once the server listens; the admin token only on the first start. */
export function startBanner(url: string, dataDir: string, adminToken: string | null): string {
  const lines = [`OpenLeash listening on ${url}`, `Data folder: ${dataDir}`];
  if (adminToken) {
    lines.push(
      "",
      "This is the first start on this data folder. The admin token (shown only this once;",
      "it is stored only as a hash, so copy it now):",
      "",
      `    ${adminToken}`,
      "",
      "Next: create an owner and an agent with",
      `    openleash init --url ${url} --admin-token <the token above> --owner <you> --agent <name>`,
    );
  }
  lines.push(`API reference: ${url}/reference   Agent guide: ${url}/llms.txt`, "");
  return lines.join("\n");
}

/**
 * The one line `openleash start --json` writes to stdout once the server listens. `admin_token`
 * is present only on the very first start of a data folder (it exists in clear nowhere else).
 */
export type StartLine = {
  url: string;
  issuer: string;
  data_dir: string;
  pid: number;
  version: string;
  admin_token?: string;
};

/** The text of {@link StartLine}, newline included. */
export function startJson(info: {
  url: string;
  issuer: string;
  dataDir: string;
  pid: number;
  adminToken: string | null;
}): string {
  const line: StartLine = {
    url: info.url,
    issuer: info.issuer,
    data_dir: info.dataDir,
    pid: info.pid,
    version: VERSION,
  };
  if (info.adminToken) line.admin_token = info.adminToken;
  return `${JSON.stringify(line)}\n`;
}

/**
 * For programs that run `openleash start --json`: the {@link StartLine} once the first line of its
 * stdout (`text`, as read so far) is complete, else null. Throws when that line is not JSON.
 */
export function parseStartLine(text: string): StartLine | null {
  const end = text.indexOf("\n");
  return end < 0 ? null : (JSON.parse(text.slice(0, end)) as StartLine);
}

/** Resolves on the first SIGINT/SIGTERM (or `io.signal`); a second signal forces the exit. */
function waitForShutdown(io: CommandIO & { signal?: AbortSignal }): Promise<string> {
  return new Promise((done) => {
    let stopping = false;
    const onSignal = (name: string) => {
      if (stopping) {
        io.stderr(`openleash start: ${name} again, exiting without finishing the shutdown\n`);
        process.exit(130);
      }
      stopping = true;
      done(name);
    };
    const int = () => onSignal("SIGINT");
    const term = () => onSignal("SIGTERM");
    process.on("SIGINT", int);
    process.on("SIGTERM", term);
    io.signal?.addEventListener("abort", () => {
      process.off("SIGINT", int);
      process.off("SIGTERM", term);
      onSignal("abort");
    });
  });
}

async function open(opts: StartOptions, io: CommandIO): Promise<OpenLeashServer | number> {
  const fail = (msg: string) => {
    io.stderr(`openleash start: ${msg}\n`);
    return 1;
  };
  // Loaded here, not at the top: the other commands and `--help` start without the server.
  const { ConfigError, createServer, DataFolderLockedError, loadConfig } = await import("@openleash/server");
  let level: LogLevel;
  try {
    // Validates the whole configuration up front and yields the level the logger needs.
    level = loadConfig({
      env: io.env,
      ...(opts.configFile ? { configFile: opts.configFile } : {}),
      overrides: { host: opts.host, port: opts.port, issuer: opts.issuer, logLevel: opts.level },
    }).logLevel;
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message);
    throw err;
  }
  const logger = createCliLogger({ format: opts.format, level, write: io.stderr });
  try {
    return await createServer({
      dataDir: opts.dataDir,
      env: io.env,
      logger,
      ...(opts.host !== undefined ? { host: opts.host } : {}),
      ...(opts.port !== undefined ? { port: opts.port } : {}),
      ...(opts.issuer !== undefined ? { issuer: opts.issuer } : {}),
      ...(opts.configFile ? { configFile: opts.configFile } : {}),
      config: { logLevel: level },
    });
  } catch (err) {
    // The lock error names the pid holding the folder and points to PostgreSQL for replicas.
    if (err instanceof DataFolderLockedError || err instanceof ConfigError) return fail(err.message);
    throw err;
  }
}

async function run(argv: string[], io: CommandIO & { signal?: AbortSignal }): Promise<number> {
  const opts = parse(argv, io);
  const server = await open(opts, io);
  if (typeof server === "number") return server;
  let url: string;
  try {
    ({ url } = await server.listen());
  } catch (err) {
    await server.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES" || e.code === "EADDRNOTAVAIL") {
      io.stderr(
        `openleash start: cannot listen on ${server.config.host}:${server.config.port} (${e.code}); pick another --port or --host\n`,
      );
      return 1;
    }
    throw err;
  }
  const { adminToken } = server.bootstrap;
  io.stdout(
    opts.json
      ? startJson({
          url,
          issuer: server.services.context.issuer,
          dataDir: opts.dataDir,
          pid: process.pid,
          adminToken,
        })
      : startBanner(url, opts.dataDir, adminToken),
  );
  const logger = server.services.context.logger;
  const reason = await waitForShutdown(io);
  logger.info("shutting down", { reason });
  await server.close();
  logger.info("stopped");
  return 0;
}

/** `openleash start`: the server on the embedded SQLite store, with graceful shutdown. */
export const startCommand: Command = {
  name: "start",
  summary: "Run the OpenLeash server (embedded SQLite store in a data folder)",
  help: HELP,
  run,
};
