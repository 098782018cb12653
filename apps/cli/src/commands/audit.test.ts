import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog } from "@openleash/audit";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CommandIO, UsageError } from "../command";
import { auditCommand } from "./audit";

let data: string;
let jwksFile: string;

function io(extra: Partial<CommandIO & { signal: AbortSignal }> = {}) {
  return captureIO(data, extra);
}

beforeEach(async () => {
  data = await mkdtemp(join(tmpdir(), "openleash-cli-audit-"));
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const signer = { kid: "k1", sign: async (d: Uint8Array) => new Uint8Array(sign(null, d, privateKey)) };
  jwksFile = join(data, "jwks.json");
  await writeFile(
    jwksFile,
    JSON.stringify({ keys: [{ ...publicKey.export({ format: "jwk" }), kid: "k1" }] }),
  );
  const log = await AuditLog.open({ dir: join(data, ".openleash", "audit"), signer });
  await log.append({ type: "agent.registered", owner_id: "own_1", agent_id: "agt_1" });
  await log.append({
    type: "authorization.decision",
    agent_id: "agt_1",
    decision: "DENY",
    action_type: "purchase",
  });
  await log.append({
    type: "authorization.decision",
    agent_id: "agt_2",
    decision: "ALLOW",
    action_type: "purchase",
  });
  await log.close();
});

afterEach(async () => {
  await rm(data, { recursive: true, force: true });
});

describe("openleash audit verify", () => {
  it("reports an intact log and warns when signatures are not checked", async () => {
    const { io: i, out } = io();
    expect(await auditCommand.run(["verify", "--data", ".openleash"], i)).toBe(0);
    expect(out.stdout).toContain("audit log OK");
    expect(out.stdout).toContain("3 records");
    expect(out.stdout).toContain("signatures NOT checked");
  });

  it("checks checkpoint signatures with --jwks and prints JSON with --json", async () => {
    const { io: i, out } = io();
    expect(
      await auditCommand.run(["verify", "--dir", ".openleash/audit", "--jwks", jwksFile, "--json"], i),
    ).toBe(0);
    expect(JSON.parse(out.stdout)).toMatchObject({
      ok: true,
      records: 3,
      checkpoints: 1,
      signatures_checked: true,
      sealed_seq: 3,
    });
    const human = io();
    expect(await auditCommand.run(["verify", "--jwks", jwksFile], human.io)).toBe(0);
    expect(human.out.stdout).toContain("sealed: records 1..3 are covered by a verified checkpoint signature");
  });

  it("checks anchors kept elsewhere and names the anchor file", async () => {
    const cpFile = join(data, ".openleash", "audit", "checkpoints.jsonl");
    const anchor = join(data, "kept.jsonl");
    await writeFile(anchor, await readFile(cpFile, "utf8"));
    expect(await auditCommand.run(["verify", "--jwks", jwksFile, "--anchor", anchor], io().io)).toBe(0);
    const cp = JSON.parse((await readFile(anchor, "utf8")).trim());
    await writeFile(anchor, JSON.stringify({ ...cp, seq: 2 }, null, 2));
    const { io: i, out } = io();
    expect(await auditCommand.run(["verify", "--jwks", jwksFile, "--anchor", anchor], i)).toBe(1);
    expect(out.stdout).toContain(`${anchor}:0: CHECKPOINT_BAD_SIGNATURE`);
    await expect(auditCommand.run(["verify", "--jwks", anchor], io().io)).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand.run(["verify", "--anchor", "missing.json"], io().io)).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it("exits 1 with file:line and a reason code on tampering", async () => {
    const file = join(data, ".openleash", "audit", "audit-0000000000000001.jsonl");
    await writeFile(file, (await readFile(file, "utf8")).replace('"decision":"DENY"', '"decision":"ALLOW"'));
    const { io: i, out } = io();
    expect(await auditCommand.run(["verify"], { ...i, cwd: data })).toBe(1);
    expect(out.stdout).toContain(`${file}:2: HASH_MISMATCH`);
  });

  it("exits 1 when the directory is missing", async () => {
    const { io: i, out } = io();
    expect(await auditCommand.run(["verify", "--data", "nowhere"], i)).toBe(1);
    expect(out.stdout).toContain("NOT_FOUND");
  });
});

describe("openleash audit query and tail", () => {
  it("filters and prints records newest first", async () => {
    const { io: i, out } = io();
    expect(
      await auditCommand.run(
        ["query", "--data", ".openleash", "--type", "authorization.decision", "--limit", "1"],
        i,
      ),
    ).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toMatch(
      /^#3 {2}\S+Z {2}authorization\.decision {2}ALLOW {2}action=purchase {2}agent=agt_2$/,
    );
    expect(lines[1]).toMatch(/^more: add --cursor \S+$/);
  });

  it("prints a JSON page with --json", async () => {
    const { io: i, out } = io();
    expect(await auditCommand.run(["query", "--agent", "agt_1", "--order", "asc", "--json"], i)).toBe(0);
    const page = JSON.parse(out.stdout);
    expect(page.records.map((r: { seq: number }) => r.seq)).toEqual([1, 2]);
    expect(page.next_cursor).toBeNull();
  });

  it("turns bad options into usage errors", async () => {
    await expect(auditCommand.run(["query", "--order", "sideways"], io().io)).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(auditCommand.run(["query", "--since", "not a date"], io().io)).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(auditCommand.run(["query", "--bogus"], io().io)).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand.run(["tail", "-n", "-3"], io().io)).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand.run(["explode"], io().io)).rejects.toBeInstanceOf(UsageError);
    await expect(auditCommand.run([], io().io)).rejects.toBeInstanceOf(UsageError);
  });

  it("tails the last records and follows new ones", async () => {
    const { io: i, out } = io();
    expect(await auditCommand.run(["tail", "-n", "2", "--json"], i)).toBe(0);
    expect(
      out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).seq),
    ).toEqual([2, 3]);

    const ac = new AbortController();
    const follow = io({ signal: ac.signal });
    const running = auditCommand.run(["tail", "-n", "0", "--follow"], follow.io);
    const log = await AuditLog.open({ dir: join(data, ".openleash", "audit") });
    await log.append({ type: "policy.created", owner_id: "own_1" });
    await log.close();
    for (let k = 0; k < 200 && !follow.out.stdout.includes("policy.created"); k++)
      await new Promise((r) => setTimeout(r, 10));
    ac.abort();
    expect(await running).toBe(0);
    expect(follow.out.stdout).toMatch(/^#4 {2}\S+ {2}policy\.created {2}owner=own_1\n$/);
  });
});
