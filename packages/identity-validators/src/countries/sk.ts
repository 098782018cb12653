/** Slovakia: rodné číslo (birth number), IČO (company identification number), IČ DPH (VAT). */
import { checkBirthNumber, checkIco } from "../core/czsk.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";

/** Slovak birth number: YYMMDD/SSSC (same scheme as the Czech one). */
export const rc = /* @__PURE__ */ defineType({
  id: "sk.rc",
  country: "SK",
  kind: "personal",
  category: "national_id",
  name: "Slovak birth number",
  localName: "Rodné číslo",
  example: "710319/2745",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [9, 10],
  check: checkBirthNumber,
  display: (n) => `${n.slice(0, 6)}/${n.slice(6)}`,
});

/** Slovak company identification number (8 digits, mod-11 check digit). */
export const ico = /* @__PURE__ */ defineType({
  id: "sk.ico",
  country: "SK",
  kind: "company",
  category: "company_register",
  name: "Slovak company identification number",
  localName: "Identifikačné číslo organizácie (IČO)",
  example: "35763469",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [8],
  check: checkIco,
});

/** IČ DPH: 10 digits, no leading 0, third digit 2, 3, 4, 7, 8 or 9, divisible by 11. */
function checkDph(c: string): CheckOutcome {
  if (c.startsWith("0") || !"234789".includes(c.charAt(2))) return "bad_component";
  return BigInt(c) % 11n === 0n ? null : "bad_check_digit";
}

/** Slovak VAT number: SK + 10 digits divisible by 11. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("SK", "SK", {
    name: "Slovak VAT number",
    localName: "Identifikačné číslo pre daň z pridanej hodnoty (IČ DPH)",
    example: "SK2022749619",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [10],
    check: checkDph,
  }),
);

/** Every Slovak identifier type. */
export const types = [rc, ico, vat] as const;
