/** Estonia: isikukood (personal code), registrikood (company code), KMKR (VAT). */
import * as stdKmkr from "stdnum/lib/cjs/ee/kmkr.js";
import * as stdRegistrikood from "stdnum/lib/cjs/ee/registrikood.js";
import { checkBalticCode } from "../core/baltic.js";
import { defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/** Estonian personal identification code: GYYMMDDSSSC (EVS 585:2007). */
export const ik = /* @__PURE__ */ defineType({
  id: "ee.ik",
  country: "EE",
  kind: "personal",
  category: "national_id",
  name: "Estonian personal identification code",
  localName: "Isikukood",
  example: "36805280109",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  check: (c, options) => checkBalticCode(c, options, false),
});

/** Estonian organisation registry code (8 digits, same check digit as the personal code). */
export const registrikood = /* @__PURE__ */ defineType({
  id: "ee.registrikood",
  country: "EE",
  kind: "company",
  category: "company_register",
  name: "Estonian registry code",
  localName: "Registrikood",
  example: "12345678",
  hasCheckDigit: true,
  source: "stdnum",
  charset: DIGIT,
  lengths: [8],
  check: /* @__PURE__ */ stdnumCheck(stdRegistrikood),
});

/** Estonian VAT number: EE + 9 digits. */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("EE", "EE", {
    name: "Estonian VAT number",
    localName: "Käibemaksukohustuslase registreerimisnumber (KMKR)",
    example: "EE100931558",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [9],
    check: /* @__PURE__ */ stdnumCheck(stdKmkr),
  }),
);

/** Every Estonian identifier type. */
export const types = [ik, registrikood, vat] as const;
