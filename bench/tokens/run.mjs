// Benchmark of @openleash/proof-tokens: raw Ed25519 sign/verify of this machine beside proof issue
// and verify, and RFC 9421 signRequest/verifyRequest. Prints figures, then ONE JSON line.
import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";
import {
  actionHash,
  cryptoBackendName,
  generateKeyPair,
  importVerificationKey,
  issueProof,
  KeyRing,
  signRequest,
  verifyProof,
  verifyRequest,
} from "@openleash/proof-tokens";
import { cpuPerCall, interleave, median } from "./cycles.mjs";

// About DURATION_MS of measurement in total (a few seconds), in batches of BATCH calls.
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);

const now = new Date();
const action = {
  id: "0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10",
  type: "purchase",
  requested_at: "2026-11-26T10:30:00Z",
  relying_party: { domain: "storeco.example", trust_profile: "LOW" },
  payload: { amount_minor: 8500, currency: "USD", item: "headphones" },
};

const ring = await KeyRing.generate({ now });
const key = ring.active();
const jwks = ring.jwks();
const issueOptions = {
  key,
  issuer: "https://leash.example",
  agentId: "agt_01J9Z8K3M4N5P6Q7R8S9T0V1W2",
  ownerId: "usr_01J9Z8K3M4N5P6Q7R8S9T0V1W3",
  action,
  policyVersion: "pv_7f3a9c",
  matchedRule: "small-purchases",
  decisionId: "dec_01J9Z8K3M4N5P6Q7R8S9T0V1W4",
  ttlSeconds: 120,
  now,
};
const { token } = await issueProof(issueOptions);
// What the server does: it already computed the action hash for its response and passes it in.
const precomputedOptions = { ...issueOptions, actionHash: await actionHash(action) };

// Raw Ed25519 over the same number of bytes as a proof's JWS signing input, with a key object
// already imported: the floor any issuing path has to pay.
const signingInput = Buffer.from(token.slice(0, token.lastIndexOf(".")));
const rawPrivate = createPrivateKey({
  key: ring.toJSON().keys.find((k) => k.status === "active").privateJwk,
  format: "jwk",
});
const rawPublic = createPublicKey(rawPrivate);
const rawSignature = sign(null, signingInput, rawPrivate);

const agent = await generateKeyPair();
const agentVerification = await importVerificationKey(agent.publicJwk);
const body = new TextEncoder().encode(JSON.stringify({ action }));
const requestHeaders = await signRequest({
  method: "POST",
  url: "/v1/authorize",
  body,
  key: agent.privateJwk,
  keyId: agent.kid,
  now,
});
const { importSigningKey } = await import("@openleash/proof-tokens");
const agentKey = await importSigningKey(agent.privateJwk);

const cases = {
  raw_sign: () => sign(null, signingInput, rawPrivate),
  raw_verify: () => verify(null, signingInput, rawPublic, rawSignature),
  issue: () => issueProof(issueOptions),
  issue_precomputed_hash: () => issueProof(precomputedOptions),
  verify: () =>
    verifyProof({ token, jwks, action, audience: "storeco.example", issuer: issueOptions.issuer, now }),
  sign_request: () =>
    signRequest({ method: "POST", url: "/v1/authorize", body, key: agentKey, keyId: agent.kid, now }),
  verify_request: () =>
    verifyRequest({
      method: "POST",
      path: "/v1/authorize",
      query: "",
      headers: requestHeaders,
      body,
      now,
      resolveKey: () => agentVerification,
    }),
};

for (const fn of Object.values(cases)) await cpuPerCall(fn, 500); // warm-up (JIT)

// Per case the median batch is kept. Signing and issuing form one group, measured apart from the
// verification cases so that their garbage is not collected on the issuing batches' time.
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const ratios = [];
const precomputedRatios = [];
// The issue/raw ratio is the median of per-cycle ratios: paired, so independent of how busy the machine was.
await interleave(cases, ["raw_sign", "issue", "issue_precomputed_hash"], samples, {
  batch: BATCH,
  durationMs: DURATION_MS / 2,
  onCycle: (c) => {
    ratios.push(c.issue / c.raw_sign);
    precomputedRatios.push(c.issue_precomputed_hash / c.raw_sign);
  },
});
await interleave(cases, ["raw_verify", "verify", "sign_request", "verify_request"], samples, {
  batch: BATCH,
  durationMs: DURATION_MS / 2,
});
const us = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));

const backend = await cryptoBackendName();
console.log(
  `@openleash/proof-tokens bench (Node ${process.version}, backend ${backend}, ${ratios.length} interleaved cycles of ${BATCH} ops for issuing)`,
);
for (const [name, value] of Object.entries(us)) {
  console.log(
    `  ${name.padEnd(24)} ${value.toFixed(1).padStart(8)} µs CPU/op ${String(Math.round(1e6 / value)).padStart(8)} ops/s/core`,
  );
}
const ratio = median(ratios);
console.log(`  issue / raw sign         ${ratio.toFixed(3)}  (goal < 1.3)`);
console.log(
  JSON.stringify({
    bench: "tokens",
    node: process.version,
    backend,
    raw_sign_us: +us.raw_sign.toFixed(2),
    raw_verify_us: +us.raw_verify.toFixed(2),
    issue_us: +us.issue.toFixed(2),
    issue_precomputed_hash_us: +us.issue_precomputed_hash.toFixed(2),
    verify_us: +us.verify.toFixed(2),
    sign_request_us: +us.sign_request.toFixed(2),
    verify_request_us: +us.verify_request.toFixed(2),
    issue_per_s: Math.round(1e6 / us.issue),
    verify_per_s: Math.round(1e6 / us.verify),
    sign_request_per_s: Math.round(1e6 / us.sign_request),
    verify_request_per_s: Math.round(1e6 / us.verify_request),
    issue_over_raw_sign: +ratio.toFixed(3),
    issue_precomputed_over_raw_sign: +median(precomputedRatios).toFixed(3),
    cycles: ratios.length,
  }),
);
