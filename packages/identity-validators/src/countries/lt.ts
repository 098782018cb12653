/** Lithuania: asmens kodas (personal code), juridinio asmens kodas (company), PVM (VAT). */
import * as stdPvm from "stdnum/lib/cjs/lt/pvm.js";
import { checkBalticCode } from "../core/baltic.js";
import { defineType } from "../core/define.js";
import { DIGIT, vatSpec } from "../core/specs.js";
import { stdnumCheck } from "../core/stdnum.js";

/** Lithuanian personal code: GYYMMDDSSSC (same scheme as Estonia's; "9" codes carry no date). */
export const asmensKodas = /* @__PURE__ */ defineType({
  id: "lt.ak",
  country: "LT",
  kind: "personal",
  category: "national_id",
  name: "Lithuanian personal code",
  localName: "Asmens kodas",
  example: "33309240064",
  hasCheckDigit: true,
  hasEmbeddedDate: true,
  charset: DIGIT,
  lengths: [11],
  check: (c, options) => checkBalticCode(c, options, true),
});

/** Lithuanian legal entity code: 9 digits. Format only. */
export const jak = /* @__PURE__ */ defineType({
  id: "lt.jak",
  country: "LT",
  kind: "company",
  category: "company_register",
  name: "Lithuanian legal entity code",
  localName: "Juridinio asmens kodas",
  example: "110053842",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [9],
});

/** Lithuanian VAT number: LT + 9 digits (legal persons) or 12 digits (others). */
export const vat = /* @__PURE__ */ defineType(
  /* @__PURE__ */ vatSpec("LT", "LT", {
    name: "Lithuanian VAT number",
    localName: "PVM mokėtojo kodas",
    example: "LT119511515",
    hasCheckDigit: true,
    source: "stdnum",
    charset: DIGIT,
    lengths: [9, 12],
    check: /* @__PURE__ */ stdnumCheck(stdPvm),
  }),
);

/** Every Lithuanian identifier type. */
export const types = [asmensKodas, jak, vat] as const;
