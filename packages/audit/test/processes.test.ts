import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AuditLog, verifyAuditLog } from "../src/index";
import { tempDir } from "./helpers";

const LOCK_CHILD = fileURLToPath(new URL("./fixtures/lock-child.mjs", import.meta.url));

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(out.split("\n")[0]!);
    });
    child.on("exit", () => resolve(out.split("\n")[0] ?? ""));
    child.on("error", reject);
  });
}

describe("several processes", () => {
  it("lets exactly one of several racing processes take the writer lock", async () => {
    const dir = await tempDir();
    const children = Array.from({ length: 3 }, () => spawn(process.execPath, [LOCK_CHILD, dir]));
    try {
      const results = await Promise.all(children.map(firstLine));
      expect(results.filter((r) => r === "ok")).toHaveLength(1);
      expect(results.filter((r) => r === "LOCKED")).toHaveLength(2);
    } finally {
      for (const c of children) c.kill("SIGKILL");
      await Promise.all(
        children.map((c) =>
          c.exitCode === null && c.signalCode === null ? new Promise((r) => c.on("exit", r)) : null,
        ),
      );
    }
    // The winner was killed: its lock is stale and its record is there.
    const log = await AuditLog.open({ dir });
    expect(log.head().seq).toBe(1);
    await log.close();
  });

  it("verifies a log while it is being written", async () => {
    const dir = await tempDir();
    const log = await AuditLog.open({ dir, maxFileBytes: 8 * 1024 });
    let stop = false;
    const writers = Array.from({ length: 8 }, async () => {
      while (!stop) await log.append({ type: "x", data: { pad: "p".repeat(50) } });
    });
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const report = await verifyAuditLog({ dir });
      expect(report.first_error).toBeUndefined();
      expect(report.records).toBeGreaterThan(0);
    }
    stop = true;
    await Promise.all(writers);
    await log.close();
  });
});
