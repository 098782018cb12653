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
    const s = openSqliteStorage({ dataDir: dir, backgroundCheckpoints: true, checkpointIntervalMs: 100 });
    expect(s.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
    const file = join(dir, "openleash.db");
    const before = statSync(file).size;
    // Well over SQLite's 1000-page automatic threshold: without a checkpoint nothing reaches the file.
    const insert = s.db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
    s.db.transaction(() => {
      for (let i = 0; i < 40_000; i++) insert.run(`key-${i}-${"x".repeat(40)}`, String(Date.now()));
    })();
    await until(() => statSync(file).size > before + 1_000_000, "the checkpoint to grow the database file");
    await s.close();
    const again = openSqliteStorage({ dataDir: dir });
    expect(again.db.prepare("SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'key-%'").get()).toEqual({
      n: 40_000,
    });
    await again.close();
  });

  it("keeps the WAL bounded under continuous writes (it rewinds after each checkpoint)", async () => {
    const dir = await freshDir();
    const s = openSqliteStorage({ dataDir: dir, backgroundCheckpoints: true, checkpointIntervalMs: 250 });
    const insert = s.db.prepare("INSERT INTO settings (key, value) VALUES (?, ?)");
    const batch = s.db.transaction((from: number) => {
      for (let i = from; i < from + 50; i++) insert.run(`n-${i}-${"y".repeat(40)}`, String(Date.now()));
    });
    const wal = join(dir, "openleash.db-wal");
    // Back-to-back commits for 1.8 s (≈ 7 checkpoint intervals), the event loop turning between them
    // as in the server. A WAL that never rewinds grows with every commit; one that rewinds stops growing.
    const started = Date.now();
    let sizeAt600 = 0;
    for (let i = 0; Date.now() - started < 1800; i++) {
      batch(i * 50);
      if (sizeAt600 === 0 && Date.now() - started >= 600) sizeAt600 = statSync(wal).size;
      await new Promise((r) => setTimeout(r, 1));
    }
    const sizeAtEnd = statSync(wal).size;
    expect(sizeAt600).toBeGreaterThan(0);
    expect(sizeAtEnd).toBeLessThan(sizeAt600 * 1.5);
    await s.close();
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
      onCheckpoint: () => undefined,
      onFailure: (err) => errors.push(err),
    });
    await until(() => errors.length > 0, "the failure report");
    expect(String(errors[0])).toMatch(/does not exist|unable to open|SQLITE_CANTOPEN/i);
    await c.stop();
  });
});
