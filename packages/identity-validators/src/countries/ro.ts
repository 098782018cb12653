/** Romania: CNP (personal numeric code), ONRC number (trade register), CUI/CIF (VAT). */
import * as stdCui from "stdnum/lib/cjs/ro/cui.js";
import { weightedSum } from "../core/checksums.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/** County codes: 01-46 and 51-52 (with the defunct Bucharest sectors 47-48), 70, 80-83. */
function knownCounty(code: number): boolean {
  return (code >= 1 && code <= 48) || code === 51 || code === 52 || code === 70 || (code >= 80 && code <= 83);
}

/**
 * CNP: S (sex and century: 1/2 = 1900s, 3/4 = 1800s, 5/6 = 2000s, 7/8/9 = residents and
 * foreigners, century assumed 1900s), YYMMDD, county, serial, check digit with weights
 * 279146358279 mod 11 (10 written as 1).
 */
function checkCnp(c: string, options: ValidateOptions): CheckOutcome {
  const s = c.charAt(0);
  if (s === "0") return "bad_component";
  const century = "34".includes(s) ? 1800 : "56".includes(s) ? 2000 : 1900;
  const dateError = checkDate(century + num(c, 1, 3), num(c, 3, 5), num(c, 5, 7), options.now);
  if (dateError) return dateError;
  if (!knownCounty(num(c, 7, 9))) return { code: "bad_component", message: "unknown county code" };
  const rest = weightedSum(c, [2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9]) % 11;
  return String(rest === 10 ? 1 : rest) === c.charAt(12) ? null : "bad_check_digit";
}

/** Romanian personal numeric code (CNP). */
export const cnp = /* @__PURE__ */ defineType({
  id: "ro.cnp",
  country: "RO",
  kind: "personal",
  category: "national_id",
  name: "Romanian personal numeric code",
  localName: "Cod numeric personal (CNP)",
  example: "1630615123457",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [13],
  check: checkCnp,
});

const OLD_COUNTIES = (code: number) => (code >= 1 && code <= 40) || code === 51 || code === 52;

/**
 * Trade register number. Old form (until 2024): type letter, county, serial, year, e.g.
 * J40/12345/2010. New form (since 2024, Law 265/2022): letter, year, 6-digit serial, county (00
 * after 26 July 2024) and a check digit = (letter code mod 10 + Σ digits) mod 10.
 */
function checkOnrc(c: string, options: ValidateOptions): CheckOutcome {
  if (c.includes("/")) {
    const [county = "", serial = "", year = ""] = c.slice(1).split("/");
    if (serial.length > 5 || year.length !== 4) return "bad_length";
    if (!OLD_COUNTIES(Number(county))) return { code: "bad_component", message: "unknown county code" };
    const y = Number(year);
    return y < 1990 || y > 2024 ? { code: "bad_component", message: "year out of range" } : null;
  }
  const year = num(c, 1, 5);
  if (year < 1990 || (options.now && year > options.now.getUTCFullYear())) {
    return { code: "bad_component", message: "year out of range" };
  }
  const county = num(c, 11, 13);
  const countyOk =
    year < 2024 ? OLD_COUNTIES(county) : year === 2024 ? county === 0 || OLD_COUNTIES(county) : county === 0;
  if (!countyOk) return { code: "bad_component", message: "county code does not match the year" };
  let sum = c.charCodeAt(0) % 10;
  for (let i = 1; i < 13; i++) sum += c.charCodeAt(i) - 48;
  return String(sum % 10) === c.charAt(13) ? null : "bad_check_digit";
}

/** Romanian trade register number (Oficiul Național al Registrului Comerțului). */
export const onrc = /* @__PURE__ */ defineType({
  id: "ro.onrc",
  country: "RO",
  kind: "company",
  category: "company_register",
  name: "Romanian trade register number",
  localName: "Număr de ordine în registrul comerțului (ONRC)",
  example: "J40/12345/2010",
  hasCheckDigit: true,
  separators: " -",
  charset: /^[0-9A-Z/]$/,
  lengths: [9, 10, 11, 12, 13, 14],
  pattern: /^[JFC](\d{1,2}\/\d{1,5}\/\d{4}|\d{13})$/,
  check: checkOnrc,
  normalize: (c) => c.replace(/^([JFC])(\d)\//, "$10$2/"),
});

/** Romanian VAT number: RO + CUI (2-10 digits). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("RO", "RO", {
    name: "Romanian VAT number",
    localName: "Cod de înregistrare în scopuri de TVA (CUI/CIF)",
    example: "RO18547290",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [2, 3, 4, 5, 6, 7, 8, 9, 10],
    check: /* @__PURE__ */ stdnumCheck(stdCui),
  }),
);

/** Every Romanian identifier type. */
export const types = [cnp, onrc, vat] as const;
