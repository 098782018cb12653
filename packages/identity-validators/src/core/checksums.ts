/** Check-digit algorithms shared by several schemes. Inputs are already-validated digit strings. */

/** Sum of digit × weight, weights aligned from the left. */
export function weightedSum(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length && i < digits.length; i++) {
    sum += (digits.charCodeAt(i) - 48) * (weights[i] ?? 0);
  }
  return sum;
}

/** Luhn (ISO/IEC 7812-1 annex B): true when the whole string, check digit included, passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ISO 7064 MOD 11,10 (hybrid system): true when the last digit completes the others. */
export function iso7064Mod11_10Valid(digits: string): boolean {
  return iso7064Mod11_10Digit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}

/** Check digit that completes `digits` under ISO 7064 MOD 11,10. */
export function iso7064Mod11_10Digit(digits: string): number {
  let check = 10;
  for (let i = 0; i < digits.length; i++) {
    check = (((check + (digits.charCodeAt(i) - 48)) % 10 || 10) * 2) % 11;
  }
  return (11 - check) % 10;
}

/**
 * ISO 7064 MOD 97-10 over an alphanumeric string, letters counting A=10 ... Z=35 (the rule of
 * IBAN and LEI, ISO 17442 section 6). Returns the remainder; a valid string leaves 1.
 */
export function mod97(text: string): number {
  let rest = 0;
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? code - 55 : code - 48;
    rest = value >= 10 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
  }
  return rest;
}

const VERHOEFF_D = [
  "0123456789",
  "1234067895",
  "2340178956",
  "3401289567",
  "4012395678",
  "5987604321",
  "6598710432",
  "7659821043",
  "8765932104",
  "9876543210",
];
const VERHOEFF_P = [
  "0123456789",
  "1576283094",
  "5803796142",
  "8916043527",
  "9453126870",
  "4286573901",
  "2793806415",
  "7046913258",
];

/** Verhoeff dihedral-group check: true when the full string, check digit included, passes. */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    const p = (VERHOEFF_P[i % 8] as string).charCodeAt(d) - 48;
    c = (VERHOEFF_D[c] as string).charCodeAt(p) - 48;
  }
  return c === 0;
}

/** GS1 mod-10 (weights 3,1 from the right, check digit included): GLN, GTIN. */
export function gs1Valid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(digits.length - 1 - i) - 48;
    sum += i % 2 === 1 ? d * 3 : d;
  }
  return sum % 10 === 0;
}
