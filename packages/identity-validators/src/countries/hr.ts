/** Croatia: OIB (personal and company identification number), MBS (court register number), VAT. */
import { iso7064Mod11_10Valid } from "../core/checksums.js";
import { defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";

const checkOib = (c: string) => (iso7064Mod11_10Valid(c) ? null : "bad_check_digit");

/** Croatian personal identification number: 11 digits, ISO 7064 MOD 11,10. */
export const oib = /* @__PURE__ */ defineType({
  id: "hr.oib",
  country: "HR",
  kind: "personal",
  category: "national_id",
  name: "Croatian personal identification number",
  localName: "Osobni identifikacijski broj (OIB)",
  example: "33392005961",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [11],
  check: checkOib,
});

/** Croatian court register number of a business entity (up to 9 digits). Format only. */
export const mbs = /* @__PURE__ */ defineType({
  id: "hr.mbs",
  country: "HR",
  kind: "company",
  category: "company_register",
  name: "Croatian court register number",
  localName: "Matični broj subjekta (MBS)",
  example: "080000014",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [1, 2, 3, 4, 5, 6, 7, 8, 9],
  pattern: /[1-9]/,
  normalize: (c) => c.padStart(9, "0"),
});

/** Croatian VAT number: HR + OIB. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("HR", "HR", {
    name: "Croatian VAT number",
    localName: "PDV identifikacijski broj",
    example: "HR33392005961",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [11],
    check: checkOib,
  }),
);

/** Every Croatian identifier type. */
export const types = [oib, mbs, vat] as const;
