/** Italy: codice fiscale (personal), REA number (company register), partita IVA (VAT). */
import * as stdIva from "stdnum/lib/cjs/it/iva.js";
import { isRealDate } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/** Letters that replace digits in "omocodia" codes (DM 12/3/1974, art. 7). */
const OMOCODE = "LMNPQRSTUV";
const MONTHS = "ABCDEHLMPRST";
/** Values of characters in odd (1st, 3rd, ...) positions; A-Z share the digits' sequence. */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function digitAt(c: string, i: number): number {
  const ch = c.charAt(i);
  const omo = OMOCODE.indexOf(ch);
  return omo >= 0 ? omo : ch.charCodeAt(0) - 48;
}

function checkCodiceFiscale(c: string): CheckOutcome {
  const yy = digitAt(c, 6) * 10 + digitAt(c, 7);
  const month = MONTHS.indexOf(c.charAt(8)) + 1;
  let day = digitAt(c, 9) * 10 + digitAt(c, 10);
  // Women have 40 added to the day of birth.
  if (day > 40) day -= 40;
  // The century is not encoded: accept a date that exists in either century.
  if (!isRealDate(1900 + yy, month, day) && !isRealDate(2000 + yy, month, day)) {
    return "impossible_date";
  }
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const code = c.charCodeAt(i);
    const value = code >= 65 ? code - 65 : code - 48;
    sum += i % 2 === 0 ? (ODD[value] ?? 0) : value;
  }
  return String.fromCharCode(65 + (sum % 26)) === c.charAt(15) ? null : "bad_check_digit";
}

/** Italian fiscal code of a person: 16 characters with embedded birth date and control letter. */
export const codiceFiscale = /* @__PURE__ */ defineType({
  id: "it.cf",
  country: "IT",
  kind: "personal",
  category: "national_id",
  name: "Italian fiscal code",
  localName: "Codice fiscale",
  example: "RCCMNL83S18D969H",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: ALNUM,
  lengths: [16],
  pattern: /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/,
  check: checkCodiceFiscale,
});

/** Italian economic and administrative index number: province code and up to 7 digits. */
export const rea = /* @__PURE__ */ defineType({
  id: "it.rea",
  country: "IT",
  kind: "company",
  category: "company_register",
  name: "Italian economic and administrative register number",
  localName: "Numero REA",
  example: "MI-1234567",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [3, 4, 5, 6, 7, 8, 9],
  pattern: /^[A-Z]{2}[1-9]\d{0,6}$/,
  display: (n) => `${n.slice(0, 2)}-${n.slice(2)}`,
});

/** Italian VAT number: IT + 11 digits (partita IVA), Luhn. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("IT", "IT", {
    name: "Italian VAT number",
    localName: "Partita IVA",
    example: "IT00743110157",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [11],
    check: /* @__PURE__ */ stdnumCheck(stdIva),
  }),
);

/** Every Italian identifier type. */
export const types = [codiceFiscale, rea, vat] as const;
