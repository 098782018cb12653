/** Finland: henkilötunnus (HETU), Y-tunnus (business ID) and ALV-numero (VAT). */
import * as stdAlv from "stdnum/lib/cjs/fi/alv.js";
import * as stdYtunnus from "stdnum/lib/cjs/fi/ytunnus.js";
import { checkDate, num } from "../core/dates.js";
import { type CheckOutcome, defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";
import type { ValidateOptions } from "../core/types.js";

/** Century signs, including those added on 1 January 2023 (Act 128/2010 as amended). */
const CENTURIES: Readonly<Record<string, number>> = {
  "+": 1800,
  "-": 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};
const CONTROL = "0123456789ABCDEFHJKLMNPRSTUVWXY";

function checkHetu(c: string, options: ValidateOptions): CheckOutcome {
  const century = CENTURIES[c.charAt(6)];
  if (century === undefined) return "bad_format";
  const dateError = checkDate(century + num(c, 4, 6), num(c, 2, 4), num(c, 0, 2), options.now);
  if (dateError) return dateError;
  const individual = num(c, 7, 10);
  // 000-001 are never issued; 900-999 are temporary numbers, not personal identity codes.
  if (individual < 2 || individual >= 900) return "bad_component";
  const control = CONTROL.charAt(Number(c.slice(0, 6) + c.slice(7, 10)) % 31);
  return control === c.charAt(10) ? null : "bad_check_digit";
}

/** Finnish personal identity code: DDMMYY, century sign, individual number, control character. */
export const hetu = /* @__PURE__ */ defineType({
  id: "fi.hetu",
  country: "FI",
  kind: "personal",
  category: "national_id",
  name: "Finnish personal identity code",
  localName: "Henkilötunnus (HETU)",
  example: "131052-308T",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  separators: "",
  charset: /^[0-9A-Z+-]$/,
  lengths: [11],
  pattern: /^\d{6}[-+ABCDEFYXWVU]\d{3}[0-9ABCDEFHJKLMNPRSTUVWXY]$/,
  check: checkHetu,
});

/** Finnish business ID: 7 digits and a check digit. */
export const ytunnus = /* @__PURE__ */ defineType({
  id: "fi.ytunnus",
  country: "FI",
  kind: "company",
  category: "company_register",
  name: "Finnish business ID",
  localName: "Y-tunnus",
  example: "2077474-0",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [8],
  check: /* @__PURE__ */ stdnumCheck(stdYtunnus),
  display: (n) => `${n.slice(0, 7)}-${n.slice(7)}`,
});

/** Finnish VAT number: FI + business ID without the hyphen. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("FI", "FI", {
    name: "Finnish VAT number",
    localName: "Arvonlisäveronumero (ALV-numero)",
    example: "FI20774740",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [8],
    check: /* @__PURE__ */ stdnumCheck(stdAlv),
  }),
);

/** Every Finnish identifier type. */
export const types = [hetu, ytunnus, vat] as const;
