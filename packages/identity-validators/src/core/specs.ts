import type { TypeSpec } from "./define.js";

/** One ASCII digit. */
export const DIGIT = /^[0-9]$/;
/** One ASCII upper-case letter or digit (values are upper-cased before checking). */
export const ALNUM = /^[0-9A-Z]$/;

/** Fields every EU VAT spec shares, given its country code and VAT prefix (EL for Greece). */
export function vatSpec(
  country: string,
  prefix: string,
  spec: Omit<TypeSpec, "id" | "country" | "kind" | "category" | "prefixes" | "normalize">,
): TypeSpec {
  return {
    id: `${country.toLowerCase()}.vat`,
    country,
    kind: "company",
    category: "vat",
    prefixes: [prefix],
    normalize: (compact) => prefix + compact,
    ...spec,
  };
}

/** Groups `text` with `sep` after each position in `cuts` (e.g. `group("12345678", [2, 5])`). */
export function group(text: string, cuts: readonly number[], sep = " "): string {
  let out = "";
  let from = 0;
  for (const cut of cuts) {
    if (cut >= text.length) break;
    out += text.slice(from, cut) + sep;
    from = cut;
  }
  return out + text.slice(from);
}
