import { describe, expect, it } from "vitest";
import {
  fromBase64,
  fromBase64Url,
  portableDecode,
  portableEncode,
  toBase64,
  toBase64Url,
} from "./encoding.js";

describe("strict base64 decoding", () => {
  it("round-trips every length", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 97 + 13) & 0xff);
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });

  it("rejects padding, foreign alphabets, impossible lengths and stray bits in base64url", () => {
    expect(fromBase64Url("AQ==")).toBeNull();
    expect(fromBase64Url("A+8")).toBeNull();
    expect(fromBase64Url("A/8")).toBeNull();
    expect(fromBase64Url("AQA A")).toBeNull();
    expect(fromBase64Url("AQAAA")).toBeNull();
    expect(fromBase64Url("AR")).toBeNull(); // "AQ" is the canonical form of 0x01
    expect(fromBase64Url("AQ")).toEqual(new Uint8Array([1]));
  });

  it("accepts unpadded base64 (RFC 8941 §4.2.7) but nothing malformed", () => {
    expect(fromBase64("AQ")).toEqual(new Uint8Array([1]));
    expect(fromBase64("AQ==")).toEqual(new Uint8Array([1]));
    expect(fromBase64("AQ=")).toBeNull();
    expect(fromBase64("A-8=")).toBeNull();
    expect(fromBase64("AR==")).toBeNull();
    expect(fromBase64("=AQ=")).toBeNull();
  });
});

describe("portable base64 (browsers without Buffer)", () => {
  it("matches Buffer for every length", () => {
    for (let n = 0; n < 70; n++) {
      const bytes = new Uint8Array(n).map((_, i) => (i * 151 + n) & 0xff);
      const b64 = Buffer.from(bytes).toString("base64");
      expect(portableEncode(bytes)).toBe(b64);
      expect(portableDecode(b64)).toEqual(bytes);
    }
  });
});
