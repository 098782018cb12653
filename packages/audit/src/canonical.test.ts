import { describe, expect, it } from "vitest";
import { canonicalJson, quote } from "./canonical";
import { AuditError } from "./errors";

describe("canonicalJson (RFC 8785)", () => {
  it("sorts members by UTF-16 code units and drops whitespace", () => {
    // RFC 8785 §3.2.3 example ordering: "\u20ac" (€) sorts after "\r" and "1", "\ud83d\ude00" before "\ufb33".
    const value = {
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew",
      "1": "One",
      "\ud83d\ude00": "Emoji",
      "\u0080": "Control",
      "\u00f6": "Latin",
    };
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji","\ufb33":"Hebrew"}',
    );
  });

  it("formats numbers like ECMAScript (RFC 8785 §3.2.2.3)", () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.000001, 333333333.3333333, 4.5, 2 ** 53])).toBe(
      "[1e+21,1e-7,0,0.000001,333333333.3333333,4.5,9007199254740992]",
    );
  });

  it("escapes only what JSON requires", () => {
    expect(canonicalJson({ s: '\u0000\b"\\/\u001f\u007f' })).toBe('{"s":"\\u0000\\b\\"\\\\/\\u001f\u007f"}');
  });

  it("quotes every string exactly as JSON.stringify does", () => {
    const samples = [
      "",
      "plain",
      'q"',
      "b\\s",
      "\u0000",
      "\u001f",
      "\u007f",
      "\u2028\u2029",
      "é😀",
      "\t\n\r\b\f",
      "</script>",
    ];
    for (let c = 0; c < 0x80; c++) samples.push(`x${String.fromCharCode(c)}y`);
    for (const sample of samples) expect(quote(sample)).toBe(JSON.stringify(sample));
  });

  it("matches a sorted-keys JSON.stringify reference on nested values", () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
            )
          : v;
    const value = {
      zeta: [1, 2.5, -3e-7, { y: 'q"', x: null }],
      alpha: { "b-key": true, a_key: "\u2028" },
      mid: "tab\t",
    };
    expect(canonicalJson(value)).toBe(JSON.stringify(sortDeep(value)));
  });

  it("omits undefined members and honours toJSON", () => {
    expect(canonicalJson({ a: undefined, d: new Date(0) })).toBe('{"d":"1970-01-01T00:00:00.000Z"}');
  });

  it.each([
    [{ n: Number.NaN }, "n"],
    [{ n: Number.POSITIVE_INFINITY }, "n"],
    [{ b: 1n }, "b"],
    [{ s: "\ud800" }, "s"],
    [{ a: [1, undefined] }, "a[1]"],
    [{ f: () => 1 }, "f"],
  ])("refuses non-JSON %#", (value, field) => {
    try {
      canonicalJson(value);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).code).toBe("INVALID_EVENT");
      expect((err as AuditError).field).toBe(field);
    }
  });
});
