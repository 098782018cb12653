import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseStartLine, type StartLine } from "../../src/commands/start";

/** The built CLI: the e2e tests run the real `openleash` binary, as an operator would. */
export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

/** A server process started with `openleash start`. */
export type ServerProcess = {
  url: string;
  pid: number;
  proc: ChildProcess;
  /** Only on the first start of a data folder. */
  adminToken: string | null;
  /** What `openleash start --json` printed. */
  info: StartLine;
  output(): { stdout: string; stderr: string };
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (no cleanup at all) and wait until the process is gone. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();

/** Kills every process these helpers started and that is still alive (for afterAll). */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (p) =>
        new Promise<void>((done) => {
          if (p.exitCode !== null || p.signalCode !== null) return done();
          p.once("exit", () => done());
          p.kill("SIGKILL");
        }),
    ),
  );
  running.clear();
}

function exited(p: ChildProcess): Promise<number | null> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve(p.exitCode);
  return new Promise((done) => p.once("exit", (code) => done(code)));
}

/**
 * Runs `openleash start --port 0 --data <dir> --json` and resolves once `/v1/health` answers 200.
 * The URL (port 0: the kernel picks a free one, no races) and, on a first start, the admin token
 * come from the one JSON line `--json` writes to stdout.
 */
export async function startServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [BIN, "start", "--port", "0", "--data", dataDir, "--json"], {
    env: { ...process.env, OPENLEASH_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  let stdout = "";
  let stderr = "";
  proc.stdout!.on("data", (d) => {
    stdout += d;
  });
  proc.stderr!.on("data", (d) => {
    stderr += d;
  });
  const info = await new Promise<StartLine>((done, fail) => {
    const onData = () => {
      const line = parseStartLine(stdout);
      if (line) {
        proc.stdout!.off("data", onData);
        done(line);
      }
    };
    proc.stdout!.on("data", onData);
    proc.once("exit", (code) => fail(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const { url } = info;
  const health = await fetch(`${url}/v1/health`);
  if (health.status !== 200) throw new Error(`unhealthy: ${health.status}`);
  return {
    url,
    pid: proc.pid!,
    proc,
    info,
    adminToken: info.admin_token ?? null,
    output: () => ({ stdout, stderr }),
    stop: async () => {
      proc.kill("SIGTERM");
      return exited(proc);
    },
    kill: async () => {
      proc.kill("SIGKILL");
      await exited(proc);
    },
  };
}

/** Runs the CLI once and collects its exit code and output. */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? process.cwd(),
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(p);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => {
      stdout += d;
    });
    p.stderr.on("data", (d) => {
      stderr += d;
    });
    p.once("exit", (code) => {
      running.delete(p);
      done({ code, stdout, stderr });
    });
  });
}

/** Resident set size of a process in bytes, from /proc/<pid>/status (Linux). */
export function rssBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
