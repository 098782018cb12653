/**
 * Crash safety against the real process: `openleash start` is killed with SIGKILL while
 * authorizations are in flight, then restarted on the same data folder.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Prepared, purchase, send, TestAgent } from "./helpers/agent";
import { readAuditRecords } from "./helpers/audit-files";
import { killAll, runCli, type ServerProcess, startServer } from "./helpers/process";

let root: string;
let data: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "openleash-crash-"));
  data = join(root, "data");
});

afterAll(async () => {
  await killAll();
  await rm(root, { recursive: true, force: true });
});

/** Same signed request, sent to another origin (the signature covers @path, not the authority). */
function to(server: ServerProcess, p: Prepared): Prepared {
  return { ...p, url: server.url + new URL(p.url).pathname };
}

it("after SIGKILL under load every ALLOW a client got is in the verified log, and nonces survive", async () => {
  const first = await startServer(data);
  const agent = await TestAgent.create(first.url, first.adminToken!, { owner: "alice", agent: "shopper" });

  const pending = await Promise.all(
    Array.from({ length: 400 }, () => agent.prepare("POST", "/v1/authorize", { action: purchase(1000) })),
  );
  const allowed: Array<{ id: string; request: Prepared }> = [];
  let failures = 0;
  let killed: Promise<void> | null = null;
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const request = pending[next++]!;
      try {
        const a = await send(request);
        if (a.status === 200 && a.json.decision === "ALLOW")
          allowed.push({ id: a.json.decision_id as string, request });
      } catch {
        failures++; // connection refused or reset: the server is gone
      }
      // Pull the plug in the middle of the load, with other requests in flight.
      if (allowed.length >= 100 && !killed) killed = first.kill();
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  expect(killed).not.toBeNull();
  await killed;
  expect(failures).toBeGreaterThan(0);
  expect(allowed.length).toBeGreaterThanOrEqual(100);

  const second = await startServer(data);
  expect(second.adminToken).toBeNull(); // shown once: not again on a restart

  // Every request the old process answered is still refused: its nonce reached SQLite before its
  // answer left (nonces acknowledged in memory are written before the audit batch that answers them).
  const replays = await Promise.all(allowed.map((used) => send(to(second, used.request))));
  expect(replays.map((r) => `${r.status} ${r.json.code}`)).toEqual(allowed.map(() => "401 NONCE_REPLAY"));

  const jwksFile = join(root, "jwks.json");
  await writeFile(jwksFile, await (await fetch(`${second.url}/.well-known/jwks.json`)).text());
  const verify = await runCli(["audit", "verify", "--data", data, "--jwks", jwksFile]);
  expect(verify.stderr).toBe("");
  expect(verify.code).toBe(0);

  const logged = new Set(
    readAuditRecords(data)
      .filter((r) => r.record.type === "authorization.decision" && r.record.decision === "ALLOW")
      .map((r) => (r.record.data as { decision_id: string }).decision_id),
  );
  const missing = allowed.filter((a) => !logged.has(a.id));
  expect(missing).toEqual([]);

  // The restarted server keeps deciding for the same agent.
  const after = await send(
    to(second, await agent.prepare("POST", "/v1/authorize", { action: purchase(1000) })),
  );
  expect(after.json.decision).toBe("ALLOW");
  expect(await second.stop()).toBe(0);
}, 60_000);
