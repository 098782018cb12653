/**
 * Hungary: adóazonosító jel (tax identification number, the identifier forms may ask for; the
 * személyi szám's use is restricted by law), cégjegyzékszám (company register number), VAT.
 */
import * as stdAnum from "stdnum/lib/cjs/hu/anum.js";
import { weightedSum } from "../core/checksums.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

const EPOCH = Date.UTC(1867, 0, 1);
const DAY_MS = 86_400_000;

/**
 * 8, then the birth date as days since 1867-01-01 (5 digits), a 3-digit serial and a check
 * digit: sum of digit × position (1..9) mod 11; a remainder of 10 is never issued.
 */
function checkAdoazonosito(c: string, options: ValidateOptions): CheckOutcome {
  if (c.charAt(0) !== "8") return "bad_component";
  const birth = EPOCH + Number(c.slice(1, 6)) * DAY_MS;
  if (options.now && birth > options.now.getTime()) return "future_date";
  const check = weightedSum(c, [1, 2, 3, 4, 5, 6, 7, 8, 9]) % 11;
  return String(check) === c.charAt(9) ? null : "bad_check_digit";
}

/** Hungarian tax identification number of a person. */
export const adoazonosito = /* @__PURE__ */ defineType({
  id: "hu.adoazonosito",
  country: "HU",
  kind: "personal",
  category: "national_id",
  name: "Hungarian tax identification number",
  localName: "Adóazonosító jel",
  example: "8071592153",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [10],
  check: checkAdoazonosito,
});

/** Hungarian company register number: court (01-20), company form (01-23), 6-digit serial. */
export const cegjegyzekszam = /* @__PURE__ */ defineType({
  id: "hu.cegjegyzekszam",
  country: "HU",
  kind: "company",
  category: "company_register",
  name: "Hungarian company register number",
  localName: "Cégjegyzékszám",
  example: "01-09-562739",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [10],
  pattern: /^(0[1-9]|1\d|20)(0[1-9]|1\d|2[0-3])\d{6}$/,
  display: (n) => `${n.slice(0, 2)}-${n.slice(2, 4)}-${n.slice(4)}`,
});

/** Hungarian VAT number: HU + 8 digits (közösségi adószám). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("HU", "HU", {
    name: "Hungarian VAT number",
    localName: "Közösségi adószám (ANUM)",
    example: "HU12892312",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [8],
    check: /* @__PURE__ */ stdnumCheck(stdAnum),
  }),
);

/** Every Hungarian identifier type. */
export const types = [adoazonosito, cegjegyzekszam, vat] as const;
