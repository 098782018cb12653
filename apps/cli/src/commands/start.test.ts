import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";
import { createCliLogger } from "./start-log";
import { startBanner } from "./start";

// The version the CLI reports is its package.json's, whatever a release bumps it to.
const CLI_PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

let dir: string;

function io(signal?: AbortSignal) {
  return captureIO(dir, signal ? { signal } : {});
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 2500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error("condition never became true");
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-start-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash start (in process)", { timeout: 30_000 }, () => {
  it("serves, shows the admin token only on the first start, logs JSON lines and stops on abort", async () => {
    for (const round of [1, 2]) {
      const stop = new AbortController();
      const { io: value, out } = io(stop.signal);
      const running = main(["start", "--port", "0", "--data", "d"], value);
      await until(() => out.stdout.includes("listening on"));
      const url = /listening on (\S+)/.exec(out.stdout)![1]!;
      expect((await fetch(`${url}/v1/health`)).status).toBe(200);
      if (round === 1) expect(out.stdout).toMatch(/\n {4}ola_[A-Za-z0-9_-]+\n/);
      else expect(out.stdout).not.toContain("ola_");
      stop.abort();
      expect(await running).toBe(0);
      const lines = out.stderr
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(lines.map((l) => l.msg)).toEqual(
        expect.arrayContaining(["listening", "shutting down", "stopped"]),
      );
      // The admin token is never written to the logs.
      expect(out.stderr).not.toContain("ola_");
    }
  });

  it("openleash --version prints the package's version", async () => {
    const { io: cli, out } = io();
    expect(await main(["--version"], cli)).toBe(0);
    expect(out.stdout).toBe(`${CLI_PACKAGE_VERSION}\n`);
  });

  it("--json: exactly one JSON line on stdout once listening; admin_token only on the first start", async () => {
    for (const round of [1, 2]) {
      const stop = new AbortController();
      const { io: value, out } = io(stop.signal);
      const running = main(["start", "--port", "0", "--data", "d", "--json"], value);
      await until(() => out.stdout.includes("\n"));
      const lines = out.stdout.split("\n").filter((l) => l !== "");
      expect(lines).toHaveLength(1);
      const info = JSON.parse(lines[0]!);
      expect(info).toMatchObject({
        url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        data_dir: join(dir, "d"),
        pid: process.pid,
        version: CLI_PACKAGE_VERSION,
      });
      expect(info.issuer).toBe(info.url);
      expect((await fetch(`${info.url}/v1/health`)).status).toBe(200);
      if (round === 1) {
        expect(info.admin_token).toMatch(/^ola_/);
        const res = await fetch(`${info.url}/v1/admin/owners`, {
          headers: { authorization: `Bearer ${info.admin_token}` },
        });
        expect(res.status).toBe(200);
      } else expect(info).not.toHaveProperty("admin_token");
      expect(Object.keys(info).sort()).toEqual(
        ["url", "issuer", "data_dir", "pid", "version", ...(round === 1 ? ["admin_token"] : [])].sort(),
      );
      stop.abort();
      expect(await running).toBe(0);
      // Nothing else reached stdout; the logs are on stderr and never carry the token.
      expect(out.stdout).toBe(`${lines[0]}\n`);
      expect(out.stderr).toContain('"msg":"listening"');
      expect(out.stderr).not.toContain("ola_");
    }
  });

  it("refuses bad flags (exit 2) and a bad config file (exit 1)", async () => {
    for (const argv of [
      ["start", "--port", "70000"],
      ["start", "--port", "x"],
      ["start", "--log-format", "xml"],
      ["start", "--log-level", "loud"],
      ["start", "extra"],
      ["start", "--json=yes"],
    ]) {
      expect(await main(argv, io().io)).toBe(2);
    }
    await writeFile(join(dir, "bad.yaml"), "maxBodyBytes: -1\n");
    const { io: value, out } = io();
    expect(await main(["start", "--config", "bad.yaml", "--data", "d"], value)).toBe(1);
    expect(out.stderr).toContain("maxBodyBytes");
  });

  it("banner and pretty logs", () => {
    expect(startBanner("http://127.0.0.1:1", "/d", null)).not.toContain("admin token");
    expect(startBanner("http://127.0.0.1:1", "/d", "ola_T")).toContain("--admin-token <the token above>");
    let line = "";
    const log = createCliLogger({
      format: "pretty",
      level: "info",
      write: (l) => {
        line += l;
      },
      now: () => new Date("2026-01-02T03:04:05.678Z"),
    });
    log.debug("hidden");
    log.info("listening", { url: "http://x", note: "two words" });
    expect(line).toBe('03:04:05.678 INFO  listening url=http://x note="two words"\n');
  });
});
