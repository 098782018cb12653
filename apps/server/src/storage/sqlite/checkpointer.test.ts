import { statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runStorageContract } from "../contract";
import { openSqliteStorage } from "./adapter";
import { startCheckpointer } from "./checkpointer";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "openleash-ckpt-"));
  dirs.push(d);
  return d;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

// The whole storage contract holds with checkpoints on a worker thread too.
runStorageContract("sqlite, background checkpoints", async () =>
  openSqliteStorage({ dataDir: await freshDir(), backgroundCheckpoints: true }),
);

describe("background WAL checkpoints", () => {
  it("turn SQLite's own checkpoints off and copy the WAL into the database file from a thread", async () => {
    const dir = await freshDir();
    const s = openSqliteStorage({ dataDir: dir, backgroundCheckpoints: true });
    expect(s.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const file = join(dir, "openleash.db");
    const before = statSync(file).size;
    // Well over SQLite's 1000-page automatic threshold: without a checkpoint nothing reaches the file.
    const insert = s.db.prepare("INSERT INTO nonces (kid, nonce, expires_at) VALUES (?, ?, ?)");
    s.db.transaction(() => {
      for (let i = 0; i < 40_000; i++) insert.run("kid", `nonce-${i}-${"x".repeat(40)}`, Date.now() + 60_000);
    })();
    await until(() => statSync(file).size > before + 1_000_000, "the checkpoint to grow the database file");
    await s.close();
    const again = openSqliteStorage({ dataDir: dir });
    expect(again.db.prepare("SELECT COUNT(*) AS n FROM nonces").get()).toEqual({ n: 40_000 });
    await again.close();
  });

  it("without the option SQLite checkpoints inside commits as usual", async () => {
    const s = openSqliteStorage({ dataDir: await freshDir() });
    expect(s.db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    await s.close();
  });

  it("reports a thread that cannot work (here: no database file), so the caller can fall back", async () => {
    const errors: unknown[] = [];
    const c = startCheckpointer({
      file: join(await freshDir(), "missing.db"),
      synchronous: "NORMAL",
      onFailure: (err) => errors.push(err),
    });
    await until(() => errors.length > 0, "the failure report");
    expect(String(errors[0])).toMatch(/does not exist|unable to open|SQLITE_CANTOPEN/i);
    await c.stop();
  });
});
