// Bytes allocated per authorization, and by whom: the server runs in this process (as in
// layers.mjs) behind its real socket fast path, driven over loopback by a plain `net` client with
// pre-built request bytes. V8's sampling heap profiler counts every sampled allocation, including
// objects the garbage collector has already freed (includeObjectsCollectedBy*GC), so the total is
// what the young generation has to absorb, not what stays alive. Allocations made by this file (the
// client) are left out. Ends with ONE JSON line.
//
//   pnpm bench:alloc (builds first; BENCH_REQUESTS, default 4000; ALLOC_TOP, default 25)
import { Session } from "node:inspector/promises";
import { fileURLToPath } from "node:url";
import { Connection, inProcessServer, presign } from "./server.mjs";

const N = Number(process.env.BENCH_REQUESTS ?? 4000);
const TOP = Number(process.env.ALLOC_TOP ?? 25);
// The load generator: this file and the bench helpers it uses.
const CLIENT = [fileURLToPath(import.meta.url), fileURLToPath(new URL("./server.mjs", import.meta.url))];
const { server, init, key, close } = await inProcessServer("alloc");
const { url } = await server.listen();
const signer = { server_url: url, key_id: init.key_id };

/** Sends `requests` over `concurrency` keep-alive connections, one at a time on each; counts ALLOWs. */
async function drive(requests, concurrency) {
  const target = new URL(url);
  let next = 0;
  let allow = 0;
  const one = async () => {
    const conn = new Connection(target);
    while (next < requests.length) if ((await conn.send(requests[next++])).allow) allow++;
    conn.close();
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  return allow;
}

// Warm-up: JIT, caches, SQLite pages.
await drive(await presign(signer, key, 3000), 8);

const requests = await presign(signer, key, N);
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
    if (here.some((f) => CLIENT.some((file) => f.url.endsWith(file)))) client += node.selfSize;
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
