/** United States industry classifications: NAICS 2022 and SIC (1987). Format validation. */
import { defineType } from "../core/define.js";
import { DIGIT } from "../core/specs.js";

const NAICS_SECTORS = /* @__PURE__ */ new Set([
  "11",
  "21",
  "22",
  "23",
  "31",
  "32",
  "33",
  "42",
  "44",
  "45",
  "48",
  "49",
  "51",
  "52",
  "53",
  "54",
  "55",
  "56",
  "61",
  "62",
  "71",
  "72",
  "81",
  "92",
]);

/** NAICS code: 2 (sector) to 6 (national industry) digits, starting with a defined sector. */
export const naics = /* @__PURE__ */ defineType({
  id: "us.naics",
  country: "US",
  kind: "company",
  category: "industry_code",
  name: "North American Industry Classification System code",
  localName: "NAICS",
  example: "541511",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [2, 3, 4, 5, 6],
  check: (c) => (NAICS_SECTORS.has(c.slice(0, 2)) ? null : "bad_component"),
});

/** SIC major groups (first two digits) defined in the 1987 manual. */
function sicMajorGroup(n: number): boolean {
  return (
    [1, 2, 7, 8, 9, 67, 70, 72, 73, 75, 76, 78, 79, 99].includes(n) ||
    (n >= 10 && n <= 17 && n !== 11) ||
    (n >= 20 && n <= 65) ||
    (n >= 80 && n <= 89 && n !== 85) ||
    (n >= 91 && n <= 97)
  );
}

/** Standard Industrial Classification code: 2 (major group) to 4 (industry) digits. */
export const sic = /* @__PURE__ */ defineType({
  id: "us.sic",
  country: "US",
  kind: "company",
  category: "industry_code",
  name: "Standard Industrial Classification code",
  localName: "SIC",
  example: "7372",
  hasCheckDigit: false,
  charset: DIGIT,
  lengths: [2, 3, 4],
  check: (c) => (sicMajorGroup(Number(c.slice(0, 2))) ? null : "bad_component"),
});

/** Every US identifier type. */
export const types = [naics, sic] as const;
