/** Greece: AMKA (social security number), GEMI number (company register), VAT number (EL). */
import * as stdVat from "stdnum/lib/cjs/gr/vat.js";
import { luhnValid } from "../core/checksums.js";
import { isRealDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

function checkAmka(c: string): CheckOutcome {
  const day = num(c, 0, 2);
  const month = num(c, 2, 4);
  const yy = num(c, 4, 6);
  // The century is not encoded (so no date can be said to lie in the future): accept a date
  // that exists in either century.
  if (!isRealDate(1900 + yy, month, day) && !isRealDate(2000 + yy, month, day)) {
    return "impossible_date";
  }
  return luhnValid(c) ? null : "bad_check_digit";
}

/** Greek social security number: DDMMYY + 5 digits, Luhn. */
export const amka = /* @__PURE__ */ defineType({
  id: "gr.amka",
  country: "GR",
  kind: "personal",
  category: "national_id",
  name: "Greek social security number",
  localName: "Αριθμός Μητρώου Κοινωνικής Ασφάλισης (ΑΜΚΑ)",
  example: "01013099997",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  check: checkAmka,
});

/** Greek general commercial registry number: up to 12 digits. Format only. */
export const gemi = /* @__PURE__ */ defineType({
  id: "gr.gemi",
  country: "GR",
  kind: "company",
  category: "company_register",
  name: "Greek general commercial registry number",
  localName: "Αριθμός Γενικού Εμπορικού Μητρώου (ΓΕΜΗ)",
  example: "000123401000",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [9, 10, 11, 12],
});

/** Greek VAT number: EL (also accepted: GR) + 9-digit AFM. */
export const vat = /* @__PURE__ */ defineType({
  id: "gr.vat",
  country: "GR",
  kind: "company",
  category: "vat",
  name: "Greek VAT number",
  localName: "Αριθμός Φορολογικού Μητρώου (ΑΦΜ)",
  example: "EL094259216",
  hasCheckDigit: true,
  source: "stdnum",
  prefixes: ["EL", "GR"],
  charset: DIGIT,
  lengths: [9],
  check: /* @__PURE__ */ stdnumCheck(stdVat),
  normalize: (c) => `EL${c}`,
});

/** Every Greek identifier type. */
export const types = [amka, gemi, vat] as const;
