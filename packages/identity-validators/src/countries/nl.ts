/** Netherlands: BSN (citizen service number), KvK number, btw-id (VAT), RSIN (tax number). */
import { mod97 } from "../core/checksums.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { ALNUM, DIGIT, vatSpec } from "../core/specs.js";

/** "Elfproef": Σ digit × (9..2) − last digit ≡ 0 (mod 11); an all-zero number is not issued. */
function elfproef(c: string): CheckOutcome {
  const padded = c.padStart(9, "0");
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (padded.charCodeAt(i) - 48);
  sum -= padded.charCodeAt(8) - 48;
  if (/^0+$/.test(padded)) return "bad_component";
  return sum % 11 === 0 ? null : "bad_check_digit";
}

/** Dutch citizen service number (9 digits; 8-digit numbers get a leading zero). */
export const bsn = /* @__PURE__ */ defineType({
  id: "nl.bsn",
  country: "NL",
  kind: "personal",
  category: "national_id",
  name: "Dutch citizen service number",
  localName: "Burgerservicenummer (BSN)",
  example: "1112.22.333",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [8, 9],
  check: elfproef,
  normalize: (c) => c.padStart(9, "0"),
  display: (n) => `${n.slice(0, 4)}.${n.slice(4, 6)}.${n.slice(6)}`,
});

/** Dutch chamber of commerce number: 8 digits. Format only. */
export const kvk = /* @__PURE__ */ defineType({
  id: "nl.kvk",
  country: "NL",
  kind: "company",
  category: "company_register",
  name: "Dutch chamber of commerce number",
  localName: "KvK-nummer",
  example: "69599084",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [8],
});

/**
 * btw-id: 9 digits, "B", a 2-digit suffix (never 00). Either the 9 digits pass the elfproef, or
 * (sole proprietors since 2020) "NL" + the whole number passes ISO 7064 MOD 97-10.
 */
function checkBtw(c: string): CheckOutcome {
  if (/^0+$/.test(c.slice(0, 9)) || c.endsWith("00")) return "bad_component";
  return elfproef(c.slice(0, 9)) === null || mod97(`NL${c}`) === 1 ? null : "bad_check_digit";
}

/** Dutch VAT number: NL + 9 digits + B + 2 digits (elfproef, or MOD 97 since 2020). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("NL", "NL", {
    name: "Dutch VAT number",
    localName: "Btw-identificatienummer",
    example: "NL004495445B01",
    hasCheckDigit: true,
    charset: ALNUM,
    lengths: [12],
    pattern: /^\d{9}B\d{2}$/,
    check: checkBtw,
  }),
);

/** Dutch legal entities' and partnerships' information number (tax number), elfproef. */
export const rsin = /* @__PURE__ */ defineType({
  id: "nl.rsin",
  country: "NL",
  kind: "company",
  category: "tax_id",
  name: "Dutch legal entity tax number",
  localName: "Rechtspersonen en Samenwerkingsverbanden Informatienummer (RSIN)",
  example: "004495445",
  hasCheckDigit: true,
  charset: DIGIT,
  lengths: [9],
  check: elfproef,
});

/** Every Dutch identifier type. */
export const types = [bsn, kvk, vat, rsin] as const;
