import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";

/** One raw audit line with its size in bytes. */
export type RawRecord = { bytes: number; record: Record<string, unknown> & { type: string } };

/** Reads every record of the JSONL audit log in `<dataDir>/audit`, in file order. */
export function readAuditRecords(dataDir: string): RawRecord[] {
  const dir = join(dataDir, "audit");
  const files = readdirSync(dir)
    .filter((f) => /^audit-\d+\.jsonl$/.test(f))
    .sort();
  const out: RawRecord[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      if (line === "") continue;
      out.push({ bytes: Buffer.byteLength(line), record: JSON.parse(line) as RawRecord["record"] });
    }
  }
  return out;
}

/** Row counts of every table, read from the live WAL database. */
export function tableCounts(dataDir: string): Record<string, number> {
  const db = new Database(join(dataDir, "openleash.db"), { readonly: true, fileMustExist: true });
  try {
    const counts: Record<string, number> = {};
    // Every table there is (the schema evolves; decisions, for one, live only in the audit log).
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .all() as Array<{ name: string }>;
    for (const { name: t } of tables) {
      counts[t] = (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    }
    return counts;
  } finally {
    db.close();
  }
}
