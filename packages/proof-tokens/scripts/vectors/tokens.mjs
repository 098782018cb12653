// spec/vectors/proof-tokens.json, approval-tokens.json and chains.json: PROTOCOL.md §5-6 tokens with
// the JWKS to verify them and the expected outcome of each verification.
import { at, keyFromName, outcome, seconds } from "./common.mjs";

const ISSUED = "2026-11-26T10:30:00Z";
const ISSUER = "https://leash.example";
const ACTION = {
  id: "0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10",
  type: "purchase",
  requested_at: "2026-11-26T10:30:00Z",
  relying_party: { domain: "storeco.example", trust_profile: "LOW" },
  payload: { amount_minor: 8500, currency: "USD", item: "headphones" },
};

async function issuerKey(lib, name) {
  const privateJwk = keyFromName(name);
  const key = await lib.importSigningKey(privateJwk);
  return { key, jwk: key.publicJwk, privateJwk: { ...privateJwk, kid: key.kid } };
}

const b64url = (s) => Buffer.from(s).toString("base64url");
const segments = (token) => token.split(".");

async function proofOf(lib, key, overrides = {}) {
  return lib.issueProof({
    key,
    issuer: ISSUER,
    agentId: "agt_01J9Z8K3M4N5P6Q7R8S9T0V1W2",
    ownerId: "usr_01J9Z8K3M4N5P6Q7R8S9T0V1W3",
    action: ACTION,
    policyVersion: "pv_7f3a9c",
    matchedRule: "small-purchases",
    decisionId: "dec_01J9Z8K3M4N5P6Q7R8S9T0V1W4",
    ttlSeconds: 120,
    now: at(ISSUED),
    ...overrides,
  });
}

/** Run verifyProof for a case and record what it must produce. */
async function withOutcome(lib, jwks, c) {
  const o = c.verify;
  c.expected = await outcome(() =>
    lib.verifyProof({
      token: c.token,
      jwks,
      now: at(o.now),
      clockToleranceSeconds: o.clock_tolerance_seconds,
      ...(o.issuer ? { issuer: o.issuer } : {}),
      ...(o.audience ? { audience: o.audience } : {}),
      ...(o.action ? { action: o.action } : {}),
    }),
  );
  return c;
}

export async function proofTokenVectors(lib) {
  const active = await issuerKey(lib, "issuer-1");
  const next = await issuerKey(lib, "issuer-1-next");
  const stranger = await issuerKey(lib, "stranger");
  const jwks = { keys: [active.jwk, next.jwk] };
  const valid = await proofOf(lib, active.key);
  const approved = await proofOf(lib, active.key, {
    approvalId: "apr_01J9Z8",
    assurance: "SUBSTANTIAL",
    decisionId: "dec_approved",
  });
  const verify = {
    now: "2026-11-26T10:31:00Z",
    clock_tolerance_seconds: 5,
    issuer: ISSUER,
    audience: "storeco.example",
    action: ACTION,
  };
  const [h, p, s] = segments(valid.token);
  const tamperedPayload = b64url(
    JSON.stringify({ ...valid.claims, payload_note: "x", exp: valid.claims.exp + 3600 }),
  );
  const otherAction = { ...ACTION, payload: { ...ACTION.payload, amount_minor: 850000 } };
  const approval = await lib.issueApprovalToken({
    key: active.key,
    issuer: ISSUER,
    agentId: "agt_1",
    actionHash: valid.claims.action_hash,
    assurance: "LOW",
    approvalId: "apr_x",
    ttlSeconds: 300,
    now: at(ISSUED),
    jti: "apr-jti-1",
  });
  const cases = [
    { name: "valid", token: valid.token, verify, claims: valid.claims },
    { name: "valid-with-approval", token: approved.token, verify, claims: approved.claims },
    {
      name: "valid-within-clock-tolerance",
      token: valid.token,
      verify: { ...verify, now: "2026-11-26T10:32:04Z" },
    },
    { name: "expired", token: valid.token, verify: { ...verify, now: "2026-11-26T10:33:00Z" } },
    { name: "issued-in-the-future", token: valid.token, verify: { ...verify, now: "2026-11-26T10:29:00Z" } },
    { name: "wrong-audience", token: valid.token, verify: { ...verify, audience: "evil.example" } },
    { name: "wrong-issuer", token: valid.token, verify: { ...verify, issuer: "https://other.example" } },
    { name: "other-action", token: valid.token, verify: { ...verify, action: otherAction } },
    { name: "tampered-payload", token: `${h}.${tamperedPayload}.${s}`, verify },
    {
      name: "tampered-signature",
      token: `${h}.${p}.${s.slice(0, -2)}${s.endsWith("AA") ? "AQ" : "AA"}`,
      verify,
    },
    {
      name: "swapped-kid",
      token: `${b64url(JSON.stringify({ alg: "EdDSA", typ: "openleash-proof+jwt", kid: next.key.kid }))}.${p}.${s}`,
      verify,
    },
    { name: "unknown-kid", token: (await proofOf(lib, stranger.key)).token, verify },
    {
      name: "alg-none",
      token: `${b64url(JSON.stringify({ alg: "none", typ: "openleash-proof+jwt", kid: active.key.kid }))}.${p}.`,
      verify,
    },
    {
      name: "approval-token-as-proof",
      token: approval.token,
      verify: { ...verify, audience: undefined, action: undefined },
    },
  ];
  for (const c of cases) await withOutcome(lib, jwks, c);
  return { $schema: "./vectors.schema.json", kind: "proof-tokens", jwks, action: ACTION, cases };
}

export async function approvalTokenVectors(lib) {
  const active = await issuerKey(lib, "issuer-1");
  const jwks = { keys: [active.jwk] };
  const actionHash = await lib.actionHash(ACTION);
  const issued = await lib.issueApprovalToken({
    key: active.key,
    issuer: ISSUER,
    agentId: "agt_01J9Z8K3M4N5P6Q7R8S9T0V1W2",
    ownerId: "usr_01J9Z8K3M4N5P6Q7R8S9T0V1W3",
    actionHash,
    assurance: "SUBSTANTIAL",
    approvalId: "apr_01J9Z8",
    ttlSeconds: 300,
    now: at(ISSUED),
    jti: "jti_01J9Z8K3M4",
  });
  const verify = {
    now: "2026-11-26T10:31:00Z",
    clock_tolerance_seconds: 5,
    issuer: ISSUER,
    agent_id: "agt_01J9Z8K3M4N5P6Q7R8S9T0V1W2",
    action: ACTION,
  };
  const cases = [
    { name: "valid", verify },
    { name: "meets-min-assurance", verify: { ...verify, min_assurance: "SUBSTANTIAL" } },
    { name: "insufficient-assurance", verify: { ...verify, min_assurance: "HIGH" } },
    { name: "other-agent", verify: { ...verify, agent_id: "agt_other" } },
    { name: "other-action", verify: { ...verify, action: { ...ACTION, id: "another-id" } } },
    { name: "expired", verify: { ...verify, now: "2026-11-26T10:36:00Z" } },
    { name: "other-instance", verify: { ...verify, issuer: "https://other.example" } },
  ];
  for (const c of cases) {
    const o = c.verify;
    c.expected = await outcome(() =>
      lib.verifyApprovalToken({
        token: issued.token,
        jwks,
        issuer: o.issuer,
        agentId: o.agent_id,
        action: o.action,
        now: at(o.now),
        clockToleranceSeconds: o.clock_tolerance_seconds,
        ...(o.min_assurance ? { minAssurance: o.min_assurance } : {}),
      }),
    );
  }
  return {
    $schema: "./vectors.schema.json",
    kind: "approval-tokens",
    jwks,
    action: ACTION,
    token: issued.token,
    claims: issued.claims,
    cases,
  };
}

export async function chainVectors(lib) {
  const a = await issuerKey(lib, "instance-a");
  const b = await issuerKey(lib, "instance-b");
  const A = "https://leash-a.example";
  const B = "https://leash-b.example";
  const buyer = await proofOf(lib, a.key, {
    issuer: A,
    decisionId: "dec_buyer",
    agentId: "buyer-agent",
    ownerId: "alice",
  });
  const seller = await lib.issueProof({
    key: b.key,
    issuer: B,
    agentId: "seller-agent",
    ownerId: "storeco",
    action: { id: "s1", type: "sale", payload: { amount_minor: 8500, currency: "USD" } },
    policyVersion: "pv_b",
    matchedRule: "sell",
    decisionId: "dec_seller",
    ttlSeconds: 120,
    now: at("2026-11-26T10:31:40Z"),
    chain: [{ jti: buyer.claims.jti, iss: A }],
  });
  const unrelated = await proofOf(lib, a.key, {
    issuer: A,
    decisionId: "dec_unrelated",
    now: at("2026-11-26T10:31:00Z"),
  });
  const jwksByIssuer = { [A]: { keys: [a.jwk] }, [B]: { keys: [b.jwk] } };
  const cases = [
    { name: "buyer-then-seller", tokens: [buyer.token, seller.token], now: "2026-11-26T10:33:00Z" },
    { name: "seller-expired", tokens: [buyer.token, seller.token], now: "2026-11-26T10:34:00Z" },
    { name: "not-referenced", tokens: [unrelated.token, seller.token], now: "2026-11-26T10:32:00Z" },
    {
      name: "unknown-issuer",
      tokens: [buyer.token, seller.token],
      now: "2026-11-26T10:32:00Z",
      only_issuers: [B],
    },
  ];
  for (const c of cases) {
    const keys = c.only_issuers
      ? Object.fromEntries(c.only_issuers.map((i) => [i, jwksByIssuer[i]]))
      : jwksByIssuer;
    c.clock_tolerance_seconds = 5;
    c.expected = await outcome(() =>
      lib.verifyChain({ tokens: c.tokens, jwksByIssuer: keys, now: at(c.now), clockToleranceSeconds: 5 }),
    );
  }
  return {
    $schema: "./vectors.schema.json",
    kind: "chains",
    jwks_by_issuer: jwksByIssuer,
    cases,
    issued_at: seconds(ISSUED),
  };
}
