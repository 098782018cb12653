// The floor of a *durable* authorizer on this machine. A bare TCP server (a child process) does, per
// request, only what no implementation of the CPU goal can skip: frame the request, SHA-256 its
// body, verify one Ed25519 signature, sign one answer, append one line to a file, and answer only
// after that line is fdatasync'd — group commit as packages/audit does it: the appends of one
// event-loop turn go out in one write and one fdatasync on libuv's thread pool. No schema, policy,
// JWT, hash chain, replay check or SQLite. Driven with run.mjs's load generator (pre-built request
// bytes over keep-alive `net` connections) after a warm-up, at concurrency 8 and 64, with the
// server's CPU time from /proc and the raw sign + verify cost measured the same way as run.mjs.
//
// Ends with ONE JSON line. `floor_over_raw_c8` is how much of the goal's 2× raw the platform takes
// before any authorization logic runs; the same run without the fdatasync shows what the wait costs.
// BENCH_REQUESTS (default 12000) per phase.
import { spawn } from "node:child_process";
import { createHash, generateKeyPairSync, randomUUID, sign } from "node:crypto";
import { Connection, cpuMicros, FRAMED_SERVER_SOURCE, rawEd25519 } from "./server.mjs";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 12000);

const SERVER = `${FRAMED_SERVER_SOURCE}
import { createHash, createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { fdatasync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const publicKey = createPublicKey({ key: JSON.parse(process.env.FLOOR_JWK), format: "jwk" });
const { privateKey } = generateKeyPairSync("ed25519");
const dir = mkdtempSync(join(tmpdir(), "openleash-durable-floor-"));
process.on("SIGTERM", () => { rmSync(dir, { recursive: true, force: true }); process.exit(0); });
const fd = openSync(join(dir, "log"), "a");
const durable = process.env.FLOOR_SYNC !== "none";
let answers = [];
let lines = "";
let scheduled = false;
let syncing = false;
function flush() {
  scheduled = false;
  if (syncing) return; // the appends wait for the fsync in flight and go in the next batch
  const batch = answers;
  answers = [];
  writeSync(fd, lines);
  lines = "";
  const done = () => {
    for (const [socket, bytes] of batch) socket.write(bytes);
    syncing = false;
    if (answers.length > 0) flush();
  };
  if (!durable) return done();
  syncing = true;
  fdatasync(fd, (err) => {
    if (err) throw err;
    done();
  });
}
serveFramed((socket, head, body) => {
  const signature = Buffer.from(/\\r\\nsignature: ([A-Za-z0-9_-]+)/.exec(head)[1], "base64url");
  const digest = createHash("sha256").update(body).digest("base64");
  if (!verify(null, Buffer.from(digest), publicKey, signature)) throw new Error("bad signature");
  const answer = JSON.stringify({ decision: "ALLOW", proof: sign(null, body, privateKey).toString("base64url") });
  lines += digest + " " + answer + "\\n";
  answers.push([socket, "HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: " + answer.length + "\\r\\n\\r\\n" + answer]);
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
});
`;

async function startFloor(sync, publicKey) {
  const proc = spawn(process.execPath, ["--input-type=module", "-e", SERVER], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, FLOOR_JWK: JSON.stringify(publicKey.export({ format: "jwk" })), FLOOR_SYNC: sync },
  });
  const url = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (d) => {
      const m = /listening on (\S+)/.exec(String(d));
      if (m) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return { proc, target: new URL(url) };
}

/** Requests signed by the "agent": the Ed25519 signature covers the body's SHA-256 (base64). */
function presign(privateKey, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const body = JSON.stringify({
      action: { id: randomUUID(), type: "purchase", payload: { amount_minor: 1000, currency: "USD" } },
    });
    const digest = createHash("sha256").update(body).digest("base64");
    const signature = sign(null, Buffer.from(digest), privateKey).toString("base64url");
    out.push(
      Buffer.from(
        `POST /v1/authorize HTTP/1.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nsignature: ${signature}\r\n\r\n${body}`,
      ),
    );
  }
  return out;
}

async function phase({ proc, target }, requests, concurrency) {
  const connections = Array.from({ length: concurrency }, () => new Connection(target));
  await Promise.all(connections.map((c) => new Promise((r) => c.socket.once("connect", r))));
  let next = 0;
  const latencies = new Float64Array(requests.length);
  const c0 = cpuMicros(proc.pid);
  const t0 = performance.now();
  await Promise.all(
    connections.map(async (conn) => {
      while (next < requests.length) {
        const i = next++;
        const s = performance.now();
        const res = await conn.send(requests[i]);
        latencies[i] = performance.now() - s;
        if (!res.allow) throw new Error(`unexpected answer ${res.status}: ${res.text}`);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const c1 = cpuMicros(proc.pid);
  for (const c of connections) c.close();
  latencies.sort();
  return {
    p99Ms: latencies[Math.floor(0.99 * latencies.length)],
    cpuUs: (c1.user + c1.system - c0.user - c0.system) / requests.length,
    kernelUs: (c1.system - c0.system) / requests.length,
    rps: requests.length / (wallMs / 1000),
  };
}

const agent = generateKeyPairSync("ed25519");
const rawBefore = rawEd25519().totalUs;
const results = {};
for (const sync of ["fdatasync", "none"]) {
  const floor = await startFloor(sync, agent.publicKey);
  try {
    await phase(floor, presign(agent.privateKey, 3000), 8); // warm-up
    results[sync] = {
      c8: await phase(floor, presign(agent.privateKey, REQUESTS), 8),
      c64: await phase(floor, presign(agent.privateKey, REQUESTS), 64),
    };
  } finally {
    floor.proc.kill("SIGTERM");
  }
}
const raw = Math.min(rawBefore, rawEd25519().totalUs);
console.log(`raw Ed25519 sign + verify (node:crypto, 300 B, CPU time): ${raw.toFixed(1)} µs`);
for (const [sync, r] of Object.entries(results)) {
  for (const [name, p] of Object.entries(r)) {
    console.log(
      `${sync === "none" ? "no fdatasync (not durable)" : "fdatasync per batch       "} ${name.padEnd(3)} ` +
        `${p.cpuUs.toFixed(0).padStart(4)} µs CPU/req (${p.kernelUs.toFixed(0)} kernel) = ${(p.cpuUs / raw).toFixed(2)}× raw, ${p.rps.toFixed(0)} req/s, p99 ${p.p99Ms.toFixed(2)} ms`,
    );
  }
}
const d = results.fdatasync;
const n = results.none;
console.log(
  JSON.stringify({
    bench: "authorize-durable-floor",
    requests: REQUESTS,
    raw_us: +raw.toFixed(1),
    floor_cpu_us_c8: Math.round(d.c8.cpuUs),
    floor_over_raw_c8: +(d.c8.cpuUs / raw).toFixed(2),
    floor_rps_c8: Math.round(d.c8.rps),
    floor_p99_ms_c8: +d.c8.p99Ms.toFixed(2),
    floor_cpu_us_c64: Math.round(d.c64.cpuUs),
    floor_over_raw_c64: +(d.c64.cpuUs / raw).toFixed(2),
    no_sync_cpu_us_c8: Math.round(n.c8.cpuUs),
    no_sync_over_raw_c8: +(n.c8.cpuUs / raw).toFixed(2),
    no_sync_cpu_us_c64: Math.round(n.c64.cpuUs),
  }),
);
