// The floor of the HTTP layer alone on this machine: a bare node:http server that reads a
// POST /v1/authorize-sized JSON body (same headers as a signed request), parses it and answers
// with a decision-sized JSON body — no crypto, no storage. Driven like run.mjs (keep-alive
// node:http Agent, warm-up, then concurrency 8 and 1), with the server's CPU time per request
// from /proc. Ends with ONE JSON line. Subtract it from run.mjs's figure to see what the
// authorization itself costs beyond HTTP.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { cpuMicros, FRAMED_SERVER_SOURCE } from "./server.mjs";

const SERVER = `
import { createServer } from "node:http";
const answer = JSON.stringify({ decision: "ALLOW", proof_token: "x".repeat(850) });
createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    JSON.parse(Buffer.concat(chunks).toString("utf8"));
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(answer) });
    res.end(answer);
  });
}).listen(0, "127.0.0.1", function () {
  console.log("listening on http://127.0.0.1:" + this.address().port);
});
`;

// A bare TCP server that finds the end of the head, reads Content-Length bytes of body, parses the
// JSON and writes the whole answer at once (what the server's fast path does around its checks).
const NET_SERVER = `${FRAMED_SERVER_SOURCE}
const answer = JSON.stringify({ decision: "ALLOW", proof_token: "x".repeat(850) });
const reply = "HTTP/1.1 200 OK\\r\\ncontent-type: application/json\\r\\ncontent-length: " +
  Buffer.byteLength(answer) + "\\r\\nconnection: keep-alive\\r\\nkeep-alive: timeout=5\\r\\n\\r\\n" + answer;
serveFramed((socket, head, body) => {
  JSON.parse(body.toString("utf8"));
  socket.write(reply);
});
`;

async function startFloor(source) {
  const proc = spawn(process.execPath, ["--input-type=module", "-e", source], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = new URL(
    await new Promise((resolve, reject) => {
      proc.stdout.on("data", (d) => {
        const m = /listening on (\S+)/.exec(String(d));
        if (m) resolve(m[1]);
      });
      proc.once("exit", (code) => reject(new Error(`floor server exited (${code})`)));
    }),
  );
  return { proc, url };
}

// Sizes of a real signed authorization (run.mjs): body ≈ 150 B, three signature headers.
const body = JSON.stringify({
  action: {
    id: "00000000-0000-4000-8000-000000000000",
    type: "purchase",
    payload: { amount_minor: 1000, currency: "USD", item: "headphones" },
  },
});
const headers = {
  "content-type": "application/json",
  "content-length": Buffer.byteLength(body),
  "content-digest": `sha-256=:${"B".repeat(43)}=:`,
  "signature-input": `sig1=("@method" "@path" "@query" "content-digest" "content-type");created=1;nonce="${"n".repeat(22)}";keyid="${"k".repeat(43)}";alg="ed25519"`,
  signature: `sig1=:${"A".repeat(86)}==:`,
};

async function phase({ proc, url }, requests, concurrency) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = () =>
    new Promise((resolve, reject) => {
      const r = request(
        { host: url.hostname, port: url.port, path: "/v1/authorize", method: "POST", agent, headers },
        (res) => {
          res.resume();
          res.on("end", resolve);
        },
      );
      r.on("error", reject);
      r.end(body);
    });
  let next = 0;
  const worker = async () => {
    while (next++ < requests) await post();
  };
  const c0 = cpuMicros(proc.pid);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - t0;
  const c1 = cpuMicros(proc.pid);
  agent.destroy();
  return {
    cpuUsPerReq: (c1.user + c1.system - c0.user - c0.system) / requests,
    rps: requests / (wallMs / 1000),
  };
}

const results = {};
for (const [name, source] of [
  ["node:http", SERVER],
  ["net", NET_SERVER],
]) {
  const floor = await startFloor(source);
  try {
    await phase(floor, 3000, 8); // warm-up
    const c8 = await phase(floor, 4000, 8);
    const c1 = await phase(floor, 1000, 1);
    console.log(`bare ${name}, c8: ${c8.cpuUsPerReq.toFixed(0)} µs CPU/req, ${c8.rps.toFixed(0)} req/s`);
    console.log(`bare ${name}, c1: ${c1.cpuUsPerReq.toFixed(0)} µs CPU/req, ${c1.rps.toFixed(0)} req/s`);
    results[name] = { c8, c1 };
  } finally {
    floor.proc.kill();
  }
}
const http = results["node:http"];
const net = results.net;
console.log(
  JSON.stringify({
    bench: "authorize-http-floor",
    http_floor_cpu_us_c8: Math.round(http.c8.cpuUsPerReq),
    http_floor_rps_c8: Math.round(http.c8.rps),
    http_floor_cpu_us_c1: Math.round(http.c1.cpuUsPerReq),
    http_floor_rps_c1: Math.round(http.c1.rps),
    net_floor_cpu_us_c8: Math.round(net.c8.cpuUsPerReq),
    net_floor_rps_c8: Math.round(net.c8.rps),
    net_floor_cpu_us_c1: Math.round(net.c1.cpuUsPerReq),
    net_floor_rps_c1: Math.round(net.c1.rps),
  }),
);
