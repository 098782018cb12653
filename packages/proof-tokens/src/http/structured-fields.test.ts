import { describe, expect, it } from "vitest";
import {
  Decimal,
  type InnerList,
  type Item,
  parseDictionary,
  serializeInnerList,
  StructuredFieldError,
  Token,
} from "./structured-fields.js";

const item = (text: string) => parseDictionary(`k=${text}`).get("k") as Item;

describe("RFC 8941 dictionary parsing", () => {
  it("parses every bare item type", () => {
    expect(item("42").value).toBe(42);
    expect(item("-999999999999999").value).toBe(-999999999999999);
    expect(item("1.5").value).toEqual(new Decimal(1.5));
    expect(item("-123456789012.123").value).toEqual(new Decimal(-123456789012.123));
    expect(item('"a \\"q\\" \\\\ b"').value).toBe('a "q" \\ b');
    expect(item('""').value).toBe("");
    expect(item("tok/en:1*").value).toEqual(new Token("tok/en:1*"));
    expect(item("?1").value).toBe(true);
    expect(item("?0").value).toBe(false);
    expect(item(":AQID:").value).toEqual(new Uint8Array([1, 2, 3]));
    expect(parseDictionary("flag").get("flag")).toEqual({ value: true, params: new Map() });
  });

  it("parses inner lists with parameters and reserializes them canonically", () => {
    const text = 'sig1=(  "@method"   "@path";req "x" );created=1;nonce="n";alg="ed25519";flag, other=1';
    const dict = parseDictionary(text);
    expect([...dict.keys()]).toEqual(["sig1", "other"]);
    const list = dict.get("sig1") as InnerList;
    expect(list.items.map((i) => i.value)).toEqual(["@method", "@path", "x"]);
    expect(serializeInnerList(list)).toBe(
      '("@method" "@path";req "x");created=1;nonce="n";alg="ed25519";flag',
    );
  });

  const invalid = [
    ["integer of 16 digits", "k=1234567890123456"],
    ["decimal with 4 fraction digits", "k=1.2345"],
    ["decimal with 13 integer digits", "k=1234567890123.1"],
    ["trailing dot", "k=1."],
    ["lone minus", "k=-"],
    ["bad escape", 'k="a\\n"'],
    ["non-ASCII in string", 'k="é"'],
    ["control in string", 'k="a\tb"'],
    ["unterminated string", 'k="abc'],
    ["bad boolean", "k=?2"],
    ["bad base64", "k=:A-B=:"],
    ["stray base64 bits", "k=:AR==:"],
    ["unterminated bytes", "k=:AQID"],
    ["uppercase key", "K=1"],
    ["duplicate key", "a=1, a=2"],
    ["duplicate parameter", "a=1;x;x"],
    ["trailing comma", "a=1,"],
    ["missing comma", "a=1 b=2"],
    ["inner list without separator", 'a=("x""y")'],
    ["unterminated inner list", 'a=("x"'],
    ["empty", "   "],
    ["date item (RFC 9651, not 8941)", "a=@1659578233"],
  ];
  it.each(invalid)("rejects %s", (_name, text) => {
    expect(() => parseDictionary(text!)).toThrow(StructuredFieldError);
  });
});
