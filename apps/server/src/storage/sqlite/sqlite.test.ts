import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runStorageContract } from "../contract";
import { openSqliteStorage } from "./adapter";
import { MIGRATIONS } from "./migrations";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function freshDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), "openleash-sqlite-"));
  dirs.push(d);
  return d;
}

runStorageContract("sqlite", async () => openSqliteStorage({ dataDir: await freshDir() }));

describe("sqlite adapter", () => {
  it("uses WAL and records the schema version; reopening keeps data and does not re-migrate", async () => {
    const dir = await freshDir();
    const a = openSqliteStorage({ dataDir: dir });
    expect(a.db.pragma("journal_mode", { simple: true })).toBe("wal");
    await a.setSetting("x", "1");
    await a.recordNonce("k", "n", Date.now() + 60_000);
    await a.close();
    const b = openSqliteStorage({ dataDir: dir });
    expect(b.db.prepare("SELECT version FROM schema_version").get()).toEqual({ version: MIGRATIONS.length });
    expect(await b.getSetting("x")).toBe("1");
    expect(await b.recordNonce("k", "n", Date.now() + 60_000)).toBe(false);
    await b.close();
  });
});
