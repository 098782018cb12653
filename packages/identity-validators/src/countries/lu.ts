/** Luxembourg: matricule (national identification number), RCS number, TVA (VAT). */
import * as stdTva from "stdnum/lib/cjs/lu/tva.js";
import { luhnValid, verhoeffValid } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/**
 * YYYYMMDD, 3-digit serial, then two check digits computed over the first 11 digits: a Luhn
 * digit and a Verhoeff digit (in use since 2014).
 */
function checkMatricule(c: string, options: ValidateOptions): CheckOutcome {
  const dateError = checkDate(num(c, 0, 4), num(c, 4, 6), num(c, 6, 8), options.now);
  if (dateError) return dateError;
  if (!luhnValid(c.slice(0, 12))) return "bad_check_digit";
  return verhoeffValid(c.slice(0, 11) + c.charAt(12)) ? null : "bad_check_digit";
}

/** Luxembourg national identification number (13 digits). */
export const matricule = /* @__PURE__ */ defineType({
  id: "lu.matricule",
  country: "LU",
  kind: "personal",
  category: "national_id",
  name: "Luxembourg national identification number",
  localName: "Numéro d'identification national (matricule)",
  example: "1893120105732",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [13],
  check: checkMatricule,
  display: (n) => `${n.slice(0, 4)} ${n.slice(4, 8)} ${n.slice(8)}`,
});

/** Luxembourg trade and companies register number: section letter and digits. Format only. */
export const rcs = /* @__PURE__ */ defineType({
  id: "lu.rcs",
  country: "LU",
  kind: "company",
  category: "company_register",
  name: "Luxembourg trade and companies register number",
  localName: "Numéro RCS",
  example: "B 123456",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [2, 3, 4, 5, 6, 7],
  pattern: /^[A-Z][1-9]\d{0,5}$/,
  display: (n) => `${n.charAt(0)} ${n.slice(1)}`,
});

/** Luxembourg VAT number: LU + 8 digits, last two = first six mod 89. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("LU", "LU", {
    name: "Luxembourg VAT number",
    localName: "Numéro d'identification à la TVA",
    example: "LU15027442",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [8],
    check: /* @__PURE__ */ stdnumCheck(stdTva),
  }),
);

/** Every Luxembourg identifier type. */
export const types = [matricule, rcs, vat] as const;
