/** Bulgaria: EGN (personal number), EIK/BULSTAT (company code) and VAT number. */
import { weightedSum } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import type { ValidateOptions } from "../core/types.js";

function checkEgn(c: string, options: ValidateOptions): CheckOutcome {
  let month = num(c, 2, 4);
  let year = 1900 + num(c, 0, 2);
  // Births in the 1800s add 20 to the month, births from 2000 on add 40.
  if (month > 40) {
    month -= 40;
    year += 100;
  } else if (month > 20) {
    month -= 20;
    year -= 100;
  }
  const dateError = checkDate(year, month, num(c, 4, 6), options.now);
  if (dateError) return dateError;
  const check = (weightedSum(c, [2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11) % 10;
  return String(check) === c.charAt(9) ? null : "bad_check_digit";
}

/** Bulgarian unified civil number: YYMMDD, region/serial, check digit. */
export const egn = /* @__PURE__ */ defineType({
  id: "bg.egn",
  country: "BG",
  kind: "personal",
  category: "national_id",
  name: "Bulgarian unified civil number",
  localName: "Единен граждански номер (ЕГН)",
  example: "7523169263",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [10],
  check: checkEgn,
});

/** EIK check digit: weights 1..8, falling back to 3..10, a remainder of 10 counting as 0. */
function eikDigit(digits: string, first: number[], second: number[]): number {
  const sum = weightedSum(digits, first) % 11;
  if (sum !== 10) return sum;
  return (weightedSum(digits, second) % 11) % 10;
}

function checkEik(c: string): CheckOutcome {
  const nine = eikDigit(c, [1, 2, 3, 4, 5, 6, 7, 8], [3, 4, 5, 6, 7, 8, 9, 10]);
  if (String(nine) !== c.charAt(8)) return "bad_check_digit";
  if (c.length === 9) return null;
  // 13-digit codes (branches) carry a second check digit over digits 9-12.
  const tail = c.slice(8, 12);
  const thirteen = eikDigit(tail, [2, 7, 3, 5], [4, 9, 5, 7]);
  return String(thirteen) === c.charAt(12) ? null : "bad_check_digit";
}

/** Bulgarian unified identification code of a legal entity (9 digits, 13 for branches). */
export const eik = /* @__PURE__ */ defineType({
  id: "bg.eik",
  country: "BG",
  kind: "company",
  category: "company_register",
  name: "Bulgarian unified identification code",
  localName: "ЕИК / БУЛСТАТ",
  example: "175074752",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [9, 13],
  check: checkEik,
});

/**
 * 10-digit VAT numbers belong to people: a valid EGN, a foreigner's personal number (weights
 * 21,19,17,13,11,9,7,3,1 mod 10) or another registered person (weights 4,3,2,7,6,5,4,3,2,
 * 11 − sum mod 11).
 */
function checkVat(c: string): CheckOutcome {
  if (c.length === 9) return checkEik(c);
  if (checkEgn(c, {}) === null) return null;
  if ((weightedSum(c, [21, 19, 17, 13, 11, 9, 7, 3, 1]) % 10).toString() === c.charAt(9)) return null;
  const other = (11 - (weightedSum(c, [4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11;
  return String(other) === c.charAt(9) ? null : "bad_check_digit";
}

/** Bulgarian VAT number: BG + EIK (9 digits) or a personal number (10 digits). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("BG", "BG", {
    name: "Bulgarian VAT number",
    localName: "Идентификационен номер по ДДС",
    example: "BG175074752",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [9, 10],
    check: checkVat,
  }),
);

/** Every Bulgarian identifier type. */
export const types = [egn, eik, vat] as const;
