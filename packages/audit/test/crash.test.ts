import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AuditLog, queryAuditLog, verifyAuditLog } from "../src/index";
import { tempDir } from "./helpers";

const CHILD = fileURLToPath(new URL("./fixtures/crash-child.mjs", import.meta.url));
const DIST = fileURLToPath(new URL("../dist/index.js", import.meta.url));

/** Runs the child until it is SIGKILLed `killAfterMs` after it is ready; returns what it acknowledged. */
function runAndKill(
  dir: string,
  round: number,
  killAfterMs: number,
): Promise<{ acked: Map<number, string>; startSeq: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, String(round)], { stdio: ["ignore", "pipe", "pipe"] });
    const acked = new Map<number, string>();
    let startSeq = -1;
    let buf = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!; // a line cut by the kill is not an acknowledgement we can read
      for (const line of lines) {
        const [a, b] = line.split(" ");
        if (a === "ready") {
          startSeq = Number(b);
          setTimeout(() => child.kill("SIGKILL"), killAfterMs);
        } else acked.set(Number(a), b!);
      }
    });
    child.on("exit", (_code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child exited without being killed: ${stderr}`));
      else resolve({ acked, startSeq });
    });
  });
}

describe("crash safety", () => {
  it("loses no acknowledged append when killed with SIGKILL mid-write", async () => {
    expect(existsSync(DIST), "build the package first: the child process runs dist/").toBe(true);
    const dir = await tempDir();
    let total = 0;
    for (let round = 0; round < 5; round++) {
      const { acked, startSeq } = await runAndKill(dir, round, 30 + Math.floor(Math.random() * 200));
      // Reopening repairs a torn tail and takes over the dead child's lock.
      const log = await AuditLog.open({ dir });
      const head = log.head();
      expect(head.seq).toBeGreaterThanOrEqual(startSeq);
      const stored = new Map<number, string>();
      let cursor: string | undefined;
      do {
        const page = await log.query({ order: "asc", limit: 1000, cursor });
        for (const r of page.records) stored.set(r.seq, r.hash);
        cursor = page.next_cursor ?? undefined;
      } while (cursor);
      expect(stored.size).toBe(head.seq);
      for (const [seq, hash] of acked) expect(stored.get(seq), `acknowledged seq ${seq}`).toBe(hash);
      // The chain continues after the crash.
      const next = await log.append({ type: "test.reopened", data: { round } });
      expect(next).toMatchObject({ seq: head.seq + 1, prev: head.hash });
      await log.close();
      const report = await verifyAuditLog({ dir });
      expect(report.first_error).toBeUndefined();
      expect(report.ok).toBe(true);
      total += acked.size;
    }
    expect(total).toBeGreaterThan(0);
    expect((await queryAuditLog(dir, { type: "test.reopened" })).records).toHaveLength(5);
  }, 30_000);
});
