/** EU-wide schemes: VAT number of any member state, EORI, EUID and NACE Rev. 2. */
import { clean, defineType, maskInvalid } from "../core/define.js";
import { ERROR_MESSAGES, IdentityValidatorError } from "../core/errors.js";
import { ALNUM } from "../core/specs.js";
import type { IdentifierType, ValidationResult } from "../core/types.js";
import { vat as at } from "./at.js";
import { vat as be } from "./be.js";
import { vat as bg } from "./bg.js";
import { vat as cy } from "./cy.js";
import { vat as cz } from "./cz.js";
import { vat as de } from "./de.js";
import { vat as dk } from "./dk.js";
import { vat as ee } from "./ee.js";
import { vat as es } from "./es.js";
import { vat as fi } from "./fi.js";
import { vat as fr } from "./fr.js";
import { vat as gr } from "./gr.js";
import { vat as hr } from "./hr.js";
import { vat as hu } from "./hu.js";
import { vat as ie } from "./ie.js";
import { vat as it } from "./it.js";
import { vat as lt } from "./lt.js";
import { vat as lu } from "./lu.js";
import { vat as lv } from "./lv.js";
import { vat as mt } from "./mt.js";
import { vat as nl } from "./nl.js";
import { vat as pl } from "./pl.js";
import { vat as pt } from "./pt.js";
import { vat as ro } from "./ro.js";
import { vat as se } from "./se.js";
import { vat as si } from "./si.js";
import { vat as sk } from "./sk.js";

/** VAT prefixes of the member states (Greece uses EL, ISO 3166 GR is accepted as well). */
const VAT_BY_PREFIX: Readonly<Record<string, IdentifierType>> = {
  AT: at,
  BE: be,
  BG: bg,
  CY: cy,
  CZ: cz,
  DE: de,
  DK: dk,
  EE: ee,
  EL: gr,
  GR: gr,
  ES: es,
  FI: fi,
  FR: fr,
  HR: hr,
  HU: hu,
  IE: ie,
  IT: it,
  LT: lt,
  LU: lu,
  LV: lv,
  MT: mt,
  NL: nl,
  PL: pl,
  PT: pt,
  RO: ro,
  SE: se,
  SI: si,
  SK: sk,
};

const VAT_NAME = "EU VAT number";

function vatFor(value: string): IdentifierType | ValidationResult {
  const compact = typeof value === "string" ? clean(value, "-./") : "";
  const code = compact.length === 0 ? "empty" : "bad_component";
  const type = VAT_BY_PREFIX[compact.slice(0, 2)];
  if (type) return type;
  const message =
    code === "empty" ? ERROR_MESSAGES.empty : "does not start with an EU member state's VAT prefix";
  return { valid: false, normalized: null, error: { code, message: `${VAT_NAME}: ${message}` } };
}

/** VAT number of any EU member state, dispatched on its two-letter prefix (VIES format). */
export const vat: IdentifierType = {
  id: "eu.vat",
  country: "EU",
  kind: "company",
  category: "vat",
  name: VAT_NAME,
  localName: "VAT identification number (VIES)",
  example: "SE556188840401",
  hasCheckDigit: true,
  hasEmbeddedDate: false,
  source: "hand-written",
  validate(value, options) {
    const type = vatFor(value);
    return "validate" in type ? type.validate(value, options) : type;
  },
  format(value, options) {
    const type = vatFor(value);
    const result = "validate" in type ? type.validate(value, options) : type;
    if (!result.valid) throw new IdentityValidatorError(result.error.code, "eu.vat", result.error.message);
    return (type as IdentifierType).format(result.normalized, options);
  },
  mask(value) {
    const type = vatFor(value);
    return "validate" in type ? type.mask(value) : maskInvalid(value);
  },
};

/**
 * Economic Operators Registration and Identification number (Regulation (EU) 952/2013, art.
 * 9): the issuing member state's code (or XI for Northern Ireland) and up to 15 characters.
 * The national part follows each state's own scheme and is only checked for shape.
 */
export const eori = /* @__PURE__ */ defineType({
  id: "eu.eori",
  country: "EU",
  kind: "company",
  category: "customs",
  name: "Economic Operators Registration and Identification number",
  localName: "EORI",
  example: "DE1234567890123",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17],
  pattern:
    /^(AT|BE|BG|CY|CZ|DE|DK|EE|ES|FI|FR|GR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|XI)[A-Z0-9]{1,15}$/,
});

/**
 * European Unique Identifier of a company (Implementing Regulation (EU) 2021/1042, BRIS):
 * country code, business register identifier, a dot, and the registration number. Format only.
 */
export const euid = /* @__PURE__ */ defineType({
  id: "eu.euid",
  country: "EU",
  kind: "company",
  category: "company_register",
  name: "European Unique Identifier",
  localName: "EUID",
  example: "DEK1101R.HRB116737",
  hasCheckDigit: false,
  separators: "",
  charset: /^[0-9A-Z.]$/,
  lengths: /* @__PURE__ */ Array.from({ length: 64 }, (_, i) => i + 4),
  pattern:
    /^(AT|BE|BG|CY|CZ|DE|DK|EE|ES|FI|FR|GR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK)[A-Z0-9]{1,13}\.[A-Z0-9]{1,50}$/,
});

/** NACE Rev. 2 sections and the division ranges they contain (Regulation (EC) 1893/2006). */
const NACE_SECTIONS: ReadonlyArray<readonly [string, number, number]> = [
  ["A", 1, 3],
  ["B", 5, 9],
  ["C", 10, 33],
  ["D", 35, 35],
  ["E", 36, 39],
  ["F", 41, 43],
  ["G", 45, 47],
  ["H", 49, 53],
  ["I", 55, 56],
  ["J", 58, 63],
  ["K", 64, 66],
  ["L", 68, 68],
  ["M", 69, 75],
  ["N", 77, 82],
  ["O", 84, 84],
  ["P", 85, 85],
  ["Q", 86, 88],
  ["R", 90, 93],
  ["S", 94, 96],
  ["T", 97, 98],
  ["U", 99, 99],
];

function sectionOf(division: number): string | undefined {
  return NACE_SECTIONS.find(([, from, to]) => division >= from && division <= to)?.[0];
}

/**
 * NACE Rev. 2 activity code: a section letter, a division (2 digits), group (3) or class (4),
 * optionally prefixed by its section letter. Checks that the division exists and matches the
 * letter; does not check groups and classes against the full code list.
 */
export const nace = /* @__PURE__ */ defineType({
  id: "eu.nace",
  country: "EU",
  kind: "company",
  category: "industry_code",
  name: "NACE Rev. 2 activity code",
  localName: "NACE",
  example: "62.01",
  hasCheckDigit: false,
  separators: ".",
  charset: ALNUM,
  lengths: [1, 2, 3, 4, 5],
  pattern: /^([A-U]|[A-U]?\d{2,4})$/,
  check(c) {
    const digits = c.replace(/^[A-U]/, "");
    if (digits === "") return null;
    const section = sectionOf(Number(digits.slice(0, 2)));
    if (!section) return { code: "bad_component", message: "no such NACE division" };
    return /^[A-U]/.test(c) && c.charAt(0) !== section
      ? { code: "bad_component", message: "division belongs to another section" }
      : null;
  },
  normalize(c) {
    const digits = c.replace(/^[A-U]/, "");
    if (digits === "") return c;
    return digits.length > 2 ? `${digits.slice(0, 2)}.${digits.slice(2)}` : digits;
  },
});

/** Every EU-wide identifier type. */
export const types = [vat, eori, euid, nace] as const;
