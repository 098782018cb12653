// Where the server's CPU goes, without sockets: POST /v1/authorize through Hono's `app.fetch`
// in this process (routing, zod, the RFC 9421 check, engine, SQLite, proof token, audit fsync),
// beside the raw Ed25519 floor. Compare with run.mjs (a real process over keep-alive HTTP): the
// difference is the HTTP server and its Node-to-Fetch adapter. Ends with ONE JSON line.
import { generateKeyPairSync, randomUUID, sign, verify } from "node:crypto";
import { signRequest } from "@openleash/proof-tokens";
import { inProcessServer } from "./server.mjs";

const N = Number(process.env.BENCH_REQUESTS ?? 2000);
const { server, init, key, close } = await inProcessServer("layers");
const origin = "http://127.0.0.1:8787";

async function presign(count) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const body = JSON.stringify({
      action: { id: randomUUID(), type: "purchase", payload: { amount_minor: 1000, currency: "USD" } },
    });
    const headers = await signRequest({
      method: "POST",
      url: `${origin}/v1/authorize`,
      body,
      key,
      keyId: init.key_id,
    });
    out.push({ body, headers: { ...headers, "content-type": "application/json" } });
  }
  return out;
}

async function drive(requests, concurrency) {
  let next = 0;
  let allow = 0;
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++];
      const res = await server.app.fetch(
        new Request(`${origin}/v1/authorize`, { method: "POST", headers: r.headers, body: r.body }),
      );
      if ((await res.json()).decision === "ALLOW") allow++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const d = process.cpuUsage(cpu);
  if (allow !== requests.length) throw new Error(`only ${allow}/${requests.length} ALLOW`);
  return (d.user + d.system) / requests.length;
}

function raw() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const data = Buffer.alloc(300, 7);
  const sig = sign(null, data, privateKey);
  const c = process.cpuUsage();
  for (let i = 0; i < 3000; i++) {
    sign(null, data, privateKey);
    verify(null, data, publicKey, sig);
  }
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 3000;
}

await drive(await presign(300), 8);
const results = {};
for (const c of [1, 8, 64]) {
  results[c] = await drive(await presign(N), c);
  console.log(
    `app.fetch c${c}: ${results[c].toFixed(0)} µs CPU per authorization (this process, all threads)`,
  );
}
const floor = raw();
console.log(`raw Ed25519 sign + verify: ${floor.toFixed(0)} µs CPU`);
await close();
console.log(
  JSON.stringify({
    bench: "authorize-layers",
    app_fetch_cpu_us_c1: Math.round(results[1]),
    app_fetch_cpu_us_c8: Math.round(results[8]),
    app_fetch_cpu_us_c64: Math.round(results[64]),
    raw_sign_verify_us: Math.round(floor),
    app_fetch_over_raw_c8: Number((results[8] / floor).toFixed(2)),
  }),
);
