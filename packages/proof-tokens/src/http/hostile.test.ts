import { createHash, createPrivateKey, sign as nodeSign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeyPair, importVerificationKey } from "../crypto/keys.js";
import { utf8 } from "../encoding.js";
import { RequestSignatureError } from "../errors.js";
import { signatureBase } from "./signature-base.js";
import { type InnerList, parseDictionary } from "./structured-fields.js";
import { type VerifyRequestOptions, verifyRequest } from "./verify-request.js";

const now = new Date("2026-11-26T10:30:00Z");
const created = Math.floor(now.getTime() / 1000);
const nonce = "abcdefghijklmnopqrstuv";
const body = utf8('{"action":{"type":"purchase"}}');
const digest = `sha-256=:${createHash("sha256").update(body).digest("base64")}:`;

async function setup() {
  const pair = await generateKeyPair();
  const key = await importVerificationKey(pair.publicJwk);
  const nodeKey = createPrivateKey({ key: pair.privateJwk, format: "jwk" });
  const params = (extra = "") =>
    `;created=${created};nonce="${nonce}";keyid="${pair.kid}";alg="ed25519";tag="openleash"${extra}`;
  const request = { method: "POST", path: "/v1/authorize", query: "?a=1" };
  // Signs exactly the given Signature-Input member, so each test isolates the one check it targets.
  const signed = (
    input: string,
    headers: Record<string, string> = { "content-digest": digest },
    label = "sig1",
  ) => {
    const member = parseDictionary(`${label}=${input}`).get(label) as InnerList;
    const values: Record<string, string> = {
      "@method": request.method,
      "@path": request.path,
      "@query": request.query,
    };
    const base = signatureBase(member, (name) => values[name] ?? headers[name] ?? null);
    const sig = nodeSign(null, Buffer.from(base), nodeKey).toString("base64");
    return { ...headers, "signature-input": `${label}=${input}`, signature: `${label}=:${sig}:` };
  };
  const options = (
    headers: Record<string, string | undefined>,
    extra: Partial<VerifyRequestOptions> = {},
  ) => ({
    ...request,
    headers,
    body,
    now,
    resolveKey: (kid: string) => (kid === pair.kid ? key : null),
    ...extra,
  });
  return { pair, params, signed, options };
}

const FULL = '("@method" "@path" "@query" "content-digest")';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof RequestSignatureError) return e.code;
    throw e;
  }
}

describe("verifyRequest against hostile or broken requests", () => {
  it("accepts the baseline and ignores other (non-openleash) signatures", async () => {
    const { params, signed, options } = await setup();
    const headers = signed(FULL + params());
    expect(await codeOf(verifyRequest(options(headers)))).toBe("OK");
    const withProxy = {
      ...headers,
      "signature-input": `proxy=("@method");created=1;keyid="p", ${headers["signature-input"]}`,
      signature: `proxy=:${Buffer.alloc(64).toString("base64")}:, ${headers.signature}`,
    };
    expect(await codeOf(verifyRequest(options(withProxy)))).toBe("OK");
    expect(await codeOf(verifyRequest(options(headers, { headers: new Headers(headers) })))).toBe("OK");
  });

  it("enforces coverage of @method, @path, @query and content-digest", async () => {
    const { params, signed, options } = await setup();
    expect(
      await codeOf(verifyRequest(options(signed(`("@method" "@path" "content-digest")${params()}`)))),
    ).toBe("MISSING_COMPONENT");
    expect(await codeOf(verifyRequest(options(signed(`("@method" "@path" "@query")${params()}`))))).toBe(
      "MISSING_COMPONENT",
    );
    expect(
      await codeOf(verifyRequest(options(signed(`("@path" "@query" "content-digest")${params()}`)))),
    ).toBe("MISSING_COMPONENT");
    // A signature over one query does not verify without it (the @query value becomes "?", §2.2.7).
    expect(await codeOf(verifyRequest(options(signed(FULL + params()), { query: "" })))).toBe(
      "INVALID_SIGNATURE",
    );
  });

  const malformed: Array<[string, (p: (e?: string) => string) => string]> = [
    ["a duplicate parameter", (p) => `${FULL}${p()};created=${created}`],
    ["a decimal created", (p) => `${FULL}${p().replace(`created=${created}`, `created=${created}.0`)}`],
    ["a string created", (p) => `${FULL}${p().replace(`created=${created}`, `created="${created}"`)}`],
    ["no created", (p) => `${FULL}${p().replace(`;created=${created}`, "")}`],
    ["no nonce", (p) => `${FULL}${p().replace(`;nonce="${nonce}"`, "")}`],
    ["a short nonce", (p) => `${FULL}${p().replace(nonce, "short")}`],
    ["no keyid", (p) => `${FULL}${p().replace(/;keyid="[^"]+"/, "")}`],
    ["alg rsa-pss-sha512", (p) => `${FULL}${p().replace('alg="ed25519"', 'alg="rsa-pss-sha512"')}`],
    ["alg as a token", (p) => `${FULL}${p().replace('alg="ed25519"', "alg=ed25519")}`],
    ["expires before created", (p) => `${FULL}${p(`;expires=${created - 1}`)}`],
    ["an uppercase component", (p) => `("@method" "@path" "@query" "Content-Digest")${p()}`],
    ["a component with parameters", (p) => `("@method" "@path" "@query" "content-digest";sf)${p()}`],
    ["a component covered twice", (p) => `("@method" "@method" "@path" "@query" "content-digest")${p()}`],
    [
      "an unsupported derived component",
      (p) => `("@method" "@path" "@query" "content-digest" "@authority")${p()}`,
    ],
    [
      "a covered header that is absent",
      (p) => `("@method" "@path" "@query" "content-digest" "x-absent")${p()}`,
    ],
  ];
  it.each(malformed)("rejects %s as MALFORMED_SIGNATURE", async (_name, make) => {
    const { params, options, signed } = await setup();
    const input = make(params);
    // Signed by hand where a signature base can be built; otherwise any 64 bytes.
    let headers: Record<string, string>;
    try {
      headers = signed(input);
    } catch {
      headers = {
        "content-digest": digest,
        "signature-input": `sig1=${input}`,
        signature: `sig1=:${Buffer.alloc(64).toString("base64")}:`,
      };
    }
    expect(await codeOf(verifyRequest(options(headers)))).toBe("MALFORMED_SIGNATURE");
  });

  const garbage: Array<[string, Record<string, string>]> = [
    ["no headers", {}],
    ["no Signature", { "signature-input": `sig1=${FULL};created=1` }],
    ["unparseable Signature-Input", { "signature-input": "sig1=(", signature: "sig1=:AA==:" }],
    ["trailing comma", { "signature-input": `sig1=${FULL};created=1,`, signature: "sig1=:AA==:" }],
    ["no openleash tag", { "signature-input": `sig1=${FULL};created=1`, signature: "sig1=:AA==:" }],
  ];
  it.each(garbage)("rejects %s as MALFORMED_SIGNATURE", async (_name, headers) => {
    const { options } = await setup();
    expect(await codeOf(verifyRequest(options({ "content-digest": digest, ...headers })))).toBe(
      "MALFORMED_SIGNATURE",
    );
  });

  it("rejects duplicate labels, two openleash signatures and short signatures", async () => {
    const { params, signed, options } = await setup();
    const h = signed(FULL + params());
    const dupInput = { ...h, "signature-input": `${h["signature-input"]}, ${h["signature-input"]}` };
    expect(await codeOf(verifyRequest(options(dupInput)))).toBe("MALFORMED_SIGNATURE");
    const second = h["signature-input"]!.replace(/^sig1=/, "sig2=");
    const two = {
      ...h,
      "signature-input": `${h["signature-input"]}, ${second}`,
      signature: `${h.signature}, ${h.signature!.replace(/^sig1=/, "sig2=")}`,
    };
    expect(await codeOf(verifyRequest(options(two)))).toBe("MALFORMED_SIGNATURE");
    const short = { ...h, signature: `sig1=:${Buffer.alloc(63).toString("base64")}:` };
    expect(await codeOf(verifyRequest(options(short)))).toBe("MALFORMED_SIGNATURE");
    const missingLabel = { ...h, signature: h.signature!.replace(/^sig1=/, "sig9=") };
    expect(await codeOf(verifyRequest(options(missingLabel)))).toBe("MALFORMED_SIGNATURE");
    // Two field lines of one header in a record are combined, and a duplicate label is still caught.
    const twoLines = { ...h, "Signature-Input": h["signature-input"]! };
    expect(await codeOf(verifyRequest(options(twoLines)))).toBe("MALFORMED_SIGNATURE");
  });

  it("checks the digest, the clock and expiry", async () => {
    const { params, signed, options } = await setup();
    const h = signed(FULL + params());
    expect(await codeOf(verifyRequest(options(h, { body: utf8("{}") })))).toBe("DIGEST_MISMATCH");
    const sha512Only = signed(FULL + params(), {
      "content-digest": `sha-512=:${createHash("sha512").update(body).digest("base64")}:`,
    });
    expect(await codeOf(verifyRequest(options(sha512Only)))).toBe("MALFORMED_SIGNATURE");
    expect(
      await codeOf(verifyRequest(options(h, { now: new Date(now.getTime() + 61_000), maxSkewSeconds: 60 }))),
    ).toBe("CLOCK_SKEW");
    const expiring = signed(FULL + params(`;expires=${created + 30}`));
    expect(await codeOf(verifyRequest(options(expiring, { now: new Date(now.getTime() + 29_000) })))).toBe(
      "OK",
    );
    expect(await codeOf(verifyRequest(options(expiring, { now: new Date(now.getTime() + 30_000) })))).toBe(
      "SIGNATURE_EXPIRED",
    );
  });

  it("treats an unknown key exactly like a bad signature", async () => {
    const { params, signed, options } = await setup();
    const h = signed(FULL + params());
    const unknown = await verifyRequest(options(h, { resolveKey: () => null })).catch(
      (e: RequestSignatureError) => e,
    );
    const bad = await verifyRequest(
      options({ ...h, signature: `sig1=:${Buffer.alloc(64, 1).toString("base64")}:` }),
    ).catch((e: RequestSignatureError) => e);
    expect(unknown).toBeInstanceOf(RequestSignatureError);
    expect(bad).toBeInstanceOf(RequestSignatureError);
    expect([(unknown as RequestSignatureError).code, (unknown as Error).message]).toEqual([
      (bad as RequestSignatureError).code,
      (bad as Error).message,
    ]);
  });

  it("refuses header values that would forge signature base lines", async () => {
    const { params, signed, options } = await setup();
    const input = `("@method" "@path" "@query" "content-digest" "x-note")${params()}`;
    const h = signed(input, { "content-digest": digest, "x-note": "ok" });
    expect(await codeOf(verifyRequest(options(h)))).toBe("OK");
    expect(await codeOf(verifyRequest(options({ ...h, "x-note": 'ok\n"@path": /admin' })))).toBe(
      "MALFORMED_SIGNATURE",
    );
  });
});
