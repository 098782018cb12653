// Helpers of the bench/authorize scripts: the real `openleash start` process, its CPU time and RSS
// from /proc, `openleash init` for the owner/agent/policy, and the server in-process.
import { execFileSync, spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { signRequest } from "@openleash/proof-tokens";

export const BIN = fileURLToPath(new URL("../../apps/cli/dist/bin.js", import.meta.url));

let ticksPerSecond = 100;
try {
  ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
} catch {
  // getconf missing: Linux's USER_HZ is 100 nearly everywhere
}

/**
 * CPU time of a process (all threads) in microseconds: user (utime) and kernel (stime), proc(5)
 * fields 14 and 15 of /proc/<pid>/stat.
 */
export function cpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; fields are counted after its closing ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const toUs = (ticks) => (Number(ticks) / ticksPerSecond) * 1e6;
  return { user: toUs(fields[11]), system: toUs(fields[12]) };
}

/**
 * CPU time per thread group of a process in microseconds (user + kernel), keyed by the thread's
 * name from /proc/<pid>/task/<tid>/stat: the main thread is named after the process ("node"),
 * libuv's thread pool "libuv-worker", V8's helpers (GC, compiler) "V8 DefaultWorke…".
 */
export function threadCpuMicros(pid) {
  const out = {};
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
    } catch {
      continue; // the thread ended meanwhile
    }
    const name =
      String(tid) === String(pid)
        ? "main"
        : `${stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"))}${process.env.BENCH_TIDS ? `#${tid}` : ""}`;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const us = ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1e6;
    out[name] = (out[name] ?? 0) + us;
  }
  return out;
}

/** Resident set size in bytes from /proc/<pid>/status. */
export function rssBytes(pid) {
  const m = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/**
 * Raw node:crypto Ed25519 over a signature-base-sized message with keys already imported: the
 * floor of one authorization. Measured as CPU time (user + system), like the server's figure, so
 * that time this process spends descheduled on a busy machine does not count.
 */
export function rawEd25519() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const data = Buffer.alloc(300, 7);
  const sig = sign(null, data, privateKey);
  const time = (fn, n) => {
    for (let i = 0; i < 200; i++) fn();
    const c = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(c);
    return (d.user + d.system) / n;
  };
  const signUs = time(() => sign(null, data, privateKey), 3000);
  const verifyUs = time(() => verify(null, data, publicKey, sig), 3000);
  return { signUs, verifyUs, totalUs: signUs + verifyUs };
}

/**
 * Source text of `serveFramed(onRequest)` for the floor servers, which run in child processes from
 * a string: a bare TCP server on 127.0.0.1 that frames each request (head up to the blank line, then
 * a Content-Length body), calls `onRequest(socket, head, body)` with the head as latin1 text, and
 * prints `listening on <url>` once it listens.
 */
export const FRAMED_SERVER_SOURCE = `
import { createServer as createNetServer } from "node:net";
function serveFramed(onRequest) {
  const server = createNetServer({ noDelay: true }, (socket) => {
    let buf = null;
    socket.on("data", (chunk) => {
      buf = buf ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        const end = buf.indexOf("\\r\\n\\r\\n");
        if (end < 0) return;
        const head = buf.latin1Slice(0, end);
        const length = Number(/content-length: *(\\d+)/i.exec(head)?.[1] ?? 0);
        if (buf.length < end + 4 + length) return;
        const body = buf.subarray(end + 4, end + 4 + length);
        buf = buf.length === end + 4 + length ? null : buf.subarray(end + 4 + length);
        onRequest(socket, head, body);
        if (buf === null) return;
      }
    });
  });
  server.listen(0, "127.0.0.1", () => console.log("listening on http://127.0.0.1:" + server.address().port));
}
`;

/**
 * Spawns `openleash start --port 0 --data <dir>` and resolves once /v1/health answers 200, with
 * the milliseconds from spawn to that first healthy answer.
 */
export async function startServer(dataDir, { cpuProfDir } = {}) {
  const t0 = performance.now();
  // The server as `pnpm start` runs it (README, Configuration: the young generation capped at 8 MB a
  // semi-space, ≈ 10 MB less RSS at the same CPU); BENCH_SERVER_NODE_ARGS can override it.
  const nodeArgs = ["--max-semi-space-size=8"];
  if (cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`);
  // BENCH_SERVER_NODE_ARGS: extra node/V8 flags for the server process (e.g. GC experiments).
  nodeArgs.push(...(process.env.BENCH_SERVER_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []));
  const args = [...nodeArgs, BIN, "start", "--port", "0", "--data", dataDir, "--json"];
  const proc = spawn(process.execPath, args, {
    env: {
      ...process.env,
      OPENLEASH_LOG_LEVEL: "warn",
      // The bench drives one agent far beyond the default per-agent and per-IP request rates.
      OPENLEASH_RATE_LIMIT_PER_AGENT_PER_MINUTE: "0",
      OPENLEASH_RATE_LIMIT_PER_IP_PER_MINUTE: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // BENCH_SERVER_STDOUT=<file>: keep the server's stdout (e.g. with --trace-gc in BENCH_SERVER_NODE_ARGS).
  const keep = process.env.BENCH_SERVER_STDOUT;
  if (keep) proc.stdout.on("data", (d) => appendFileSync(keep, d));
  let stdout = "";
  let stderr = "";
  proc.stderr.on("data", (d) => {
    stderr += d;
  });
  // `--json`: one line {"url", ..., "admin_token" on a first start} once the server listens.
  const info = await new Promise((resolve, reject) => {
    proc.stdout.on("data", (d) => {
      stdout += d;
      // The first line that is a JSON object (node flags such as --trace-gc may print before it).
      const line = stdout.split("\n").find((l, i, all) => i < all.length - 1 && l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    proc.once("exit", (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  const { url } = info;
  for (;;) {
    const res = await fetch(`${url}/v1/health`).catch(() => null);
    if (res?.status === 200) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const readyMs = performance.now() - t0;
  const adminToken = info.admin_token ?? null;
  const stop = () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null) return resolve(proc.exitCode);
      proc.once("exit", (code) => resolve(code));
      proc.kill("SIGTERM");
    });
  return { url, pid: proc.pid, proc, adminToken, readyMs, stop };
}

/** `openleash init --url ... --json`: owner, agent key pair and policy binding. */
export function initAgent(url, adminToken, policyFile) {
  const out = execFileSync(
    process.execPath,
    [
      BIN,
      "init",
      "--url",
      url,
      "--admin-token",
      adminToken,
      "--owner",
      "bench-owner",
      "--agent",
      "bench-agent",
      "--no-env",
      "--json",
      ...(policyFile ? ["--policy", policyFile] : []),
    ],
    { encoding: "utf8" },
  );
  return JSON.parse(out);
}

/**
 * The server in this process (its build, loaded directly: the bench workspace package does not
 * depend on it) on a new temp data folder set up first with `openleash init --data` (an owner, an
 * agent with its key pair, the starter policy), rate limits off and logs silent. `close()` stops it
 * and removes the folder.
 */
export async function inProcessServer(name) {
  const { createServer } = await import("../../apps/server/dist/index.js");
  const { importSigningKey } = await import("@openleash/proof-tokens");
  const root = mkdtempSync(join(tmpdir(), `openleash-bench-${name}-`));
  const dataDir = join(root, "data");
  const init = JSON.parse(
    execFileSync(
      process.execPath,
      [BIN, "init", "--data", dataDir, "--owner", "o", "--agent", "a", "--no-env", "--json"],
      { encoding: "utf8" },
    ),
  );
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const server = await createServer({
    dataDir,
    port: 0,
    logger: quiet,
    env: {},
    config: { rateLimitPerAgentPerMinute: 0, rateLimitPerIpPerMinute: 0 },
  });
  const key = await importSigningKey(init.private_key_jwk);
  const close = async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  };
  return { server, init, key, close };
}

/**
 * Signed `POST /v1/authorize` requests (a 10 USD purchase the starter policy allows, a new nonce
 * each) as complete request bytes, to `init.server_url` for the agent of `init` (openleash init --json).
 */
export async function presign(init, key, count) {
  const url = `${init.server_url}/v1/authorize`;
  const host = new URL(init.server_url).host;
  const out = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      action: {
        id: randomUUID(),
        type: "purchase",
        payload: { amount_minor: 1000, currency: "USD", item: "headphones" },
      },
    });
    const headers = await signRequest({ method: "POST", url, body, key, keyId: init.key_id });
    // The whole request as bytes, built once: the load generator only writes it and reads the answer.
    let head = `POST /v1/authorize HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\n`;
    head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    out.push(Buffer.from(`${head}\r\n${body}`));
  }
  return out;
}

/**
 * One keep-alive connection that sends pre-built requests one at a time and reads each answer
 * (status line, headers, a Content-Length body). Plain `net`, not an HTTP client library, so that
 * the load generator spends as little of the shared CPUs as it can.
 */
const HEAD_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = Buffer.from("\r\ncontent-length: ");
const ALLOW = Buffer.from('"decision":"ALLOW"');

export class Connection {
  constructor(target) {
    this.socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    this.buf = null;
    this.waiting = null;
    this.socket.on("data", (d) => {
      this.buf = this.buf ? Buffer.concat([this.buf, d]) : d;
      this.#answer();
    });
    this.socket.on("error", (err) => this.waiting?.reject(err));
    this.socket.on("close", () => this.waiting?.reject(new Error("connection closed by the server")));
  }

  send(bytes) {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(bytes);
    });
  }

  // Allocates as little as it can per answer (no head or body strings unless something is wrong):
  // the load generator's own garbage collections would show up in the latencies it measures.
  #answer() {
    const buf = this.buf;
    const end = buf.indexOf(HEAD_END);
    if (end < 0) return;
    const at = buf.indexOf(CONTENT_LENGTH);
    if (at < 0 || at > end) throw new Error(`answer without content-length: ${buf.latin1Slice(0, end)}`);
    let length = 0;
    for (let i = at + CONTENT_LENGTH.length; buf[i] >= 48 && buf[i] <= 57; i++)
      length = length * 10 + buf[i] - 48;
    const total = end + 4 + length;
    if (buf.length < total) return;
    const status = (buf[9] - 48) * 100 + (buf[10] - 48) * 10 + (buf[11] - 48);
    const allow = status === 200 && buf.indexOf(ALLOW, end + 4) >= 0 && buf.indexOf(ALLOW, end + 4) < total;
    const answer = { status, allow, text: allow ? null : buf.utf8Slice(end + 4, total) };
    this.buf = buf.length > total ? buf.subarray(total) : null;
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve(answer);
  }

  close() {
    this.socket.destroy();
  }
}
