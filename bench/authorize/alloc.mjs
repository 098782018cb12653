// Bytes allocated per authorization, and by whom: the server runs in this process (as in
// layers.mjs) behind its real socket fast path, driven over loopback by a plain `net` client with
// pre-built request bytes. V8's sampling heap profiler counts every sampled allocation, including
// objects the garbage collector has already freed (includeObjectsCollectedBy*GC), so the total is
// what the young generation has to absorb, not what stays alive. Allocations made by this file (the
// client) are left out. Ends with ONE JSON line.
//
//   pnpm bench:alloc (builds first; BENCH_REQUESTS, default 4000; ALLOC_TOP, default 25)
import { randomUUID } from "node:crypto";
import { Session } from "node:inspector/promises";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { signRequest } from "@openleash/proof-tokens";
import { inProcessServer } from "./server.mjs";

const N = Number(process.env.BENCH_REQUESTS ?? 4000);
const TOP = Number(process.env.ALLOC_TOP ?? 25);
const SELF = fileURLToPath(import.meta.url);
const { server, init, key, close } = await inProcessServer("alloc");
const { url } = await server.listen();
const { host, port } = new URL(url);

/** Complete request bytes (head + body), signed, each with its own nonce. */
async function presign(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      action: {
        id: randomUUID(),
        type: "purchase",
        payload: { amount_minor: 1000, currency: "USD" },
        relying_party: { domain: "storeco.example" },
      },
    });
    const signed = await signRequest({
      method: "POST",
      url: `${url}/v1/authorize`,
      body,
      key,
      keyId: init.key_id,
    });
    let head = `POST /v1/authorize HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const [name, value] of Object.entries(signed)) head += `${name}: ${value}\r\n`;
    out.push(Buffer.from(`${head}\r\n${body}`));
  }
  return out;
}

/** Sends `requests` over `concurrency` keep-alive connections, one at a time on each; counts ALLOWs. */
function drive(requests, concurrency) {
  let next = 0;
  let allow = 0;
  const one = () =>
    new Promise((done, fail) => {
      const socket = connect(Number(port), "127.0.0.1");
      let pending = Buffer.alloc(0);
      const send = () => {
        if (next >= requests.length) {
          socket.end();
          done();
        } else socket.write(requests[next++]);
      };
      socket.on("connect", send);
      socket.on("error", fail);
      socket.on("data", (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        const end = pending.indexOf("\r\n\r\n");
        if (end < 0) return;
        const length = /content-length: *(\d+)/i.exec(pending.toString("latin1", 0, end));
        const total = end + 4 + Number(length?.[1] ?? 0);
        if (pending.length < total) return;
        if (pending.includes('"decision":"ALLOW"')) allow++;
        pending = pending.subarray(total);
        send();
      });
    });
  return Promise.all(Array.from({ length: concurrency }, one)).then(() => allow);
}

// Warm-up: JIT, caches, SQLite pages.
await drive(await presign(3000), 8);

const requests = await presign(N);
const session = new Session();
session.connect();
await session.post("HeapProfiler.startSampling", {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
const allow = await drive(requests, 8);
const { profile } = await session.post("HeapProfiler.stopSampling");
session.disconnect();
if (allow !== N) throw new Error(`only ${allow}/${N} ALLOW`);

const short = (frame) =>
  `${frame.functionName || "(anonymous)"} ${frame.url.replace(/^.*\/(packages|apps|node_modules\/\.pnpm)\//, "").replace(/^file:\/\//, "")}:${frame.lineNumber + 1}`;
const bySite = new Map();
let server_ = 0;
let client = 0;
const walk = (node, stack) => {
  const here = [...stack, node.callFrame];
  if (node.selfSize > 0) {
    if (here.some((f) => f.url.endsWith(SELF))) client += node.selfSize;
    else {
      server_ += node.selfSize;
      // The allocating function and its two callers: enough to find the line to change.
      const site = here.slice(-3).map(short).reverse().join(" < ");
      bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    }
  }
  for (const child of node.children) walk(child, here);
};
walk(profile.head, []);

console.log(`${N} authorizations at c8 (in-process server, socket fast path, sampled every 256 B)`);
console.log(`allocated by the server: ${(server_ / N / 1024).toFixed(1)} KB per authorization`);
console.log(
  `(by the load generator in this process, left out: ${(client / N / 1024).toFixed(1)} KB per request)\n`,
);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${String(Math.round(bytes / N)).padStart(6)} B  ${site}`);
}
await close();
console.log(
  JSON.stringify({
    bench: "authorize-alloc",
    requests: N,
    server_kb_per_authorization: Number((server_ / N / 1024).toFixed(1)),
  }),
);
