/** Denmark: CPR number, CVR number (company) and VAT number (DK + CVR). */
import * as stdCvr from "stdnum/lib/cjs/dk/cvr.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/**
 * CPR: DDMMYY-SSSS; the 7th digit and the year give the century (CPR office rules). The
 * modulus-11 check was abandoned in 2007, so it is not enforced.
 */
function checkCpr(c: string, options: ValidateOptions): CheckOutcome {
  const yy = num(c, 4, 6);
  const d7 = c.charAt(6);
  let century = 2000;
  if ("5678".includes(d7) && yy >= 58) century = 1800;
  else if ("0123".includes(d7) || ("49".includes(d7) && yy >= 37)) century = 1900;
  return checkDate(century + yy, num(c, 2, 4), num(c, 0, 2), options.now);
}

/** Danish personal identification number (CPR). */
export const cpr = /* @__PURE__ */ defineType({
  id: "dk.cpr",
  country: "DK",
  kind: "personal",
  category: "national_id",
  name: "Danish personal identification number",
  localName: "CPR-nummer",
  example: "211062-5629",
  hasCheckDigit: false,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [10],
  check: checkCpr,
  display: (n) => `${n.slice(0, 6)}-${n.slice(6)}`,
});

const cvrCheck = /* @__PURE__ */ stdnumCheck(stdCvr);

/** Danish central business register number (8 digits, mod-11 check). */
export const cvr = /* @__PURE__ */ defineType({
  id: "dk.cvr",
  country: "DK",
  kind: "company",
  category: "company_register",
  name: "Danish business register number",
  localName: "CVR-nummer",
  example: "13585628",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [8],
  check: cvrCheck,
});

/** Danish VAT number: DK + CVR number. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("DK", "DK", {
    name: "Danish VAT number",
    localName: "Momsregistreringsnummer (SE/CVR)",
    example: "DK13585628",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [8],
    check: cvrCheck,
  }),
);

/** Every Danish identifier type. */
export const types = [cpr, cvr, vat] as const;
