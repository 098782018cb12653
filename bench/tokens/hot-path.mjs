// Micro-benchmark of the three @openleash/proof-tokens calls on the server's POST /v1/authorize
// path: verifyRequest (the agent's RFC 9421 signature), actionHash (RFC 8785 + SHA-256) and
// issueProof (with the options the server passes). Each Ed25519-bearing call is shown beside the
// raw node:crypto Ed25519 operation it contains, measured in the same interleaved cycles, so the
// non-crypto overhead (`*_overhead_us`) is visible. Prints figures, then ONE JSON line.
import { createPublicKey, randomUUID, sign, verify } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  actionHash,
  generateKeyPair,
  importSigningKey,
  importVerificationKey,
  issueProof,
  KeyRing,
  signRequest,
  verifyRequest,
} from "@openleash/proof-tokens";
import { cpuPerCall, interleave, median } from "./cycles.mjs";

// About DURATION_MS of measurement (a few seconds), in batches of BATCH calls.
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 200);

const now = new Date();

// The request the authorize load generator (bench/authorize/run.mjs) sends: a purchase action
// signed with signRequest over the absolute URL, headers as the server's direct path sees them
// (a plain record with lowercase names, host/content-type/content-length beside the signature).
const action = {
  id: randomUUID(),
  type: "purchase",
  relying_party: { domain: "storeco.example", trust_profile: "LOW" },
  payload: { amount_minor: 1000, currency: "USD", item: "headphones" },
};
const bodyText = JSON.stringify({ action });
const body = new Uint8Array(Buffer.from(bodyText));
const agent = await generateKeyPair();
const agentKey = await importSigningKey(agent.privateJwk);
const agentVerification = await importVerificationKey(agent.publicJwk);
const signed = await signRequest({
  method: "POST",
  url: "http://127.0.0.1:8080/v1/authorize",
  body,
  key: agentKey,
  keyId: agent.kid,
  now,
});
const headers = {
  host: "127.0.0.1:8080",
  "content-type": "application/json",
  "content-length": String(body.length),
  ...signed,
};
const verifyOptions = {
  method: "POST",
  path: "/v1/authorize",
  query: "",
  headers,
  body,
  now,
  resolveKey: () => agentVerification,
};

// The raw Ed25519 verify of the very signature base verifyRequest checks, with the key imported.
const base = [
  `"@method": POST`,
  `"@path": /v1/authorize`,
  `"content-digest": ${signed["content-digest"]}`,
  `"@signature-params": ${signed["signature-input"].slice("sig1=".length)}`,
].join("\n");
const baseBytes = Buffer.from(base);
const agentPublic = createPublicKey({ key: agent.publicJwk, format: "jwk" });
const requestSignature = Buffer.from(signed.signature.slice("sig1=:".length, -1), "base64");
if (!verify(null, baseBytes, agentPublic, requestSignature)) throw new Error("bench: base mismatch");
await verifyRequest(verifyOptions); // throws if the request does not verify

// issueProof with the options apps/server/src/services/authorize.ts `issue()` passes on ALLOW.
const ring = await KeyRing.generate({ now });
const hash = await actionHash(action);
const issueOptions = {
  key: ring.active(),
  issuer: "http://127.0.0.1:8080",
  agentId: "agt_01J9Z8K3M4N5P6Q7R8S9T0V1W2",
  ownerId: "usr_01J9Z8K3M4N5P6Q7R8S9T0V1W3",
  action,
  actionHash: hash,
  audience: action.relying_party.domain,
  policyVersion: "pv_7f3a9c",
  matchedRule: "small-purchases",
  decisionId: "dec_01J9Z8K3M4N5P6Q7R8S9T0V1W4",
  ttlSeconds: 120,
  now,
};
const { token } = await issueProof(issueOptions);
const signingInput = Buffer.from(token.slice(0, token.lastIndexOf(".")));
const issuerPrivate = (await import("node:crypto")).createPrivateKey({
  key: ring.toJSON().keys.find((k) => k.status === "active").privateJwk,
  format: "jwk",
});

const cases = {
  raw_verify: () => verify(null, baseBytes, agentPublic, requestSignature),
  verify_request: () => verifyRequest(verifyOptions),
  raw_sign: () => sign(null, signingInput, issuerPrivate),
  issue: () => issueProof(issueOptions),
  action_hash: () => actionHash(action),
};

// BENCH_GC_ISOLATE=1: a young-generation collection before each batch (not timed), so that no
// batch pays for the collection of another case's garbage. It also leaves each batch's own
// garbage (Buffers, whose backing stores weigh on the collector) to that untimed collection, so it
// understates allocation-heavy code: the default, like a server, charges every collection to the
// batch during which it happens.
const GC_ISOLATE = process.env.BENCH_GC_ISOLATE === "1";
let gc = () => {};
if (GC_ISOLATE) {
  setFlagsFromString("--expose-gc");
  gc = runInNewContext("gc");
  setFlagsFromString("--no-expose-gc");
}

const before = GC_ISOLATE ? () => gc({ type: "minor" }) : undefined;
for (const fn of Object.values(cases)) await cpuPerCall(fn, 1000, before); // warm-up (JIT)

// Per case the median batch, and per pair the median of the per-cycle differences (paired, so
// independent of how busy the machine was).
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const verifyOverheads = [];
const issueOverheads = [];
await interleave(cases, Object.keys(cases), samples, {
  batch: BATCH,
  durationMs: DURATION_MS,
  before,
  onCycle: (cycle) => {
    verifyOverheads.push(cycle.verify_request - cycle.raw_verify);
    issueOverheads.push(cycle.issue - cycle.raw_sign);
  },
});
const us = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
const verifyOverhead = median(verifyOverheads);
const issueOverhead = median(issueOverheads);

console.log(
  `@openleash/proof-tokens hot path (Node ${process.version}, ${samples.raw_verify.length} cycles of ${BATCH} calls${GC_ISOLATE ? ", GC isolated" : ""})`,
);
for (const [name, value] of Object.entries(us)) {
  console.log(`  ${name.padEnd(16)} ${value.toFixed(2).padStart(8)} µs CPU/call`);
}
console.log(`  verifyRequest - raw verify  ${verifyOverhead.toFixed(2).padStart(7)} µs (non-crypto)`);
console.log(`  issueProof - raw sign       ${issueOverhead.toFixed(2).padStart(7)} µs (non-crypto)`);
console.log(`  actionHash                  ${us.action_hash.toFixed(2).padStart(7)} µs (no Ed25519)`);
const r = (x) => +x.toFixed(2);
console.log(
  JSON.stringify({
    bench: "tokens-hot-path",
    node: process.version,
    raw_verify_us: r(us.raw_verify),
    verify_request_us: r(us.verify_request),
    verify_request_overhead_us: r(verifyOverhead),
    raw_sign_us: r(us.raw_sign),
    issue_us: r(us.issue),
    issue_overhead_us: r(issueOverhead),
    action_hash_us: r(us.action_hash),
    cycles: samples.raw_verify.length,
    gc_isolated: GC_ISOLATE,
  }),
);
