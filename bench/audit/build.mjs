// CPU micro-benchmark of the synchronous part of `AuditLog.append` for the server's
// `authorization.decision` event (apps/server/src/services/authorize.ts `auditEvent`).
//
// What is measured: a tight loop of `log.append(event)` calls on an open log, WITHOUT awaiting in
// between. Each call runs the whole synchronous build (validation, secret guard, canonical JSON of
// actor and data, SHA-256 of the canonical record, the line and its Buffer, id + timestamp) plus
// the promise and the queue push. The batch write + fdatasync run afterwards (setImmediate, thread
// pool) and are NOT timed: each round is awaited outside the measurement. Events are prebuilt, so
// building them is not timed either. Rounds of 100 appends (BENCH_AUDIT_BUILD_N) are about the
// server's batch sizes; much larger rounds keep thousands of pending records alive until their
// flush and mostly measure the garbage collector promoting them. Reported: µs per append, wall and
// process CPU (user+system), median and best of the rounds. Ends with ONE JSON line.
// BENCH_AUDIT_MODULE=<path to an ESM build of @openleash/audit> measures another build (e.g. an
// older commit's src bundled with esbuild) under the same conditions, for before/after figures.
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const MODULE = process.env.BENCH_AUDIT_MODULE;
const { AuditLog } = await import(MODULE ? pathToFileURL(MODULE).href : "@openleash/audit");

const PER_ROUND = Number(process.env.BENCH_AUDIT_BUILD_N ?? 100);
const ROUNDS = Number(process.env.BENCH_AUDIT_BUILD_ROUNDS ?? 1000);
const WARMUP = 50;

/** The server's event: short strings, optional approval_id / proof_jti / chain (array of {jti, iss}). */
function event(i) {
  const agent = `agt_01JD${String(i % 500).padStart(20, "0")}`;
  const data = {
    decision_id: `dec_01JD${String(i).padStart(20, "0")}`,
    action_id: `act_${i}`,
    action_hash: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",
    reason_code: i % 10 === 0 ? "DENIED_BY_RULE" : "ALLOWED_BY_RULE",
    matched_rule: i % 7 === 0 ? null : "small-purchases",
    policy_version: "pv_3f9a1c2b",
    kid: "k_2026_01",
    // The signature members the server adds for the nonce redo log (services/nonce-redo.ts).
    sig_created: 1_795_689_000 + (i % 60),
    sig_nonce: "bm9uY2UtMDEyMzQ1Njc4OWFiY2RlZg",
    ...(i % 5 === 0 ? { approval_id: `apr_${i}` } : {}),
    ...(i % 2 === 0 ? { proof_jti: `prf_01JD${String(i).padStart(20, "0")}` } : {}),
    ...(i % 4 === 0 ? { chain: [{ jti: `prf_${i - 1}`, iss: "https://openleash.example" }] } : {}),
  };
  return {
    type: "authorization.decision",
    owner_id: `own_01JD${String(i % 50).padStart(20, "0")}`,
    agent_id: agent,
    actor: { type: "agent", id: agent },
    decision: i % 10 === 0 ? "DENY" : "ALLOW",
    action_type: "purchase",
    data,
  };
}

const events = Array.from({ length: PER_ROUND }, (_, i) => event(i));
const dir = await mkdtemp(join(tmpdir(), "openleash-bench-audit-build-"));
const log = await AuditLog.open({ dir });

const wallUs = [];
const cpuUs = [];
const pending = new Array(PER_ROUND);
for (let round = 0; round < WARMUP + ROUNDS; round++) {
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < PER_ROUND; i++) pending[i] = log.append(events[i]);
  const t1 = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(pending); // the batch write + fdatasync: not measured
  if (round < WARMUP) continue;
  wallUs.push(Number(t1 - t0) / 1000 / PER_ROUND);
  cpuUs.push((cpu.user + cpu.system) / PER_ROUND);
}
const bytes = log.stats().bytes / log.stats().appends;
await log.close();
await rm(dir, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
const r2 = (x) => Number(x.toFixed(2));
console.log(
  `append (synchronous build) of the server's authorization.decision event (~${Math.round(bytes)} B/record), ` +
    `${ROUNDS} rounds of ${PER_ROUND}:`,
);
console.log(`  wall: median ${median(wallUs).toFixed(2)} µs, best ${best(wallUs).toFixed(2)} µs per append`);
console.log(`  CPU:  median ${median(cpuUs).toFixed(2)} µs, best ${best(cpuUs).toFixed(2)} µs per append`);
console.log(
  JSON.stringify({
    bench: "audit-append-build",
    module: MODULE ?? "@openleash/audit",
    node: process.version,
    cpus: cpus().length,
    loadavg_1m: Number(loadavg()[0].toFixed(2)),
    per_round: PER_ROUND,
    rounds: ROUNDS,
    bytes_per_record: Math.round(bytes),
    append_build_us_median: r2(median(wallUs)),
    append_build_us_best: r2(best(wallUs)),
    append_build_cpu_us_median: r2(median(cpuUs)),
    append_build_cpu_us_best: r2(best(cpuUs)),
  }),
);
