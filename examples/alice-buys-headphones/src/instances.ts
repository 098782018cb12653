import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** One running OpenLeash instance: a real `openleash start` process on its own data folder. */
export interface Instance {
  name: string;
  /** Base URL, also the issuer of its proofs. */
  url: string;
  /** The admin token printed on the first start of the data folder. */
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

/** Reads the banner `openleash start` prints: the URL and, on a first start, the admin token. */
export function parseBanner(text: string): { url: string; adminToken: string } | null {
  const url = /OpenLeash listening on (\S+)/.exec(text)?.[1];
  const lines = text.split("\n");
  const at = lines.findIndex((l) => /admin token/i.test(l));
  if (!url || at < 0) return null;
  // The token is printed alone on an indented line after the paragraph that announces it.
  const token = lines
    .slice(at + 1)
    .find((l) => /^\s{2,}\S+$/.test(l))
    ?.trim();
  return token ? { url, adminToken: token } : null;
}

function waitForBanner(child: ChildProcess, name: string): Promise<{ url: string; adminToken: string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`${name}: no banner after 20 s\n${err}`)), 20_000);
    const fail = (e: Error) => {
      clearTimeout(timer);
      reject(e);
    };
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      const banner = parseBanner(out);
      if (banner && /Agent guide/.test(out)) {
        clearTimeout(timer);
        resolve(banner);
      }
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
    [cliBin(), "start", "--port", "0", "--data", dataDir, "--log-level", "warn"],
    { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let banner: { url: string; adminToken: string };
  try {
    banner = await waitForBanner(child, name);
  } catch (err) {
    child.kill("SIGKILL");
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    name,
    dataDir,
    ...banner,
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
