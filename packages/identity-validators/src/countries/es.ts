/** Spain: DNI and NIE (personal), CIF (company) and NIF-IVA (VAT). */
import * as stdCif from "stdnum/lib/cjs/es/cif.js";
import * as stdNif from "stdnum/lib/cjs/es/nif.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

const LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE";

/** Control letter of DNI/NIE: the number mod 23 indexes a fixed alphabet (Real Decreto 1553/2005). */
function checkLetter(digits: string, letter: string): CheckOutcome {
  return LETTERS.charAt(Number(digits) % 23) === letter ? null : "bad_check_digit";
}

/** Spanish national identity document number: 8 digits and a control letter. */
export const dni = /* @__PURE__ */ defineType({
  id: "es.dni",
  country: "ES",
  kind: "personal",
  category: "national_id",
  name: "Spanish national identity number",
  localName: "Documento Nacional de Identidad (DNI)",
  example: "54362315-K",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [9],
  pattern: /^\d{8}[A-Z]$/,
  check: (c) => checkLetter(c.slice(0, 8), c.charAt(8)),
  display: (n) => `${n.slice(0, 8)}-${n.slice(8)}`,
});

/** Spanish foreigner identity number: X, Y or Z, 7 digits and a control letter. */
export const nie = /* @__PURE__ */ defineType({
  id: "es.nie",
  country: "ES",
  kind: "personal",
  category: "national_id",
  name: "Spanish foreigner identity number",
  localName: "Número de Identidad de Extranjero (NIE)",
  example: "X-2482300-W",
  hasCheckDigit: true,
  charset: ALNUM,
  lengths: [9],
  pattern: /^[XYZ]\d{7}[A-Z]$/,
  check: (c) => checkLetter(String("XYZ".indexOf(c.charAt(0))) + c.slice(1, 8), c.charAt(8)),
  display: (n) => `${n.charAt(0)}-${n.slice(1, 8)}-${n.slice(8)}`,
});

/** Spanish company tax code: entity letter, 7 digits, control digit or letter. */
export const cif = /* @__PURE__ */ defineType({
  id: "es.cif",
  country: "ES",
  kind: "company",
  category: "company_register",
  name: "Spanish company tax code",
  localName: "Código de Identificación Fiscal (CIF)",
  example: "A13585625",
  hasCheckDigit: true,
  source: "stdnum",
  charset: ALNUM,
  lengths: [9],
  pattern: /^[ABCDEFGHJNPQRSUVW]\d{7}[0-9A-J]$/,
  check: /* @__PURE__ */ stdnumCheck(stdCif),
});

/** Spanish VAT number: ES + NIF (a DNI, NIE or CIF). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("ES", "ES", {
    name: "Spanish VAT number",
    localName: "Número de Identificación Fiscal (NIF-IVA)",
    example: "ESA13585625",
    hasCheckDigit: true,
    source: "stdnum",
    charset: ALNUM,
    lengths: [9],
    check: /* @__PURE__ */ stdnumCheck(stdNif),
  }),
);

/** Every Spanish identifier type. */
export const types = [dni, nie, cif, vat] as const;
