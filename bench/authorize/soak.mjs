// Steady state: a real `openleash start` process driven at concurrency 8 for minutes, reported per
// interval. run.mjs measures 12 000 requests against a fresh data folder; a server that runs for
// hours also carries a full nonce table, its once-a-minute prune, the deferred nonce writes and
// whatever else grows with sustained load. This shows whether latency, CPU per request and memory
// stay flat while that state builds up and is pruned, and how long a restart takes afterwards
// (loading the nonce table back and replaying the audit log after the store's mark).
//
// Requests are signed while the load runs (their `created` must stay inside the skew window), by a
// child process at nice 19, so the machine is busier than in run.mjs; the server's own CPU is what is
// reported, and the latencies are somewhat above run.mjs's. The skew window is shortened (BENCH_SOAK_SKEW, default 30 s) so that nonces
// expire within the run: the table then holds rate × (skew + up to 60 s until the next prune).
//
// BENCH_SOAK_SECONDS (default 180), BENCH_SOAK_INTERVAL (default 10 s), BENCH_SOAK_SKEW (default 30).
// Ends with ONE JSON line.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { importSigningKey } from "@openleash/proof-tokens";
import Database from "better-sqlite3";
import { Connection, cpuMicros, initAgent, presign, rssBytes, startServer } from "./server.mjs";

const SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 180);
const INTERVAL = Number(process.env.BENCH_SOAK_INTERVAL ?? 10);
const SKEW = Number(process.env.BENCH_SOAK_SKEW ?? 30);
const CONCURRENCY = 8;
const CHUNK = 500;

if (process.env.SOAK_SIGNER) {
  // The signer process: signs `n` requests per message from the parent and sends them back.
  const init = JSON.parse(process.env.SOAK_SIGNER);
  const key = await importSigningKey(init.private_key_jwk);
  process.on("message", async (n) => process.send(await presign(init, key, n)));
  await new Promise(() => {}); // until the parent kills it
}

process.env.OPENLEASH_SIGNATURE_MAX_SKEW_SECONDS = String(SKEW);
const root = mkdtempSync(join(tmpdir(), "openleash-bench-soak-"));
const dataDir = join(root, "data");

/**
 * Signs requests in a child process at nice 19 (it gets the CPU the server and the load leave), a
 * chunk at a time, keeping a few chunks ahead of the load.
 */
class Signer {
  constructor(init) {
    this.queue = [];
    this.waiting = null;
    this.asked = 0;
    this.starved = 0;
    this.proc = spawn("nice", ["-n", "19", process.execPath, fileURLToPath(import.meta.url)], {
      env: { ...process.env, SOAK_SIGNER: JSON.stringify(init) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      serialization: "advanced",
    });
    this.proc.on("message", (chunk) => {
      this.asked--;
      for (const bytes of chunk)
        this.queue.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.#refill();
      if (this.waiting && this.queue.length > 0) {
        const w = this.waiting;
        this.waiting = null;
        w();
      }
    });
    this.#refill();
  }

  #refill() {
    while (this.queue.length + this.asked * CHUNK < 4 * CHUNK) {
      this.asked++;
      this.proc.send(CHUNK);
    }
  }

  async next() {
    if (this.queue.length === 0) {
      this.starved++;
      await new Promise((r) => {
        this.waiting = r;
      });
    }
    const bytes = this.queue.shift();
    this.#refill();
    return bytes;
  }

  close() {
    this.proc.kill();
  }
}

/** RSS split as the kernel counts it: anonymous (heap, malloc), file-backed (code) and shared (SQLite's -shm). */
function rssParts(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(status)?.[1] ?? Number.NaN);
  return {
    anon: Math.round(kb("RssAnon") / 1024),
    file: Math.round(kb("RssFile") / 1024),
    shmem: Math.round(kb("RssShmem") / 1024),
  };
}

function nonceRows() {
  const db = new Database(join(dataDir, "openleash.db"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT coalesce(sum(length(keys)), 0) / 16 FROM nonce_batches").pluck().get();
  } finally {
    db.close();
  }
}

const server = await startServer(dataDir);
const init = initAgent(server.url, server.adminToken);
const signer = new Signer(init);
const target = new URL(server.url);
const connections = Array.from({ length: CONCURRENCY }, () => new Connection(target));
await Promise.all(connections.map((c) => new Promise((r) => c.socket.once("connect", r))));

const intervals = [];
let current = null;
const openInterval = () => {
  current = {
    start: performance.now(),
    cpu: cpuMicros(server.pid),
    latencies: [],
    denied: 0,
  };
};
const closeInterval = () => {
  const cpu = cpuMicros(server.pid);
  const sorted = Float64Array.from(current.latencies).sort();
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const n = sorted.length;
  const r = {
    t: Math.round((current.start - t0) / 1000),
    n,
    rps: Math.round(n / ((performance.now() - current.start) / 1000)),
    p50: +pct(50).toFixed(2),
    p99: +pct(99).toFixed(2),
    max: +(sorted[n - 1] ?? 0).toFixed(1),
    cpuUs: Math.round((cpu.user + cpu.system - current.cpu.user - current.cpu.system) / Math.max(1, n)),
    rssMb: Math.round(rssBytes(server.pid) / 1048576),
    nonces: nonceRows(),
    notAllowed: current.denied,
  };
  intervals.push(r);
  console.log(
    `${String(r.t).padStart(4)} s  ${String(r.rps).padStart(5)} req/s  p50 ${r.p50.toFixed(2)}  p99 ${r.p99.toFixed(2)}  ` +
      `max ${String(r.max).padStart(5)} ms  CPU ${r.cpuUs} µs/req  RSS ${r.rssMb} MB  ${r.nonces} nonces stored` +
      (r.notAllowed ? `  ${r.notAllowed} not ALLOW` : ""),
  );
};

// Warm-up (JIT, caches) before the clock starts, as run.mjs does.
for (let i = 0; i < 3000; i++) await connections[i % CONCURRENCY].send(await signer.next());

console.log(
  `soak: ${SECONDS} s at concurrency ${CONCURRENCY}, skew window ${SKEW} s, intervals of ${INTERVAL} s`,
);
const t0 = performance.now();
const end = t0 + SECONDS * 1000;
openInterval();
const ticker = setInterval(() => {
  closeInterval();
  openInterval();
}, INTERVAL * 1000);
let firstBad = null;
await Promise.all(
  connections.map(async (conn) => {
    while (performance.now() < end) {
      const bytes = await signer.next();
      const s = performance.now();
      const res = await conn.send(bytes);
      current.latencies.push(performance.now() - s);
      if (!res.allow) {
        current.denied++;
        firstBad ??= `${res.status}: ${res.text?.slice(0, 200)}`;
      }
    }
  }),
);
clearInterval(ticker);
// A last interval shorter than half of one says little: its requests are left out.
if (performance.now() - current.start >= (INTERVAL * 1000) / 2) closeInterval();
for (const c of connections) c.close();
signer.close();
const rssEnd = rssBytes(server.pid);
const partsEnd = rssParts(server.pid);
await server.stop();
const restart = await startServer(dataDir);
await restart.stop();
rmSync(root, { recursive: true, force: true });

if (firstBad) console.log(`first answer that was not an ALLOW: ${firstBad}`);
const p99s = intervals.map((r) => r.p99).sort((a, b) => a - b);
const cpus = intervals.map((r) => r.cpuUs);
console.log(
  `RSS at the end ${Math.round(rssEnd / 1048576)} MB: ${partsEnd.anon} anonymous (heaps, malloc), ` +
    `${partsEnd.file} file-backed (code), ${partsEnd.shmem} shared (SQLite's WAL index)\n` +
    `restart after the soak: ${restart.readyMs.toFixed(0)} ms to a healthy /v1/health; ` +
    `the signer ran dry ${signer.starved} times`,
);
console.log(
  JSON.stringify({
    bench: "authorize-soak",
    seconds: SECONDS,
    skew_seconds: SKEW,
    requests: intervals.reduce((n, r) => n + r.n, 0),
    not_allowed: intervals.reduce((n, r) => n + r.notAllowed, 0),
    rps_mean: Math.round(intervals.reduce((n, r) => n + r.rps, 0) / intervals.length),
    p99_ms_median_interval: p99s[Math.floor(p99s.length / 2)],
    p99_ms_worst_interval: p99s[p99s.length - 1],
    max_ms: Math.max(...intervals.map((r) => r.max)),
    cpu_us_first_interval: cpus[0],
    cpu_us_last_interval: cpus[cpus.length - 1],
    rss_mb_end: Math.round(rssEnd / 1048576),
    rss_anon_mb_end: partsEnd.anon,
    nonces_stored_max: Math.max(...intervals.map((r) => r.nonces)),
    restart_ms: Math.round(restart.readyMs),
    signer_starved: signer.starved,
  }),
);
