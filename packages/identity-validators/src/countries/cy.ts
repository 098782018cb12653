/** Cyprus: identity card number, company registration number, VAT number. */
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";

/** Cypriot identity card number: up to 10 digits, no published check digit. */
export const id = /* @__PURE__ */ defineType({
  id: "cy.id",
  country: "CY",
  kind: "personal",
  category: "national_id",
  name: "Cypriot identity card number",
  localName: "Αριθμός Δελτίου Ταυτότητας",
  example: "1234567",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  pattern: /^[1-9]/,
});

/**
 * Cypriot company registration number: a register prefix (HE companies, AE overseas
 * companies, S/O partnerships, P/EE) and up to 6 digits. Format only.
 */
export const he = /* @__PURE__ */ defineType({
  id: "cy.he",
  country: "CY",
  kind: "company",
  category: "company_register",
  name: "Cypriot company registration number",
  localName: "Αριθμός Εγγραφής Εταιρείας (ΗΕ)",
  example: "HE 123456",
  hasCheckDigit: false,
  charset: ALNUM,
  lengths: [2, 3, 4, 5, 6, 7, 8],
  pattern: /^(HE|AE|EE|S|O|P)[1-9]\d{0,5}$/,
  display: (n) => n.replace(/^([A-Z]+)/, "$1 "),
});

/** Values of digits in odd positions for the check letter (Cyprus Tax Department). */
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];

/** Check letter: odd-position digits translated, even-position digits as is, sum mod 26. */
function checkVat(c: string): CheckOutcome {
  // Numbers starting with "12" are not issued as VAT numbers (VIES validation rules).
  if (c.startsWith("12")) return "bad_component";
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const d = c.charCodeAt(i) - 48;
    sum += i % 2 === 0 ? (ODD[d] ?? 0) : d;
  }
  return String.fromCharCode(65 + (sum % 26)) === c.charAt(8) ? null : "bad_check_digit";
}

/** Cypriot VAT number: CY + 8 digits + check letter. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("CY", "CY", {
    name: "Cypriot VAT number",
    localName: "Αριθμός Εγγραφής Φ.Π.Α.",
    example: "CY10259033P",
    hasCheckDigit: true,
    charset: ALNUM,
    lengths: [9],
    pattern: /^\d{8}[A-Z]$/,
    check: checkVat,
  }),
);

/** Every Cypriot identifier type. */
export const types = [id, he, vat] as const;
