/** International schemes: LEI (ISO 17442), D-U-N-S, GLN (GS1) and ISIN (ISO 6166). */
import { gs1Valid, luhnValid, mod97 } from "../core/checksums.js";
import { defineType } from "../core/define.js";
import { ALNUM, DIGIT, group } from "../core/specs.js";

/** Legal Entity Identifier: 18 characters and 2 check digits, ISO 7064 MOD 97-10 (ISO 17442 §6). */
export const lei = /* @__PURE__ */ defineType({
  id: "intl.lei",
  country: "INTL",
  kind: "company",
  category: "entity",
  name: "Legal Entity Identifier",
  localName: "LEI (ISO 17442)",
  example: "5493001KJTIIGC8Y1R12",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [20],
  pattern: /^[A-Z0-9]{18}\d{2}$/,
  check: (c) => (mod97(c) === 1 ? null : "bad_check_digit"),
});

/** Dun & Bradstreet D-U-N-S number: 9 digits. D&B publishes no check digit; format only. */
export const duns = /* @__PURE__ */ defineType({
  id: "intl.duns",
  country: "INTL",
  kind: "company",
  category: "entity",
  name: "D-U-N-S number",
  localName: "Data Universal Numbering System (D-U-N-S)",
  example: "15-048-3782",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [9],
  display: (n) => `${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`,
});

/** GS1 Global Location Number: 13 digits, GS1 mod-10 check digit (GS1 General Specifications §7.9). */
export const gln = /* @__PURE__ */ defineType({
  id: "intl.gln",
  country: "INTL",
  kind: "company",
  category: "location",
  name: "Global Location Number",
  localName: "GLN (GS1)",
  example: "4000001000005",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [13],
  check: (c) => (gs1Valid(c) ? null : "bad_check_digit"),
});

/** ISIN check: letters expand to two digits (A=10 ... Z=35), then Luhn over the digit string. */
function isinValid(c: string): boolean {
  let digits = "";
  for (const ch of c) {
    const code = ch.charCodeAt(0);
    digits += code >= 65 ? String(code - 55) : ch;
  }
  return luhnValid(digits);
}

/** International Securities Identification Number: country prefix, 9 characters, check digit. */
export const isin = /* @__PURE__ */ defineType({
  id: "intl.isin",
  country: "INTL",
  kind: "company",
  category: "security",
  name: "International Securities Identification Number",
  localName: "ISIN (ISO 6166)",
  example: "US0378331005",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [12],
  pattern: /^[A-Z]{2}[A-Z0-9]{9}\d$/,
  check: (c) => (isinValid(c) ? null : "bad_check_digit"),
  display: (n) => group(n, [2, 11]),
});

/** Every international identifier type. */
export const types = [lei, duns, gln, isin] as const;
