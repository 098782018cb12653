/** Poland: PESEL, KRS number, REGON, NIP (tax and VAT number). */
import * as stdNip from "stdnum/lib/cjs/pl/nip.js";
import * as stdRegon from "stdnum/lib/cjs/pl/regon.js";
import { weightedSum } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/**
 * PESEL: YYMMDD with the century in the month (+80 = 1800s, +0 = 1900s, +20 = 2000s,
 * +40 = 2100s, +60 = 2200s), serial, check digit with weights 1,3,7,9.
 */
function checkPesel(c: string, options: ValidateOptions): CheckOutcome {
  const m = num(c, 2, 4);
  const centuries = [1900, 2000, 2100, 2200, 1800];
  const year = (centuries[Math.floor(m / 20)] ?? 1900) + num(c, 0, 2);
  const dateError = checkDate(year, m % 20, num(c, 4, 6), options.now);
  if (dateError) return dateError;
  const check = (10 - (weightedSum(c, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]) % 10)) % 10;
  return String(check) === c.charAt(10) ? null : "bad_check_digit";
}

/** Polish national identification number (PESEL). */
export const pesel = /* @__PURE__ */ defineType({
  id: "pl.pesel",
  country: "PL",
  kind: "personal",
  category: "national_id",
  name: "Polish national identification number",
  localName: "Powszechny Elektroniczny System Ewidencji Ludności (PESEL)",
  example: "44051401359",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  check: checkPesel,
});

/** Polish National Court Register number: 10 digits. Format only. */
export const krs = /* @__PURE__ */ defineType({
  id: "pl.krs",
  country: "PL",
  kind: "company",
  category: "company_register",
  name: "Polish National Court Register number",
  localName: "Numer Krajowego Rejestru Sądowego (KRS)",
  example: "0000028860",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [10],
  pattern: /[1-9]/,
});

/** Polish statistical business register number: 9 or 14 digits, weighted mod-11 checks. */
export const regon = /* @__PURE__ */ defineType({
  id: "pl.regon",
  country: "PL",
  kind: "company",
  category: "company_register",
  name: "Polish business register number",
  localName: "Rejestr Gospodarki Narodowej (REGON)",
  example: "192598184",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [9, 14],
  check: /* @__PURE__ */ stdnumCheck(stdRegon),
});

const nipCheck = /* @__PURE__ */ stdnumCheck(stdNip);

/** Polish VAT number: PL + NIP. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("PL", "PL", {
    name: "Polish VAT number",
    localName: "Numer Identyfikacji Podatkowej (NIP)",
    example: "PL8567346215",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [10],
    check: nipCheck,
  }),
);

/** Polish tax identification number (NIP): 10 digits, weighted mod-11 check. */
export const nip = /* @__PURE__ */ defineType({
  id: "pl.nip",
  country: "PL",
  kind: "company",
  category: "tax_id",
  name: "Polish tax identification number",
  localName: "Numer Identyfikacji Podatkowej (NIP)",
  example: "856-734-62-15",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [10],
  check: nipCheck,
  display: (n) => `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
});

/** Every Polish identifier type. */
export const types = [pesel, krs, regon, vat, nip] as const;
