/** Slovenia: EMŠO (personal), matična številka (company), ID za DDV (VAT). */
import { weightedSum } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import type { ValidateOptions } from "../core/types.js";

/**
 * EMŠO: DDMMYYY (the last three digits of the year; below 800 means 2000s), region (RR),
 * serial (BBB), check digit with weights 7..2,7..2 mod 11.
 */
function checkEmso(c: string, options: ValidateOptions): CheckOutcome {
  const yyy = num(c, 4, 7);
  const year = yyy < 800 ? 2000 + yyy : 1000 + yyy;
  const dateError = checkDate(year, num(c, 2, 4), num(c, 0, 2), options.now);
  if (dateError) return dateError;
  const check = ((11 - (weightedSum(c, [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) % 11)) % 11) % 10;
  return String(check) === c.charAt(12) ? null : "bad_check_digit";
}

/** Slovenian unique master citizen number (EMŠO). */
export const emso = /* @__PURE__ */ defineType({
  id: "si.emso",
  country: "SI",
  kind: "personal",
  category: "national_id",
  name: "Slovenian unique master citizen number",
  localName: "Enotna matična številka občana (EMŠO)",
  example: "0101006500006",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [13],
  check: checkEmso,
});

/**
 * Company registration number: 7 digits (6 + check digit, weights 7..2; a remainder of 0 is
 * never issued) and an optional 3-character unit suffix ("000" for the main unit).
 */
function checkMaticna(c: string): CheckOutcome {
  if (c.length === 10 && !/^[A-Z0-9]\d{2}$/.test(c.slice(7))) return "bad_format";
  if (!/^\d{7}/.test(c)) return "bad_format";
  const rest = (11 - (weightedSum(c, [7, 6, 5, 4, 3, 2]) % 11)) % 11;
  if (rest === 0) return "bad_check_digit";
  return String(rest % 10) === c.charAt(6) ? null : "bad_check_digit";
}

/** Slovenian company registration number (matična številka). */
export const maticna = /* @__PURE__ */ defineType({
  id: "si.maticna",
  country: "SI",
  kind: "company",
  category: "company_register",
  name: "Slovenian company registration number",
  localName: "Matična številka",
  example: "9331310000",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [7, 10],
  check: checkMaticna,
  normalize: (c) => (c.endsWith("000") && c.length === 10 ? c.slice(0, 7) : c),
});

/** ID za DDV: no leading 0; check = 11 − (Σ digit × 8..2 mod 11), 10 written 0, 11 never issued. */
function checkDdv(c: string): CheckOutcome {
  if (c.startsWith("0")) return "bad_component";
  const check = 11 - (weightedSum(c, [8, 7, 6, 5, 4, 3, 2]) % 11);
  if (check === 11) return "bad_check_digit";
  return String(check % 10) === c.charAt(7) ? null : "bad_check_digit";
}

/** Slovenian VAT number: SI + 8 digits. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("SI", "SI", {
    name: "Slovenian VAT number",
    localName: "Identifikacijska številka za DDV",
    example: "SI50223054",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [8],
    check: checkDdv,
  }),
);

/** Every Slovenian identifier type. */
export const types = [emso, maticna, vat] as const;
