/**
 * Sweden: personnummer / samordningsnummer (Skatteverket SKV 704), organisationsnummer
 * (SKV 709) and momsregistreringsnummer.
 */
import * as stdOrgnr from "stdnum/lib/cjs/se/orgnr.js";
import * as stdVat from "stdnum/lib/cjs/se/vat.js";
import { luhnValid } from "../core/checksums.js";
import { checkDate, isRealDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/** Year of a 10-digit number: most recent year ≤ now, a century earlier with "+" (SKV 704). */
function yearFromShort(yy: number, plus: boolean, month: number, day: number, now: Date): number {
  const current = now.getUTCFullYear();
  let year = current - (((current % 100) - yy + 100) % 100);
  if (Date.UTC(year, month - 1, day) > now.getTime()) year -= 100;
  return plus ? year - 100 : year;
}

function checkPersonnummer(compact: string, options: ValidateOptions): CheckOutcome {
  const sep = compact.length % 2 === 1 ? compact.charAt(compact.length - 5) : "";
  const digits = compact.replace(/[-+]/, "");
  const long = digits.length === 12;
  const short = long ? digits.slice(2) : digits;
  const month = num(short, 2, 4);
  let day = num(short, 4, 6);
  // Coordination numbers (samordningsnummer) add 60 to the day of birth.
  if (day > 60) day -= 60;
  let dateError: CheckOutcome = null;
  if (long) {
    dateError = checkDate(num(digits, 0, 4), month, day, options.now);
  } else if (options.now) {
    const year = yearFromShort(num(short, 0, 2), sep === "+", month, day, options.now);
    dateError = checkDate(year, month, day, options.now);
  } else {
    // Without a clock the century is unknown: accept a date that exists in either century
    // (only 29 February of a "00" year depends on it).
    const yy = num(short, 0, 2);
    if (!isRealDate(1900 + yy, month, day) && !isRealDate(2000 + yy, month, day)) {
      dateError = "impossible_date";
    }
  }
  if (dateError) return dateError;
  if (long && sep === "+") return "bad_format";
  return luhnValid(short) ? null : "bad_check_digit";
}

/** Swedish personal identity number or coordination number, 10 or 12 digits. */
export const personnummer = /* @__PURE__ */ defineType({
  id: "se.personnummer",
  country: "SE",
  kind: "personal",
  category: "national_id",
  name: "Swedish personal identity number",
  localName: "Personnummer",
  example: "811228-9874",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  separators: ":",
  charset: /^[0-9+-]$/,
  lengths: [10, 11, 12, 13],
  pattern: /^(\d{6}[-+]?\d{4}|\d{8}[-+]?\d{4})$/,
  check: checkPersonnummer,
  normalize(compact) {
    const digits = compact.replace(/[-+]/, "");
    if (digits.length === 12) return digits;
    const sep = compact.includes("+") ? "+" : "-";
    return `${digits.slice(0, 6)}${sep}${digits.slice(6)}`;
  },
  display: (n) => (n.length === 12 ? `${n.slice(0, 8)}-${n.slice(8)}` : n),
});

/** Swedish organisation number (10 digits, Luhn). */
export const orgnr = /* @__PURE__ */ defineType({
  id: "se.orgnr",
  country: "SE",
  kind: "company",
  category: "company_register",
  name: "Swedish organisation number",
  localName: "Organisationsnummer",
  example: "556188-8404",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [10],
  check: /* @__PURE__ */ stdnumCheck(stdOrgnr),
  display: (n) => `${n.slice(0, 6)}-${n.slice(6)}`,
});

/** Swedish VAT number: SE + organisation number + "01". */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("SE", "SE", {
    name: "Swedish VAT number",
    localName: "Momsregistreringsnummer",
    example: "SE556188840401",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [12],
    check: /* @__PURE__ */ stdnumCheck(stdVat),
  }),
);

/** Every Swedish identifier type. */
export const types = [personnummer, orgnr, vat] as const;
