/** Structured logger the server writes to; the CLI passes its own (e.g. pino-compatible). */
export type Logger = {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;

/** A logger that writes one JSON line per entry to stderr at or above `level`. */
export function createJsonLogger(level: keyof typeof LEVELS = "info"): Logger {
  const min = LEVELS[level];
  const write = (
    lvl: Exclude<keyof typeof LEVELS, "silent">,
    msg: string,
    fields?: Record<string, unknown>,
  ) => {
    if (LEVELS[lvl] < min) return;
    process.stderr.write(
      `${JSON.stringify({ level: lvl, time: new Date().toISOString(), msg, ...fields })}\n`,
    );
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** A logger that drops everything (tests). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * The debug-level access log line: method, path, status and milliseconds only (no query, headers
 * or body: they may carry secrets). Shared by the Hono app and the direct authorize path.
 */
export function logRequest(
  logger: Logger,
  method: string,
  path: string,
  status: number,
  startedMs: number,
): void {
  logger.debug("request", {
    method,
    path,
    status,
    ms: Math.round((performance.now() - startedMs) * 10) / 10,
  });
}
