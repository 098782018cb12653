import type { Logger } from "@openleash/server";

/** How `openleash start` writes its logs. */
export type LogFormat = "json" | "pretty";
/** Lowest level written. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function prettyValue(v: unknown): string {
  if (typeof v === "string") return /[\s"=]/.test(v) ? JSON.stringify(v) : v;
  return JSON.stringify(v) ?? String(v);
}

/**
 * A structured logger for the server: `json` writes one JSON object a line (`level`, `time`,
 * `msg`, then the fields) for log collectors; `pretty` writes `HH:MM:SS.mmm LEVEL msg k=v` for a
 * terminal. The server never passes secrets in fields (STYLE.md), and neither does the CLI.
 */
export function createCliLogger(options: {
  format: LogFormat;
  level: LogLevel;
  write: (line: string) => void;
  now?: () => Date;
}): Logger {
  const min = RANK[options.level];
  const now = options.now ?? (() => new Date());
  const emit = (level: Exclude<LogLevel, "silent">, msg: string, fields?: Record<string, unknown>) => {
    if (RANK[level] < min) return;
    const time = now();
    if (options.format === "json") {
      options.write(`${JSON.stringify({ level, time: time.toISOString(), msg, ...fields })}\n`);
      return;
    }
    const kv = Object.entries(fields ?? {})
      .map(([k, v]) => ` ${k}=${prettyValue(v)}`)
      .join("");
    options.write(`${time.toISOString().slice(11, 23)} ${level.toUpperCase().padEnd(5)} ${msg}${kv}\n`);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
  };
}
