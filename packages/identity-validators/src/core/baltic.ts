/** The personal code scheme Estonia (EVS 585) and Lithuania share: GYYMMDDSSSC. */
import { checkDate, num } from "./dates.js";
import type { CheckOutcome } from "./define.js";
import type { ValidateOptions } from "./types.js";

/** Check digit: weights 1..9,1 mod 11; on 10, weights 3..9,1,2,3; on 10 again, 0. */
export function balticCheckDigit(c: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += ((i % 9) + 1) * (c.charCodeAt(i) - 48);
  let check = sum % 11;
  if (check === 10) {
    sum = 0;
    for (let i = 0; i < 10; i++) sum += (((i + 2) % 9) + 1) * (c.charCodeAt(i) - 48);
    check = sum % 11;
  }
  return check % 10;
}

/**
 * Validates the first digit (century and sex: 1/2 = 1800s ... 7/8 = 2100s), the birth date and
 * the check digit. Lithuania issues "9" codes to people without a known birth date
 * (`allowNine`); their date part is not checked.
 */
export function checkBalticCode(c: string, options: ValidateOptions, allowNine: boolean): CheckOutcome {
  const g = c.charCodeAt(0) - 48;
  if (!(g === 9 && allowNine)) {
    if (g < 1 || g > 8) return "bad_component";
    const year = 1800 + Math.floor((g - 1) / 2) * 100 + num(c, 1, 3);
    const dateError = checkDate(year, num(c, 3, 5), num(c, 5, 7), options.now);
    if (dateError) return dateError;
  }
  return balticCheckDigit(c) === c.charCodeAt(10) - 48 ? null : "bad_check_digit";
}
