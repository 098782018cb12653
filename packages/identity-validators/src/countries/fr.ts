/** France: NIR (social security number), SIREN/SIRET, TVA intracommunautaire, NIF (SPI). */
import * as stdNif from "stdnum/lib/cjs/fr/nif.js";
import * as stdSiren from "stdnum/lib/cjs/fr/siren.js";
import * as stdTva from "stdnum/lib/cjs/fr/tva.js";
import { luhnValid } from "../core/checksums.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, group, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/** NIR key: 97 - (first 13 digits mod 97), Corsica's 2A/2B counting as 19/18 (INSEE). */
function checkNir(c: string): CheckOutcome {
  const dept = c.slice(5, 7);
  const body = c.slice(0, 5) + (dept === "2A" ? "19" : dept === "2B" ? "18" : dept) + c.slice(7, 13);
  const key = 97n - (BigInt(body) % 97n);
  return key === BigInt(c.slice(13)) ? null : "bad_check_digit";
}

/** French social security number (NIR): 13 characters and a 2-digit key. */
export const nir = /* @__PURE__ */ defineType({
  id: "fr.nir",
  country: "FR",
  kind: "personal",
  category: "national_id",
  name: "French social security number",
  localName: "Numéro d'inscription au répertoire (NIR)",
  example: "2 95 10 99 126 111 93",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [15],
  pattern: /^\d{5}(\d{2}|2A|2B)\d{8}$/,
  check: checkNir,
  display: (n) => group(n, [1, 3, 5, 7, 10, 13]),
});

/** French company number in the SIRENE register: 9 digits, Luhn. */
export const siren = /* @__PURE__ */ defineType({
  id: "fr.siren",
  country: "FR",
  kind: "company",
  category: "company_register",
  name: "French company number (SIREN)",
  localName: "Système d'identification du répertoire des entreprises (SIREN)",
  example: "552 008 443",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [9],
  check: /* @__PURE__ */ stdnumCheck(stdSiren),
  display: (n) => group(n, [3, 6]),
});

/**
 * SIRET: Luhn over all 14 digits and over the SIREN part. La Poste's establishments (SIREN
 * 356000000, except the head office) instead have a digit sum divisible by 5 (INSEE).
 */
function checkSiret(c: string): CheckOutcome {
  if (c.startsWith("356000000") && c !== "35600000000048") {
    let sum = 0;
    for (const d of c) sum += d.charCodeAt(0) - 48;
    return sum % 5 === 0 ? null : "bad_check_digit";
  }
  return luhnValid(c) && luhnValid(c.slice(0, 9)) ? null : "bad_check_digit";
}

/** French establishment number: SIREN + 5-digit establishment code, Luhn. */
export const siret = /* @__PURE__ */ defineType({
  id: "fr.siret",
  country: "FR",
  kind: "company",
  category: "company_register",
  name: "French establishment number (SIRET)",
  localName: "Système d'identification du répertoire des établissements (SIRET)",
  example: "732 829 320 00074",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [14],
  check: checkSiret,
  display: (n) => group(n, [3, 6, 9]),
});

/** French VAT number: FR + 2-character key + SIREN. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("FR", "FR", {
    name: "French VAT number",
    localName: "Numéro de TVA intracommunautaire",
    example: "FR40303265045",
    hasCheckDigit: true,
    source: "stdnum",
    charset: ALNUM,
    lengths: [11],
    check: /* @__PURE__ */ stdnumCheck(stdTva),
  }),
);

/** French tax identification number of a person (numéro fiscal, SPI): 13 digits. */
export const nif = /* @__PURE__ */ defineType({
  id: "fr.nif",
  country: "FR",
  kind: "personal",
  category: "tax_id",
  name: "French tax identification number",
  localName: "Numéro fiscal de référence (SPI)",
  example: "30 23 217 600 053",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [13],
  check: /* @__PURE__ */ stdnumCheck(stdNif),
  display: (n) => group(n, [2, 4, 7, 10]),
});

/** Every French identifier type. */
export const types = [nir, siren, siret, vat, nif] as const;
