import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { queryAuditLog } from "@openleash/audit";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";
import { describeKeys } from "./keys";

let dir: string;

function io() {
  return captureIO(dir);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-keys-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Listed = { keys: Array<{ kid: string; status: string; jwk: Record<string, unknown> }> };

async function list(): Promise<Listed> {
  const { io: value, out } = io();
  expect(await main(["keys", "list", "--json"], value)).toBe(0);
  return JSON.parse(out.stdout) as Listed;
}

// Generous: the machine running the suite may be busy (these assert behaviour, never time).
describe("openleash keys on a data folder", { timeout: 30_000 }, () => {
  it("lists the active and next key; rotate promotes next and keeps the old key published", async () => {
    const before = await list();
    expect(before.keys.map((k) => k.status)).toEqual(["active", "next"]);
    for (const k of before.keys) expect(k.jwk.d).toBeUndefined(); // public halves only

    const rotated = io();
    expect(await main(["keys", "rotate"], rotated.io)).toBe(0);
    expect(rotated.out.stdout).toContain("Rotated.");

    const after = await list();
    expect(after.keys.map((k) => k.status)).toEqual(["active", "next", "retired"]);
    expect(after.keys[0]!.kid).toBe(before.keys[1]!.kid);
    expect(after.keys[2]!.kid).toBe(before.keys[0]!.kid);
    const audit = await queryAuditLog(join(dir, ".openleash", "audit"), { type: "key.rotated" });
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]!.data).toEqual({ active_kid: after.keys[0]!.kid });
  });

  it("usage mistakes exit 2, an unreachable server exits 1", async () => {
    for (const argv of [["keys"], ["keys", "spin"], ["keys", "list", "--url", "http://x", "--data", "d"]]) {
      expect(await main(argv, io().io)).toBe(2);
    }
    expect(await main(["keys", "rotate", "--url", "http://127.0.0.1:9"], io().io)).toBe(2);
    const { io: value, out } = io();
    expect(await main(["keys", "list", "--url", "http://127.0.0.1:9"], value)).toBe(1);
    expect(out.stderr).toContain("cannot reach");
  });

  it("describeKeys refuses a JWKS whose first key is not the active one", () => {
    expect(() => describeKeys({ keys: [{ kid: "a" }, { kid: "b" }] }, "b")).toThrow(/active key/);
    expect(describeKeys({ keys: [{ kid: "a" }] }, "a")).toEqual([
      { kid: "a", status: "active", jwk: { kid: "a" } },
    ]);
  });
});
