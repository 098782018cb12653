import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import referenceCanonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { CanonicalizationError } from "../errors.js";
import { canonicalize, isWellFormedPortable, MAX_CANONICAL_DEPTH } from "./canonicalize.js";

function fromIeee754(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("canonicalize: RFC 8785 published examples", () => {
  // RFC 8785 Appendix B: IEEE 754 bit patterns and their required serialization.
  const numbers: Array<[string, string]> = [
    ["0000000000000000", "0"],
    ["8000000000000000", "0"],
    ["0000000000000001", "5e-324"],
    ["8000000000000001", "-5e-324"],
    ["7fefffffffffffff", "1.7976931348623157e+308"],
    ["ffefffffffffffff", "-1.7976931348623157e+308"],
    ["4340000000000000", "9007199254740992"],
    ["c340000000000000", "-9007199254740992"],
    ["4430000000000000", "295147905179352830000"],
    ["44b52d02c7e14af5", "9.999999999999997e+22"],
    ["44b52d02c7e14af6", "1e+23"],
    ["44b52d02c7e14af7", "1.0000000000000001e+23"],
    ["444b1ae4d6e2ef4e", "999999999999999700000"],
    ["444b1ae4d6e2ef4f", "999999999999999900000"],
    ["444b1ae4d6e2ef50", "1e+21"],
    ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
    ["3eb0c6f7a0b5ed8d", "0.000001"],
    ["41b3de4355555553", "333333333.3333332"],
    ["41b3de4355555554", "333333333.33333325"],
    ["41b3de4355555555", "333333333.3333333"],
    ["41b3de4355555556", "333333333.3333334"],
    ["41b3de4355555557", "333333333.33333343"],
    ["becbf647612f3696", "-0.0000033333333333333333"],
    ["43143ff3c1cb0959", "1424953923781206.2"],
  ];
  it.each(numbers)("serializes IEEE 754 %s as %s", (hex, expected) => {
    expect(canonicalize(fromIeee754(hex))).toBe(expected);
  });

  it.each(["7fffffffffffffff", "7ff0000000000000", "fff0000000000000"])("rejects non-finite %s", (hex) => {
    expect(() => canonicalize(fromIeee754(hex))).toThrow(CanonicalizationError);
  });

  it("reproduces the §3.2.4 example", () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts members by UTF-16 code units (§3.2.3)", () => {
    const input = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis",
    };
    const keys = Object.keys(JSON.parse(canonicalize(input)));
    // JSON.parse re-orders integer-like keys; compare the serialized order instead.
    const order = [...canonicalize(input).matchAll(/"([^"]*)":"[^"]*"/g)].map((m) => m[1]);
    expect(order).toEqual(["\\r", "1", "\u0080", "\u00f6", "\u20ac", "\ud83d\ude00", "\ufb33"]);
    expect(keys).toHaveLength(7);
  });

  // The RFC author's published input/output pairs, shipped in the reference package's test data.
  const require = createRequire(import.meta.url);
  const dataDir = join(dirname(require.resolve("canonicalize/package.json")), "test", "testdata");
  it.each(readdirSync(join(dataDir, "input")))("matches the published test data %s", (file) => {
    const input = JSON.parse(readFileSync(join(dataDir, "input", file), "utf8"));
    const expected = readFileSync(join(dataDir, "output", file), "utf8").replace(/\n$/, "");
    expect(canonicalize(input)).toBe(expected);
  });
});

function sparse(): unknown[] {
  const holes = [1];
  holes[2] = 3;
  return holes;
}

describe("canonicalize: details", () => {
  it("escapes control characters in lowercase hex and keeps other characters literal", () => {
    expect(canonicalize('\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u00e9\u2028')).toBe(
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \\"\\\\/\u007f\u00e9\u2028"',
    );
  });

  it("normalizes -0, exponents and integers like ECMAScript Number::toString", () => {
    expect(canonicalize([-0, 1e21, 1e20, 1e-7, 1e-6, 0.1 + 0.2, 100, 5e-324])).toBe(
      "[0,1e+21,100000000000000000000,1e-7,0.000001,0.30000000000000004,100,5e-324]",
    );
  });

  it("keeps surrogate pairs and orders keys by code unit, not code point", () => {
    // U+FB33 (one unit 0xFB33) sorts after U+1F600 (units 0xD83D 0xDE00) by UTF-16 code units.
    expect(canonicalize({ "\ufb33": 1, "\ud83d\ude00": 2, a: 3 })).toBe(
      '{"a":3,"\ud83d\ude00":2,"\ufb33":1}',
    );
  });

  const rejected: Array<[string, unknown, string]> = [
    ["NaN", { a: Number.NaN }, "/a"],
    ["Infinity", [1, Number.POSITIVE_INFINITY], "/1"],
    ["undefined member", { a: { b: undefined } }, "/a/b"],
    ["undefined", undefined, "/"],
    ["function", { f: () => 1 }, "/f"],
    ["symbol", [Symbol("s")], "/0"],
    ["bigint", { n: 1n }, "/n"],
    ["Date", { d: new Date(0) }, "/d"],
    ["Map", new Map(), "/"],
    ["lone high surrogate", { s: "a\ud800" }, "/s"],
    ["lone low surrogate", ["\udc00b"], "/0"],
    ["lone surrogate in a key", { "k\ud800": 1 }, "/k\ud800"],
    ["sparse array hole", sparse(), "/1"],
    ["key needing pointer escapes", { "a/b~": Number.NaN }, "/a~1b~0"],
  ];
  it.each(rejected)("rejects %s with a typed error naming the path", (_name, value, path) => {
    try {
      canonicalize(value);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CanonicalizationError);
      expect((e as CanonicalizationError).code).toBe("INVALID_JSON_VALUE");
      expect((e as CanonicalizationError).path).toBe(path === "/" ? "" : path);
    }
  });

  it("rejects cycles and excessive nesting", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = { back: cyclic };
    expect(() => canonicalize(cyclic)).toThrow(expect.objectContaining({ code: "CYCLIC_VALUE" }));
    let deep: unknown = 1;
    for (let i = 0; i < MAX_CANONICAL_DEPTH + 1; i++) deep = [deep];
    expect(() => canonicalize(deep)).toThrow(expect.objectContaining({ code: "NESTING_TOO_DEEP" }));
    // A value shared twice without a cycle is fine.
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

// A small deterministic PRNG (mulberry32) so a failure is reproducible from the seed.
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generator(random: () => number) {
  const alphabet = [
    "a",
    "b",
    "Z",
    "1",
    "_",
    "é",
    "ö",
    "€",
    "\u0000",
    "\u001f",
    '"',
    "\\",
    "\ufb33",
    "\ud83d\ude00",
    "\r",
    "\u2028",
  ];
  const str = () => {
    let s = "";
    const n = Math.floor(random() * 6);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(random() * alphabet.length)];
    return s;
  };
  const num = () => {
    const kind = Math.floor(random() * 4);
    if (kind === 0) return Math.floor(random() * 2e6) - 1e6;
    if (kind === 1) return (random() - 0.5) * 10 ** Math.floor(random() * 60 - 30);
    if (kind === 2) return Math.round(random() * 1e4) / 100;
    const view = new DataView(new ArrayBuffer(8));
    view.setUint32(0, Math.floor(random() * 2 ** 32));
    view.setUint32(4, Math.floor(random() * 2 ** 32));
    const v = view.getFloat64(0);
    return Number.isFinite(v) ? v : 0;
  };
  const value = (depth: number): unknown => {
    const kind = Math.floor(random() * (depth > 3 ? 4 : 6));
    if (kind === 0) return str();
    if (kind === 1) return num();
    if (kind === 2) return [null, true, false][Math.floor(random() * 3)];
    if (kind === 3) return -0;
    if (kind === 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(random() * 5); i > 0; i--) o[str()] = value(depth + 1);
    return o;
  };
  return value;
}

describe("canonicalize: differential test against the RFC author's implementation", () => {
  it("agrees on 3000 generated values", () => {
    const value = generator(prng(8785));
    for (let i = 0; i < 3000; i++) {
      const v = value(0);
      expect(canonicalize(v)).toBe(referenceCanonicalize(v));
    }
  });
});

describe("lone surrogate detection without String.prototype.isWellFormed", () => {
  it("agrees with the native check", () => {
    const samples = [
      "",
      "abc",
      "\ud83d\ude00",
      "\ud83d",
      "\ude00",
      "a\ud83dz",
      "\ude00\ud83d",
      "\ud83d\ud83d\ude00",
      "é€",
    ];
    for (const s of samples) {
      expect(isWellFormedPortable(s)).toBe((s as string & { isWellFormed(): boolean }).isWellFormed());
    }
  });
});

describe("short-string scan and small-object sort against the native checks", () => {
  // Strings up to 64 code units are scanned in JS, longer ones checked natively: both sides of that
  // boundary, with every kind of character that matters, must give JSON.stringify's text or the
  // lone-surrogate error exactly as the native isWellFormed decides.
  const parts = [
    "a",
    '"',
    "\\",
    "\u0000",
    "\u001f",
    "\u007f",
    "\u2028",
    "é",
    "\ud83d\ude00",
    "\ud83d",
    "\ude00",
  ];
  it("escapes and rejects exactly like isWellFormed + JSON.stringify", () => {
    const random = prng(64);
    for (let n = 0; n < 4000; n++) {
      const length = [0, 1, 2, 62, 63, 64, 65, 66, 130][n % 9]!;
      let s = "";
      while (s.length < length) s += parts[Math.floor(random() * parts.length)]!;
      s = s.slice(0, length);
      const wellFormed = (s as string & { isWellFormed(): boolean }).isWellFormed();
      if (wellFormed) {
        expect(canonicalize(s)).toBe(JSON.stringify(s));
        expect(canonicalize({ [s]: s })).toBe(`{${JSON.stringify(s)}:${JSON.stringify(s)}}`);
      } else {
        expect(() => canonicalize([s])).toThrow(CanonicalizationError);
      }
    }
  });

  it("orders the names of small and large objects like the comparator-less sort", () => {
    const random = prng(3);
    const names = ["", "a", "b", "aa", "A", "10", "9", "é", "\ud83d\ude00", "\uffff", "_", "a\u0000"];
    for (let n = 0; n < 500; n++) {
      const obj: Record<string, number> = {};
      const count = 1 + Math.floor(random() * 24);
      for (let i = 0; i < count; i++) obj[names[Math.floor(random() * names.length)]! + String(i % 3)] = i;
      const expected = `{${Object.keys(obj)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${obj[k]}`)
        .join(",")}}`;
      expect(canonicalize(obj)).toBe(expected);
    }
  });
});
