// Audit log benchmark: durable appends/s (group commit + fdatasync) at several concurrencies, then
// read throughput (query both directions, verify). Short runs in a temp dir; ends with ONE JSON line.
import { mkdtemp, rm, stat, readdir } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, queryAuditLog, verifyAuditLog } from "@openleash/audit";

const RUN_MS = Number(process.env.BENCH_AUDIT_MS ?? 1500);
const CONCURRENCIES = [1, 64, 256];

function event(i) {
  return {
    type: "authorization.decision",
    owner_id: `own_${i % 50}`,
    agent_id: `agt_${i % 500}`,
    actor: { type: "agent", id: `agt_${i % 500}` },
    decision: i % 10 === 0 ? "DENY" : "ALLOW",
    action_type: "purchase",
    data: {
      decision_id: `dec_${i}`,
      matched_rule: "small-purchases",
      policy_version: "pv_3f9a1c",
      action_hash: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",
      amount_minor: 1999,
      currency: "USD",
      proof_jti: `prf_${i}`,
    },
  };
}

async function appendRun(concurrency) {
  const dir = await mkdtemp(join(tmpdir(), "openleash-bench-audit-"));
  const log = await AuditLog.open({ dir });
  let i = 0;
  const end = performance.now() + RUN_MS;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) await log.append(event(i++));
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stats = log.stats();
  await log.close();
  return {
    dir,
    concurrency,
    appends: stats.appends,
    perSecond: stats.appends / seconds,
    groupSize: stats.appends / stats.commits,
    cpuUsPerAppend: (cpu.user + cpu.system) / stats.appends,
    bytes: stats.bytes,
  };
}

async function dirBytes(dir) {
  let total = 0;
  for (const n of await readdir(dir)) total += (await stat(join(dir, n))).size;
  return total;
}

async function readRun(dir) {
  const results = {};
  for (const order of ["asc", "desc"]) {
    const t0 = performance.now();
    let n = 0;
    let cursor;
    do {
      const page = await queryAuditLog(dir, { order, limit: 1000, cursor });
      n += page.records.length;
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    results[`query_${order}_records_per_s`] = n / ((performance.now() - t0) / 1000);
  }
  const t1 = performance.now();
  const page = await queryAuditLog(dir, { agent_id: "agt_10", decision: "DENY", limit: 20 });
  results.filtered_page_ms = performance.now() - t1;
  results.filtered_page_hits = page.records.length;
  const t2 = performance.now();
  const report = await verifyAuditLog({ dir });
  const vs = (performance.now() - t2) / 1000;
  if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report.first_error)}`);
  results.verify_records_per_s = report.records / vs;
  results.verify_mb_per_s = (await dirBytes(dir)) / 1e6 / vs;
  results.records = report.records;
  return results;
}

const runs = [];
for (const c of CONCURRENCIES) {
  const r = await appendRun(c);
  runs.push(r);
  console.log(
    `durable appends, concurrency ${String(c).padStart(3)}: ${Math.round(r.perSecond).toLocaleString("en-US").padStart(8)}/s` +
      `  (${r.appends} appends, ${r.groupSize.toFixed(1)} per fdatasync, ${r.cpuUsPerAppend.toFixed(1)} µs CPU each,` +
      ` ${Math.round(r.bytes / r.appends)} B/record)`,
  );
}
const biggest = runs[runs.length - 1];
const read = await readRun(biggest.dir);
console.log(
  `query asc  (pages of 1000): ${Math.round(read.query_asc_records_per_s).toLocaleString("en-US")} records/s`,
);
console.log(
  `query desc (pages of 1000): ${Math.round(read.query_desc_records_per_s).toLocaleString("en-US")} records/s`,
);
console.log(`filtered newest-20 page over ${read.records} records: ${read.filtered_page_ms.toFixed(1)} ms`);
console.log(
  `verify: ${Math.round(read.verify_records_per_s).toLocaleString("en-US")} records/s (${read.verify_mb_per_s.toFixed(1)} MB/s)`,
);
for (const r of runs) await rm(r.dir, { recursive: true, force: true });

const round = (x) => Math.round(x);
console.log(
  JSON.stringify({
    bench: "audit",
    node: process.version,
    cpus: cpus().length,
    run_ms: RUN_MS,
    loadavg_1m: Number(loadavg()[0].toFixed(2)),
    durable_appends_per_s: round(Math.max(...runs.filter((r) => r.concurrency > 1).map((r) => r.perSecond))),
    ...Object.fromEntries(runs.map((r) => [`durable_appends_per_s_c${r.concurrency}`, round(r.perSecond)])),
    ...Object.fromEntries(
      runs.map((r) => [`appends_per_fdatasync_c${r.concurrency}`, Number(r.groupSize.toFixed(1))]),
    ),
    ...Object.fromEntries(
      runs.map((r) => [`cpu_us_per_append_c${r.concurrency}`, Number(r.cpuUsPerAppend.toFixed(1))]),
    ),
    query_asc_records_per_s: round(read.query_asc_records_per_s),
    query_desc_records_per_s: round(read.query_desc_records_per_s),
    verify_records_per_s: round(read.verify_records_per_s),
    verify_mb_per_s: Number(read.verify_mb_per_s.toFixed(1)),
  }),
);
