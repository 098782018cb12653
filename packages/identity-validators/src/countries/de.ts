/** Germany: Steuer-Identifikationsnummer, Handelsregisternummer, USt-IdNr (VAT). */
import { iso7064Mod11_10Valid } from "../core/checksums.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";

/**
 * Tax identification number (§ 139b AO): 11 digits, no leading zero; in the first ten digits
 * exactly one digit appears two or three times and every other digit at most once; check digit
 * by ISO 7064 MOD 11,10.
 */
function checkIdnr(c: string): CheckOutcome {
  if (c.startsWith("0")) return "bad_component";
  const counts = new Map<string, number>();
  for (const d of c.slice(0, 10)) counts.set(d, (counts.get(d) ?? 0) + 1);
  const repeated = [...counts.values()].filter((n) => n > 1);
  if (repeated.length !== 1 || (repeated[0] !== 2 && repeated[0] !== 3)) {
    return { code: "bad_component", message: "digit repetition rule of § 139b AO is not met" };
  }
  return iso7064Mod11_10Valid(c) ? null : "bad_check_digit";
}

/** German tax identification number, the lifelong personal identifier. */
export const idnr = /* @__PURE__ */ defineType({
  id: "de.idnr",
  country: "DE",
  kind: "personal",
  category: "national_id",
  name: "German tax identification number",
  localName: "Steuerliche Identifikationsnummer (IdNr)",
  example: "36 574 261 809",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [11],
  check: checkIdnr,
  display: (n) => `${n.slice(0, 2)} ${n.slice(2, 5)} ${n.slice(5, 8)} ${n.slice(8)}`,
});

/**
 * German commercial register number: register (HRA, HRB, GnR, PR, VR), number and optional
 * suffix letters. The register court is not part of it and is not checked. Format only.
 */
export const hrnr = /* @__PURE__ */ defineType({
  id: "de.hrnr",
  country: "DE",
  kind: "company",
  category: "company_register",
  name: "German commercial register number",
  localName: "Handelsregisternummer",
  example: "HRB 116737",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [3, 4, 5, 6, 7, 8, 9, 10, 11],
  pattern: /^(HRA|HRB|GNR|PR|VR)[1-9]\d{0,5}[A-Z]{0,2}$/,
  display: (n) =>
    n.replace(/^(HRA|HRB|GNR|PR|VR)(\d+)([A-Z]*)$/, (_, r, d, s) => `${r} ${d}${s ? ` ${s}` : ""}`),
});

/** German VAT number: DE + 9 digits (ISO 7064 MOD 11,10). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("DE", "DE", {
    name: "German VAT number",
    localName: "Umsatzsteuer-Identifikationsnummer (USt-IdNr)",
    example: "DE136695976",
    hasCheckDigit: true,
    charset: DIGIT,
    lengths: [9],
    // Never starts with 0; check digit by ISO 7064 MOD 11,10.
    check: (c) => (c.startsWith("0") ? "bad_component" : iso7064Mod11_10Valid(c) ? null : "bad_check_digit"),
  }),
);

/** Every German identifier type. */
export const types = [idnr, hrnr, vat] as const;
