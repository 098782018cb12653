// spec/vectors/request-signatures.json: PROTOCOL.md §3 (RFC 9421 + RFC 9530) signature bases and
// signatures for sample requests, and verification outcomes for altered ones.
import { at, keyFromName, outcome, publicOf, seconds } from "./common.mjs";

const NOW = "2026-11-26T10:30:00Z";

const REQUESTS = [
  {
    name: "post-body-no-query",
    method: "POST",
    url: "https://leash.example/v1/authorize",
    body: '{"action":{"id":"0b8f6c1e-2f44-4a53-9a9e-3b4f1c1d2e10","type":"purchase","payload":{"amount_minor":8500,"currency":"USD"}}}',
    nonce: "b3BlbmxlYXNoLW5vbmNlLTE",
  },
  {
    name: "post-body-and-query",
    method: "POST",
    url: "https://leash.example/v1/authorize?explain=true&x=%C3%A9",
    body: '{"action":{"id":"a2","type":"message.send","payload":{"text":"Grüße 😀"}},"explain":true}',
    nonce: "b3BlbmxlYXNoLW5vbmNlLTI",
  },
  {
    name: "get-query-no-body",
    method: "GET",
    url: "https://leash.example/v1/agent/approval-requests/apr_01J9Z8?wait=30",
    nonce: "b3BlbmxlYXNoLW5vbmNlLTM",
  },
  {
    name: "get-no-query-no-body",
    method: "GET",
    url: "https://leash.example/v1/agent/me",
    nonce: "b3BlbmxlYXNoLW5vbmNlLTQ",
  },
  {
    name: "post-with-expires",
    method: "POST",
    url: "/v1/authorize",
    body: "{}",
    nonce: "b3BlbmxlYXNoLW5vbmNlLTU",
    expiresInSeconds: 60,
  },
];

function target(url) {
  const u = new URL(url, "https://leash.example");
  return { path: u.pathname, query: u.search };
}

/** The RFC 9421 §2.5 base, rebuilt here from the request and the Signature-Input it was sent with. */
function baseOf(req, headers) {
  const input = headers["signature-input"].replace(/^sig1=/, "");
  const components = [...input.slice(1, input.indexOf(")")).matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  const { path, query } = target(req.url);
  const values = {
    "@method": req.method,
    "@path": path,
    "@query": query,
    "content-digest": headers["content-digest"],
  };
  return [...components.map((c) => `"${c}": ${values[c]}`), `"@signature-params": ${input}`].join("\n");
}

export async function requestSignatureVectors(lib) {
  const privateJwk = keyFromName("agent-1");
  const kid = await lib.jwkThumbprint(privateJwk);
  const publicJwk = { ...publicOf(privateJwk), kid };
  const key = await lib.importSigningKey(privateJwk);
  const verification = await lib.importVerificationKey(publicJwk);
  const cases = [];
  for (const req of REQUESTS) {
    const body = req.body === undefined ? undefined : new TextEncoder().encode(req.body);
    const headers = await lib.signRequest({
      method: req.method,
      url: req.url,
      body,
      key,
      keyId: kid,
      now: at(NOW),
      nonce: req.nonce,
      expiresInSeconds: req.expiresInSeconds,
    });
    cases.push({
      name: req.name,
      request: {
        method: req.method,
        url: req.url,
        ...target(req.url),
        body_base64: body === undefined ? null : Buffer.from(body).toString("base64"),
      },
      params: {
        created: seconds(NOW),
        expires: req.expiresInSeconds ? seconds(NOW) + req.expiresInSeconds : null,
        nonce: req.nonce,
        keyid: kid,
      },
      expected: {
        content_digest: headers["content-digest"] ?? null,
        signature_input: headers["signature-input"],
        signature_base: baseOf(req, headers),
        signature: headers.signature,
      },
    });
  }
  return {
    $schema: "./vectors.schema.json",
    kind: "request-signatures",
    agent_key: { kid, public_jwk: publicJwk, private_jwk: { ...privateJwk, kid } },
    signing_time: NOW,
    cases,
    verification: await verificationCases(lib, cases, verification, kid),
    rfc9421_b26: RFC9421_B26,
  };
}

// RFC 9421 Appendix B.2.6 verbatim (key from B.1.4, public test key material): a signature base
// builder that reproduces `signature_base` and verifies `signature` is RFC-conformant; Ed25519 being
// deterministic, signing the base with `private_jwk` yields `signature` byte for byte.
const RFC9421_B26 = {
  public_jwk: { kty: "OKP", crv: "Ed25519", x: "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs" },
  private_jwk: {
    kty: "OKP",
    crv: "Ed25519",
    x: "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs",
    d: "n4Ni-HpISpVObnQMW0wOhCKROaIKqKtW_2ZYb2p9KcU",
  },
  components: {
    "@method": "POST",
    "@path": "/foo",
    "@authority": "example.com",
    date: "Tue, 20 Apr 2021 02:07:55 GMT",
    "content-type": "application/json",
    "content-length": "18",
  },
  signature_input:
    'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  signature_base: [
    '"date": Tue, 20 Apr 2021 02:07:55 GMT',
    '"@method": POST',
    '"@path": /foo',
    '"@authority": example.com',
    '"content-type": application/json',
    '"content-length": 18',
    '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
  ].join("\n"),
  signature:
    "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
};

async function verificationCases(lib, cases, verification, kid) {
  const base = cases[0];
  const headersOf = (c) => ({
    ...(c.expected.content_digest ? { "content-digest": c.expected.content_digest } : {}),
    "signature-input": c.expected.signature_input,
    signature: c.expected.signature,
  });
  const plain = (c, overrides = {}) => ({
    name: `${c.name}`,
    request: {
      method: c.request.method,
      path: c.request.path,
      query: c.request.query,
      headers: headersOf(c),
      body_base64: c.request.body_base64,
    },
    now: NOW,
    max_skew_seconds: 120,
    ...overrides,
  });
  const altered = [
    ...cases.map((c) => plain(c, { name: `valid:${c.name}` })),
    plain(base, {
      name: "body-changed",
      request: { ...plain(base).request, body_base64: Buffer.from('{"action":{}}').toString("base64") },
    }),
    plain(base, { name: "path-changed", request: { ...plain(base).request, path: "/v1/authorize/" } }),
    plain(base, { name: "method-changed", request: { ...plain(base).request, method: "PUT" } }),
    plain(base, {
      name: "query-added-uncovered",
      request: { ...plain(base).request, query: "?explain=true" },
    }),
    plain(base, { name: "created-too-old", now: "2026-11-26T10:32:01Z" }),
    plain(base, { name: "created-in-future", now: "2026-11-26T10:27:59Z" }),
    plain(base, { name: "skew-boundary-accepted", now: "2026-11-26T10:32:00Z" }),
    plain(cases[4], { name: "expired", now: "2026-11-26T10:31:00Z" }),
    plain(base, {
      name: "duplicate-parameter",
      request: {
        ...plain(base).request,
        headers: {
          ...headersOf(base),
          "signature-input": `${base.expected.signature_input};created=${seconds(NOW)}`,
        },
      },
    }),
    plain(base, {
      name: "tag-missing",
      request: {
        ...plain(base).request,
        headers: {
          ...headersOf(base),
          "signature-input": base.expected.signature_input.replace(';tag="openleash"', ""),
        },
      },
    }),
    plain(base, {
      name: "signature-flipped",
      request: {
        ...plain(base).request,
        headers: {
          ...headersOf(base),
          signature: base.expected.signature.replace(
            /^sig1=:(.)/,
            (_m, ch) => `sig1=:${ch === "A" ? "B" : "A"}`,
          ),
        },
      },
    }),
  ];
  for (const v of altered) {
    v.expected = await outcome(() =>
      lib.verifyRequest({
        method: v.request.method,
        path: v.request.path,
        query: v.request.query,
        headers: v.request.headers,
        body:
          v.request.body_base64 === null
            ? new Uint8Array()
            : new Uint8Array(Buffer.from(v.request.body_base64, "base64")),
        now: at(v.now),
        maxSkewSeconds: v.max_skew_seconds,
        resolveKey: (id) => (id === kid ? verification : null),
      }),
    );
  }
  return altered;
}
