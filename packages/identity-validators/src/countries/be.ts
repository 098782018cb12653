/** Belgium: national register number (rijksregisternummer), enterprise number, VAT number. */
import { checkDate, isRealDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import type { ValidateOptions } from "../core/types.js";

/** 97 - (n mod 97) over the first 9 digits; people born from 2000 on get a "2" prefixed. */
function centuryOf(c: string, options: ValidateOptions): number | null {
  const check = num(c, 9, 11);
  const body = BigInt(c.slice(0, 9));
  const candidates: Array<[number, bigint]> = [[1900, body]];
  const yy = num(c, 0, 2);
  if (!options.now || 2000 + yy <= options.now.getUTCFullYear()) {
    candidates.push([2000, 2000000000n + body]);
  }
  for (const [century, n] of candidates) {
    if (97n - (n % 97n) === BigInt(check)) return century;
  }
  return null;
}

function checkNn(c: string, options: ValidateOptions): CheckOutcome {
  const month = num(c, 2, 4);
  const day = num(c, 4, 6);
  if (month > 12) return "impossible_date";
  const century = centuryOf(c, options);
  if (century === null) return "bad_check_digit";
  // Month 00 (or day 00) marks a birth date unknown when the number was issued.
  if (month === 0 || day === 0) return null;
  const year = century + num(c, 0, 2);
  if (!isRealDate(year, month, 1)) return "impossible_date";
  // A day beyond the month's end means the day counter ran out: the day is unknown.
  if (!isRealDate(year, month, day)) return null;
  return checkDate(year, month, day, options.now);
}

/** Belgian national register number: YYMMDD, 3-digit serial, 2 check digits (mod 97). */
export const nn = /* @__PURE__ */ defineType({
  id: "be.nn",
  country: "BE",
  kind: "personal",
  category: "national_id",
  name: "Belgian national register number",
  localName: "Rijksregisternummer / Numéro de registre national",
  example: "85.07.30-033.28",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  check: checkNn,
  display: (n) => `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)}-${n.slice(6, 9)}.${n.slice(9)}`,
});

/** Enterprise number: first digit 0 or 1, (first 8 digits + last 2) divisible by 97. */
function enterpriseCheck(c: string): CheckOutcome {
  if (/^0+$/.test(c)) return "bad_component";
  return (num(c, 0, 8) + num(c, 8, 10)) % 97 === 0 ? null : "bad_check_digit";
}

/** Belgian enterprise number (KBO/BCE): 10 digits starting with 0 or 1, mod-97 check. */
export const kbo = /* @__PURE__ */ defineType({
  id: "be.kbo",
  country: "BE",
  kind: "company",
  category: "company_register",
  name: "Belgian enterprise number",
  localName: "Ondernemingsnummer / Numéro d'entreprise",
  example: "0403.170.701",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [10],
  pattern: /^[01]/,
  check: enterpriseCheck,
  display: (n) => `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}`,
});

/** Belgian VAT number: BE + enterprise number. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("BE", "BE", {
    name: "Belgian VAT number",
    localName: "BTW-nummer / Numéro de TVA",
    example: "BE0403170701",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [10],
    pattern: /^[01]/,
    check: enterpriseCheck,
  }),
);

/** Every Belgian identifier type. */
export const types = [nn, kbo, vat] as const;
