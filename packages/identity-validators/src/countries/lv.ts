/** Latvia: personas kods, reģistrācijas numurs (company) and PVN (VAT) number. */
import { weightedSum } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import type { ValidateOptions } from "../core/types.js";

/** Personal code check digit: (1101 - Σ digit × weight) mod 11, written mod 10. */
function personalCheck(c: string): CheckOutcome {
  const sum = weightedSum(c, [1, 6, 3, 7, 9, 10, 5, 8, 4, 2]);
  const check = ((((1101 - sum) % 11) + 11) % 11) % 10;
  return String(check) === c.charAt(10) ? null : "bad_check_digit";
}

/**
 * Old codes: DDMMYY, century digit (0 = 1800s, 1 = 1900s, 2 = 2000s), serial, check digit.
 * Codes issued since 1 July 2017 start with "32" and carry no birth date.
 */
function checkPersonasKods(c: string, options: ValidateOptions): CheckOutcome {
  if (!c.startsWith("32")) {
    const century = c.charCodeAt(6) - 48;
    if (century > 2) return { code: "bad_component", message: "century digit must be 0, 1 or 2" };
    const year = 1800 + century * 100 + num(c, 4, 6);
    const dateError = checkDate(year, num(c, 2, 4), num(c, 0, 2), options.now);
    if (dateError) return dateError;
  }
  return personalCheck(c);
}

/** Latvian personal code: DDMMYY-CNNNN, or 32NNNN-NNNNN without a birth date since 2017. */
export const personasKods = /* @__PURE__ */ defineType({
  id: "lv.pk",
  country: "LV",
  kind: "personal",
  category: "national_id",
  name: "Latvian personal code",
  localName: "Personas kods",
  example: "161175-19997",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  pattern: /^[0-3]/,
  check: checkPersonasKods,
  display: (n) => `${n.slice(0, 6)}-${n.slice(6)}`,
});

/** Legal entity code: Σ digit × (9,1,4,8,3,10,2,5,7,6,1) ≡ 3 (mod 11). */
function checkLegal(c: string): CheckOutcome {
  return weightedSum(c, [9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1]) % 11 === 3 ? null : "bad_check_digit";
}

/** Latvian registration number of a legal entity (11 digits starting with 4-9). */
export const ur = /* @__PURE__ */ defineType({
  id: "lv.ur",
  country: "LV",
  kind: "company",
  category: "company_register",
  name: "Latvian company registration number",
  localName: "Reģistrācijas numurs",
  example: "40003521600",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [11],
  pattern: /^[4-9]/,
  check: checkLegal,
});

/**
 * Latvian VAT number: LV + a legal entity's registration number (first digit 4-9) or a
 * person's code, including the post-2017 "32" codes without a birth date.
 */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("LV", "LV", {
    name: "Latvian VAT number",
    localName: "PVN reģistrācijas numurs",
    example: "LV40003521600",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [11],
    check: (c, options) => (c.charCodeAt(0) > 51 ? checkLegal(c) : checkPersonasKods(c, options)),
  }),
);

/** Every Latvian identifier type. */
export const types = [personasKods, ur, vat] as const;
