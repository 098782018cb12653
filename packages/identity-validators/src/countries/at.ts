/** Austria: Sozialversicherungsnummer, Firmenbuchnummer, UID (VAT) and Abgabenkontonummer. */
import * as stdTin from "stdnum/lib/cjs/at/tin.js";
import * as stdUid from "stdnum/lib/cjs/at/uid.js";
import { weightedSum } from "../core/checksums.js";
import { defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/**
 * Austrian social insurance number (10 digits, check digit at position 4). The date part may
 * be a substitute date for people whose birth date is unknown, so only the check digit and the
 * leading serial are verified.
 */
export const vnr = /* @__PURE__ */ defineType({
  id: "at.vnr",
  country: "AT",
  kind: "personal",
  category: "national_id",
  name: "Austrian social insurance number",
  localName: "Sozialversicherungsnummer",
  example: "1237 010180",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [10],
  check(c) {
    if (c.startsWith("0")) return "bad_component";
    const check = weightedSum(c, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11;
    return String(check) === c.charAt(3) ? null : "bad_check_digit";
  },
  display: (n) => `${n.slice(0, 4)} ${n.slice(4)}`,
});

/**
 * Austrian company register number: up to 6 digits and a check letter. The letter's algorithm
 * is not officially published, so only the shape and the letter alphabet are verified.
 */
export const fn = /* @__PURE__ */ defineType({
  id: "at.fn",
  country: "AT",
  kind: "company",
  category: "company_register",
  name: "Austrian company register number",
  localName: "Firmenbuchnummer",
  example: "FN 150913 f",
  hasCheckDigit: false,
  prefixes: ["FN"],
  charset: ALNUM,
  lengths: [2, 3, 4, 5, 6, 7],
  pattern: /^[1-9]\d{0,5}[ABDFGHIKMPSTVWXYZ]$/,
  normalize: (c) => c.slice(0, -1) + c.slice(-1).toLowerCase(),
  display: (n) => `FN ${n.slice(0, -1)} ${n.slice(-1)}`,
});

/** Austrian VAT number: ATU + 8 digits with check digit. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("AT", "AT", {
    name: "Austrian VAT number",
    localName: "Umsatzsteuer-Identifikationsnummer (UID)",
    example: "ATU13585627",
    hasCheckDigit: true,
    source: "stdnum",
    charset: ALNUM,
    lengths: [9],
    pattern: /^U\d{8}$/,
    check: /* @__PURE__ */ stdnumCheck(stdUid),
  }),
);

/** Austrian tax number: 2-digit tax office, 6-digit serial, check digit. */
export const tin = /* @__PURE__ */ defineType({
  id: "at.tin",
  country: "AT",
  kind: "personal",
  category: "tax_id",
  name: "Austrian tax number",
  localName: "Abgabenkontonummer",
  example: "59-119/9013",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [9],
  check: /* @__PURE__ */ stdnumCheck(stdTin),
  display: (n) => `${n.slice(0, 2)}-${n.slice(2, 5)}/${n.slice(5)}`,
});

/** Every Austrian identifier type. */
export const types = [vnr, fn, vat, tin] as const;
