/** Malta: identity card number, company registration number, VAT number. */
import * as stdVat from "stdnum/lib/cjs/mt/vat.js";
import { defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/**
 * Maltese identity card number: up to 7 digits and a letter naming the register (M, G, A, P,
 * L, H, B, Z). No check digit is published; normalized with leading zeros to 7 digits.
 */
export const id = /* @__PURE__ */ defineType({
  id: "mt.id",
  country: "MT",
  kind: "personal",
  category: "national_id",
  name: "Maltese identity card number",
  localName: "Numru tal-Karta tal-Identità",
  example: "12345M",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [2, 3, 4, 5, 6, 7, 8],
  pattern: /^\d{1,7}[MGAPLHBZ]$/,
  normalize: (c) => c.padStart(8, "0"),
  display: (n) => n.replace(/^0+(?=\d)/, ""),
});

/** Maltese company registration number: C followed by up to 6 digits. Format only. */
export const roc = /* @__PURE__ */ defineType({
  id: "mt.roc",
  country: "MT",
  kind: "company",
  category: "company_register",
  name: "Maltese company registration number",
  localName: "Company registration number (MBR)",
  example: "C 12345",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [2, 3, 4, 5, 6, 7],
  pattern: /^C[1-9]\d{0,5}$/,
  display: (n) => `C ${n.slice(1)}`,
});

/** Maltese VAT number: MT + 8 digits. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("MT", "MT", {
    name: "Maltese VAT number",
    localName: "Numru tal-VAT",
    example: "MT11679112",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [8],
    check: /* @__PURE__ */ stdnumCheck(stdVat),
  }),
);

/** Every Maltese identifier type. */
export const types = [id, roc, vat] as const;
