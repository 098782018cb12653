import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { AuditError } from "./errors";
import { type SecretPolicy, guardAndEncode, redactSecrets } from "./redact";

type Outcome = { ok: true; json: string; order: string } | { ok: false; err: unknown };

/** The reference: the general guard, then canonical JSON of its copy (what append did before). */
function reference(data: Record<string, unknown>, policy: SecretPolicy): Outcome {
  try {
    const copy = redactSecrets(data, policy);
    return { ok: true, json: canonicalJson(copy), order: snapshot(copy) };
  } catch (err) {
    return { ok: false, err };
  }
}

function oneWay(data: Record<string, unknown>, policy: SecretPolicy): Outcome {
  try {
    const g = guardAndEncode(data, policy);
    return { ok: true, json: g.json, order: snapshot(g.value) };
  } catch (err) {
    return { ok: false, err };
  }
}

/** The copy with its members in insertion order and -0 told apart from 0 (toEqual ignores both). */
function snapshot(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (Object.is(v, -0) ? "<-0>" : v)) ?? "<undefined>";
}

function errorOf(err: unknown): unknown {
  return err instanceof AuditError
    ? { name: err.name, code: err.code, message: err.message, field: err.field }
    : err;
}

function expectSame(data: Record<string, unknown>) {
  for (const policy of ["redact", "reject"] as const) {
    const want = reference(data, policy);
    const got = oneWay(data, policy);
    if (want.ok) expect(got).toEqual(want);
    else {
      expect(got.ok).toBe(false);
      expect(errorOf((got as { err: unknown }).err)).toEqual(errorOf(want.err));
    }
  }
}

const JWS = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln";

/** Hostile leaves: every JSON corner the encoder must write (or refuse) exactly like the general path. */
const ATOMS: unknown[] = [
  "",
  "plain",
  "é😀\u2028\u2029\u0080\u00ff\uffff",
  "\ud800",
  "a\udc00b",
  "\ud83d",
  '"quoted"',
  "back\\slash",
  "\u0000\u0001\u001f\t\n\r\b\f\u007f",
  "</script>",
  JWS,
  "eyJ-not-a-jws",
  "eyJa.b",
  "Bearer abc",
  "BEARER abc",
  "bearer",
  "basic\tx",
  "bob",
  "-----BEGIN PRIVATE KEY-----\nMC4",
  "x -----begin ec private key----- y",
  "-----BEGIN PUBLIC KEY-----",
  0,
  -0,
  1,
  -1.5,
  1e21,
  1e-7,
  2 ** 53,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  333333333.3333333,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  true,
  false,
  null,
  undefined,
  10n,
  () => 1,
  Symbol("s"),
  new Date(0),
  { toJSON: () => ({ api_key: "k", at: "now", z: -0 }) },
  { toJSON: () => JWS },
  { toJSON: () => undefined },
  { toJSON: () => Number.NaN },
  { toJSON: () => [1, "two"] },
  [],
  {},
  [1, [2, [3, []]], { a: [null] }],
  [1, undefined],
  // biome-ignore lint/suspicious/noSparseArray: a hole must be refused like undefined
  [1, , 3],
  Object.create(null),
  Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
  Object.assign(Object.create({ kty: "OKP" }), { d: "priv", x: "pub" }),
  new Map([["a", 1]]),
  new (class Point {
    x = 1;
    y = -0;
  })(),
];

const KEYS = [
  "a",
  "b",
  "10",
  "9",
  "1",
  "",
  "é",
  "😀",
  "\ufb33",
  "\r",
  "\ud800",
  "api_key",
  "x-api-key",
  "password",
  "password_hash",
  "token_jti",
  "max_tokens",
  "kty",
  "d",
  "k",
  "q",
  "toJSON",
  "__proto__",
  "constructor",
];

/** A small deterministic PRNG so a failure can be reproduced from its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomValue(r: () => number, depth: number): unknown {
  const roll = r();
  if (depth > 3 || roll < 0.55) return ATOMS[Math.floor(r() * ATOMS.length)];
  if (roll < 0.75) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
  return randomObject(r, depth + 1);
}

function randomObject(r: () => number, depth: number): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const key = KEYS[Math.floor(r() * KEYS.length)]!;
    // defineProperty, so "__proto__" becomes an own member as JSON.parse would make it.
    Object.defineProperty(obj, key, {
      value: randomValue(r, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return obj;
}

describe("guardAndEncode (one pass) is exactly redactSecrets + canonicalJson", () => {
  it("on the server's authorization.decision data", () => {
    const data = {
      decision_id: "dec_1",
      action_id: "act_1",
      action_hash: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",
      reason_code: "ALLOWED_BY_RULE",
      matched_rule: null,
      policy_version: "pv_1",
      kid: "k1",
      approval_id: "apr_1",
      proof_jti: "prf_1",
      chain: [
        { jti: "prf_0", iss: "https://issuer.example" },
        { jti: "prf_00", iss: "https://b.example" },
      ],
    };
    expect(guardAndEncode(data, "redact").json).toBe(canonicalJson(data));
    expectSame(data);
  });

  it("on every hostile leaf, as a member and inside an array", () => {
    for (const atom of ATOMS) {
      expectSame({ v: atom });
      expectSame({ list: [atom, "after"] });
      expectSame({ password: atom, nested: { token: atom } });
    }
  });

  it("on member names needing escapes, sorting by UTF-16 units, and secret-looking names", () => {
    const data: Record<string, unknown> = {};
    for (const key of KEYS) if (key !== "__proto__" && key !== "\ud800") data[key] = `v-${key}`;
    expectSame(data);
    expectSame({ "\ud800": 1 });
    expectSame({ "\ud800": undefined, ok: 1 });
    expectSame({ 'q"k\\\u0001': 1, "\u0080": 2, "\u00f6": 3, "\u20ac": 4 });
  });

  it("on own __proto__ members, private and public JWKs, null secrets and undefined members", () => {
    expectSame(JSON.parse('{"__proto__": {"toJSON": 1, "a": 1}, "b": 2}'));
    expectSame(JSON.parse('{"__proto__": 5, "b": 2}'));
    expectSame({ key: { kty: "OKP", crv: "Ed25519", x: "pub", d: "priv" } });
    expectSame({ key: { kty: "oct", k: "c2VjcmV0" }, pub: { kty: "OKP", x: "pub" } });
    expectSame({ key: { kty: "RSA", n: "n", e: "AQAB", d: null, p: "p", q: "q", dp: "1", oth: [] } });
    expectSame({ key: { kty: 5, d: "not a jwk: kty is not a string" } });
    expectSame({ password: null, token: undefined, api_key: () => 1, secret: 1n, ok: undefined });
  });

  it("on arrays that are not plain lists", () => {
    class List extends Array<unknown> {}
    const withToJSON = Object.assign([1, 2], { toJSON: () => "replaced" });
    const lying = new Proxy([1, 2, 3], { has: (t, p) => p !== "1" && Reflect.has(t, p) });
    const ctor = Object.assign([1], { constructor: Object });
    for (const arr of [List.from([1, 2]), withToJSON, lying, ctor]) expectSame({ arr });
  });

  it("on nesting around the depth limits", () => {
    for (const levels of [1, 58, 59, 60, 61, 62, 63, 64, 65, 66, 70]) {
      let obj: unknown = "leaf";
      let arr: unknown = "leaf";
      for (let i = 0; i < levels; i++) {
        obj = { n: obj };
        arr = [arr];
      }
      expectSame({ obj });
      expectSame({ arr });
      let hops: unknown = "leaf";
      for (let i = 0; i < levels; i++) {
        const inner = hops;
        hops = { toJSON: () => ({ n: inner }) };
      }
      expectSame({ hops });
    }
  });

  it("calls each toJSON and getter once, in the general path's order", () => {
    for (const policy of ["redact", "reject"] as const) {
      const calls: string[] = [];
      const data = {
        get b() {
          calls.push("b");
          return {
            toJSON: () => {
              calls.push("b.toJSON");
              return { y: 1 };
            },
          };
        },
        get a() {
          calls.push("a");
          const item = {
            toJSON: () => {
              calls.push("a.toJSON");
              return "x";
            },
          };
          return [1, item];
        },
      };
      guardAndEncode(data, policy);
      const fast = calls.splice(0);
      redactSecrets(data, policy);
      expect(fast).toEqual(calls);
    }
  });

  it("throws the general path's first error in reject mode (walk order, not sorted order)", () => {
    const data = { z: { password: "p" }, a: { token: "t" }, m: JWS };
    expect(() => guardAndEncode(data, "reject")).toThrowError(
      expect.objectContaining({ code: "SECRET_IN_EVENT", field: "data.z.password" }),
    );
    expectSame(data);
  });

  it("on 3000 random nested values built from the hostile leaves and names", () => {
    const r = rng(20261126);
    for (let i = 0; i < 3000; i++) expectSame(randomObject(r, 0));
  });

  it("does not modify its input", () => {
    const data = { token: "t", n: -0, nested: { api_key: "k" }, list: [JWS] };
    guardAndEncode(data, "redact");
    expect(data).toEqual({ token: "t", n: -0, nested: { api_key: "k" }, list: [JWS] });
    expect(Object.is(data.n, -0)).toBe(true);
  });
});
