import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseStartLine, type StartLine } from "@openleash/cli";

/** One running OpenLeash instance: a real `openleash start` process on its own data folder. */
export interface Instance {
  name: string;
  /** Base URL, also the issuer of its proofs. */
  url: string;
  /** The admin token `openleash start --json` printed on the first start of the data folder. */
  adminToken: string;
  dataDir: string;
  /** Stops the process (SIGTERM: graceful shutdown) and removes the data folder. */
  stop(): Promise<void>;
}

/** Path of the `openleash` command's entry point (apps/cli's dist/bin.js). */
export function cliBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@openleash/cli/package.json")), "dist", "bin.js");
}

function waitForStart(child: ChildProcess, name: string): Promise<{ url: string; adminToken: string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`${name}: not listening after 20 s\n${err}`)), 20_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      let info: StartLine | null;
      try {
        info = parseStartLine(out);
      } catch {
        fail(
          new Error(
            `${name}: openleash start --json printed something that is not JSON: ${out.slice(0, 200)}`,
          ),
        );
        return;
      }
      if (!info) return;
      clearTimeout(timer);
      // Each instance starts on a fresh folder, so this is its first start and the token is there.
      if (info.admin_token) resolve({ url: info.url, adminToken: info.admin_token });
      else reject(new Error(`${name}: openleash start printed no admin token (not a fresh data folder?)`));
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      err = (err + chunk.toString("utf8")).slice(-4000);
    });
    child.once("exit", (code) => fail(new Error(`${name}: openleash start exited with ${code}\n${err}`)));
  });
}

/**
 * Starts `openleash start --port 0` on a fresh temporary data folder and waits until it listens.
 * `env` adds OPENLEASH_* settings (e.g. OPENLEASH_TRUSTED_ISSUERS).
 */
export async function startInstance(name: string, env: Record<string, string> = {}): Promise<Instance> {
  const dataDir = await mkdtemp(join(tmpdir(), `openleash-${name.toLowerCase()}-`));
  const child = spawn(
    process.execPath,
    [cliBin(), "start", "--port", "0", "--data", dataDir, "--log-level", "warn", "--json"],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let started: { url: string; adminToken: string };
  try {
    started = await waitForStart(child, name);
  } catch (err) {
    child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    name,
    dataDir,
    ...started,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
