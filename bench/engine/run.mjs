// µs per decision: OpenLeash engine vs Cedar (cedar-wasm, preparsed policy set), same 50-rule
// policy, same requests, same run. Prints a table and ends with ONE JSON line.
// Run: pnpm bench:engine (builds the engine first).
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import { compilePolicy, evaluate, InMemoryCounters, validatePolicy } from "@openleash/engine";
import { buildPolicies, buildRequests } from "./workload.mjs";

const ROUNDS = 7;
const OURS_BATCH = 4_000;
const CEDAR_BATCH = 40;
const now = new Date("2026-11-26T10:00:00Z");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** µs per call of one batch. */
function batchUs(fn, batch) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < batch; i++) fn();
  return Number(process.hrtime.bigint() - t) / 1000 / batch;
}

const { openleash, cedar: cedarText, ruleCount } = buildPolicies();
const requests = buildRequests();

// OpenLeash: validate + compile once (the server caches this per policy version).
const compiled = compilePolicy(validatePolicy(openleash));
const counters = new InMemoryCounters();
const decideOurs = (input) => evaluate(compiled, input, { now, counters });
// The same policy with every CEL condition run by @bufbuild/cel (no closure fast path).
const compiledFullCel = compilePolicy(validatePolicy(openleash), { celFastPath: false });
const decideFullCel = (input) => evaluate(compiledFullCel, input, { now, counters });

// Cedar: preparse the policy set once, then the stateful call per request.
const parsed = cedar.preparsePolicySet("bench", { staticPolicies: cedarText });
if (parsed.type !== "success")
  throw new Error(`cedar could not parse the policy set: ${JSON.stringify(parsed.errors)}`);
const decideCedar = (req) => {
  const answer = cedar.statefulIsAuthorized({
    principal: req.principal,
    action: req.action,
    resource: req.resource,
    context: req.context,
    preparsedPolicySetId: "bench",
    entities: req.entities,
  });
  if (answer.type !== "success") throw new Error(`cedar failed: ${JSON.stringify(answer.errors)}`);
  return answer.response;
};

// Warm both engines on every request first, so the JIT has seen the whole mix before timing.
for (let i = 0; i < 5000; i++) for (const [, req] of requests) decideOurs(req.ol);
for (let i = 0; i < 2000; i++) for (const [, req] of requests) decideFullCel(req.ol);
for (let i = 0; i < 30; i++) for (const [, req] of requests) decideCedar(req.cedar);

// Check both engines agree on every request before timing anything.
const results = requests.map(([label, req, expected]) => {
  const ours = decideOurs(req.ol);
  const theirs = decideCedar(req.cedar);
  if (decideFullCel(req.ol).decision !== ours.decision)
    throw new Error(`${label}: fast path and full CEL disagree`);
  if (ours.decision !== expected)
    throw new Error(`${label}: OpenLeash decided ${ours.decision}, expected ${expected}`);
  if ((ours.decision === "DENY") !== (theirs.decision === "deny")) {
    throw new Error(`${label}: engines disagree (${ours.decision} vs ${theirs.decision})`);
  }
  return { label, decision: ours.decision, cedar: theirs.decision, ours: [], full: [], theirs: [] };
});

// Rounds interleave the requests and the two engines, so load from other processes on this
// shared machine spreads over all rows instead of hitting one.
for (let r = 0; r < ROUNDS; r++) {
  requests.forEach(([, req], i) => {
    results[i].ours.push(batchUs(() => decideOurs(req.ol), OURS_BATCH));
    results[i].full.push(batchUs(() => decideFullCel(req.ol), OURS_BATCH / 4));
    results[i].theirs.push(batchUs(() => decideCedar(req.cedar), CEDAR_BATCH));
  });
}
const rows = results.map((r) => ({
  ...r,
  ours_us: median(r.ours),
  full_us: median(r.full),
  cedar_us: median(r.theirs),
}));
const fullMedian = median(results.flatMap((r) => r.full));
const oursAll = results.flatMap((r) => r.ours);
const cedarAll = results.flatMap((r) => r.theirs);

const oursMedian = median(oursAll);
const cedarMedian = median(cedarAll);
const pad = (s, n) => String(s).padEnd(n);
const num = (x, w = 9) => x.toFixed(2).padStart(w);
const line = (label, decision, cedarDecision, ours, full, theirs) =>
  `${pad(label, 32)}${pad(decision, 18)}${pad(cedarDecision, 7)}${num(ours)}${num(full, 12)}${num(theirs, 10)}${(ours / theirs).toFixed(4).padStart(9)}`;
console.log(
  `OpenLeash engine vs Cedar ${cedar.getCedarVersion()} (cedar-wasm, preparsed), ${ruleCount} rules, node ${process.version}`,
);
console.log(
  `${pad("request", 32)}${pad("OpenLeash", 18)}${pad("Cedar", 7)}${"ours µs".padStart(9)}${"full-CEL µs".padStart(12)}${"cedar µs".padStart(10)}${"ratio".padStart(9)}`,
);
for (const r of rows) console.log(line(r.label, r.decision, r.cedar, r.ours_us, r.full_us, r.cedar_us));
console.log(line("median of all rounds", "", "", oursMedian, fullMedian, cedarMedian));
console.log(
  "(ours: CEL fast path on, the default; full-CEL: every condition run by @bufbuild/cel; ratio = ours / cedar)",
);
console.log(
  JSON.stringify({
    bench: "engine",
    rules: ruleCount,
    requests: rows.length,
    median_us: Number(oursMedian.toFixed(3)),
    full_cel_median_us: Number(fullMedian.toFixed(3)),
    cedar_median_us: Number(cedarMedian.toFixed(3)),
    vs_cedar: Number((oursMedian / cedarMedian).toFixed(4)),
    max_request_us: Number(Math.max(...rows.map((r) => r.ours_us)).toFixed(3)),
  }),
);
