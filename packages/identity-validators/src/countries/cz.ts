/** Czechia: rodné číslo (birth number), IČO (company identification number), DIČ (VAT). */
import * as stdIco from "stdnum/lib/cjs/cz/ico.js";
import { weightedSum } from "../core/checksums.js";
import { checkBirthNumber, checkIco } from "../core/czsk.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import type { ValidateOptions } from "../core/types.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/** Czech birth number: YYMMDD/SSSC. */
export const rc = /* @__PURE__ */ defineType({
  id: "cz.rc",
  country: "CZ",
  kind: "personal",
  category: "national_id",
  name: "Czech birth number",
  localName: "Rodné číslo",
  example: "710319/2745",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [9, 10],
  check: checkBirthNumber,
  display: (n) => `${n.slice(0, 6)}/${n.slice(6)}`,
});

/** Czech company identification number (8 digits, mod-11 check digit). */
export const ico = /* @__PURE__ */ defineType({
  id: "cz.ico",
  country: "CZ",
  kind: "company",
  category: "company_register",
  name: "Czech company identification number",
  localName: "Identifikační číslo osoby (IČO)",
  example: "25123891",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [8],
  check: /* @__PURE__ */ stdnumCheck(stdIco),
});

/**
 * DIČ: legal entities use their IČO (never starting with 9); 9-digit numbers starting with 6
 * are "special" numbers whose check digit skips the leading 6; other 9/10-digit numbers are
 * birth numbers.
 */
function checkDic(c: string, options: ValidateOptions): CheckOutcome {
  if (c.length === 8) return c.startsWith("9") ? "bad_component" : checkIco(c);
  if (c.length === 9 && c.startsWith("6")) {
    const sum = weightedSum(c.slice(1, 8), [8, 7, 6, 5, 4, 3, 2]) % 11;
    const check = (((8 - ((10 - sum) % 11)) % 10) + 10) % 10;
    return String(check) === c.charAt(8) ? null : "bad_check_digit";
  }
  return checkBirthNumber(c, options);
}

/** Czech VAT number: CZ + IČO (8 digits), special 9-digit number or birth number. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("CZ", "CZ", {
    name: "Czech VAT number",
    localName: "Daňové identifikační číslo (DIČ)",
    example: "CZ25123891",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [8, 9, 10],
    check: checkDic,
  }),
);

/** Every Czech identifier type. */
export const types = [rc, ico, vat] as const;
