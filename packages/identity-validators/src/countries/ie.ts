/** Ireland: PPS number (personal), CRO number (company register), VAT number. */
import * as stdVat from "stdnum/lib/cjs/ie/vat.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

const ALPHABET = "WABCDEFGHIJKLMNOPQRSTUV";

/**
 * PPSN: 7 digits, check letter = (Σ digit × (8 - i) + 9 × value of the second letter) mod 23.
 * Only the 2013 second letters A, B and H enter the sum; older W/T/X suffixes do not.
 */
function checkPps(c: string): CheckOutcome {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (8 - i) * (c.charCodeAt(i) - 48);
  const second = c.charAt(8);
  if (second !== "" && "ABH".includes(second)) sum += 9 * ALPHABET.indexOf(second);
  return ALPHABET.charAt(sum % 23) === c.charAt(7) ? null : "bad_check_digit";
}

/** Irish personal public service number. */
export const pps = /* @__PURE__ */ defineType({
  id: "ie.pps",
  country: "IE",
  kind: "personal",
  category: "national_id",
  name: "Irish personal public service number",
  localName: "Personal Public Service Number (PPSN)",
  example: "1234567TW",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [8, 9],
  pattern: /^\d{7}[A-W][ABHWTX]?$/,
  check: checkPps,
});

/** Irish Companies Registration Office number: up to 6 digits. Format only. */
export const cro = /* @__PURE__ */ defineType({
  id: "ie.cro",
  country: "IE",
  kind: "company",
  category: "company_register",
  name: "Irish company registration number",
  localName: "CRO number",
  example: "316897",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [1, 2, 3, 4, 5, 6],
  pattern: /^[1-9]/,
});

/** Irish VAT number: IE + 7 digits and 1-2 letters (or the old 8-character form). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("IE", "IE", {
    name: "Irish VAT number",
    localName: "VAT registration number",
    example: "IE6433435F",
    hasCheckDigit: true,
    source: "stdnum",
    charset: /^[0-9A-Z+*]$/,
    lengths: [8, 9],
    check: /* @__PURE__ */ stdnumCheck(stdVat),
  }),
);

/** Every Irish identifier type. */
export const types = [pps, cro, vat] as const;
