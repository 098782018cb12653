/** Portugal: Cartão de Cidadão number, NIPC (company), NIF (tax and VAT number). */
import * as stdNif from "stdnum/lib/cjs/pt/nif.js";
import { weightedSum } from "../core/checksums.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/**
 * Citizen card number: civil ID digits, a check digit, two version characters and a final
 * check digit computed Luhn-style over all characters (A=10 ... Z=35), per the card's
 * technical specification (AMA).
 */
function checkCartao(c: string): CheckOutcome {
  let sum = 0;
  for (let i = 0; i < c.length; i++) {
    const code = c.charCodeAt(c.length - 1 - i);
    let value = code >= 65 ? code - 55 : code - 48;
    if (i % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10 === 0 ? null : "bad_check_digit";
}

/** Portuguese citizen card number (documento de identificação civil + version + check). */
export const cc = /* @__PURE__ */ defineType({
  id: "pt.cc",
  country: "PT",
  kind: "personal",
  category: "national_id",
  name: "Portuguese citizen card number",
  localName: "Número do Cartão de Cidadão",
  example: "00000000 0 ZZ4",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [12],
  pattern: /^\d{9}[A-Z0-9]{2}\d$/,
  check: checkCartao,
  display: (n) => `${n.slice(0, 8)} ${n.charAt(8)} ${n.slice(9)}`,
});

/** NIF/NIPC check digit: weights 9..2, 11 − sum mod 11, 10 and 11 written as 0. */
function checkNif(c: string): CheckOutcome {
  const rest = 11 - (weightedSum(c, [9, 8, 7, 6, 5, 4, 3, 2]) % 11);
  return String(rest >= 10 ? 0 : rest) === c.charAt(8) ? null : "bad_check_digit";
}

/** Portuguese legal person identification number (NIPC): 9 digits starting 5, 6, 8 or 9. */
export const nipc = /* @__PURE__ */ defineType({
  id: "pt.nipc",
  country: "PT",
  kind: "company",
  category: "company_register",
  name: "Portuguese legal person identification number",
  localName: "Número de Identificação de Pessoa Coletiva (NIPC)",
  example: "501 964 843",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [9],
  pattern: /^[5689]/,
  check: checkNif,
  display: (n) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
});

/** Portuguese tax identification number of a person (NIF): 9 digits starting 1, 2, 3 or 45. */
export const nif = /* @__PURE__ */ defineType({
  id: "pt.nif",
  country: "PT",
  kind: "personal",
  category: "tax_id",
  name: "Portuguese tax identification number",
  localName: "Número de Identificação Fiscal (NIF)",
  example: "123 456 789",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [9],
  pattern: /^([123]|45)/,
  check: checkNif,
  display: (n) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
});

/** Portuguese VAT number: PT + NIF/NIPC. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("PT", "PT", {
    name: "Portuguese VAT number",
    localName: "Número de Identificação Fiscal (NIF)",
    example: "PT501964843",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [9],
    check: /* @__PURE__ */ stdnumCheck(stdNif),
  }),
);

/** Every Portuguese identifier type. */
export const types = [cc, nipc, nif, vat] as const;
