/** Schemes Czechia and Slovakia share since the Czechoslovak era: rodné číslo and IČO. */
import { weightedSum } from "./checksums.js";
import { checkDate, num } from "./dates.js";
import type { CheckOutcome } from "./define.js";
import type { ValidateOptions } from "./types.js";

/**
 * Birth number: YYMMDD with 50 added to the month for women and 20 more when the day's serials
 * ran out (from 2004), then a 3-digit serial (until 1953) or a 4-digit serial whose whole
 * 10-digit number is divisible by 11 (a remainder of 10 was written as check digit 0).
 */
export function checkBirthNumber(c: string, options: ValidateOptions): CheckOutcome {
  let year = 1900 + num(c, 0, 2);
  const month = (num(c, 2, 4) % 50) % 20;
  if (c.length === 9) {
    if (year >= 1980) year -= 100;
    if (year > 1953) return { code: "bad_length", message: "9-digit numbers ended in 1953" };
  } else if (year < 1954) {
    year += 100;
  }
  const dateError = checkDate(year, month, num(c, 4, 6), options.now);
  if (dateError) return dateError;
  if (c.length === 9) return null;
  const check = (Number(BigInt(c.slice(0, 9)) % 11n) % 10).toString();
  return check === c.charAt(9) ? null : "bad_check_digit";
}

/** IČO: 8 digits, weights 8..2, check = (11 - sum mod 11) mod 10. */
export function checkIco(c: string): CheckOutcome {
  const check = ((11 - (weightedSum(c, [8, 7, 6, 5, 4, 3, 2]) % 11)) % 10).toString();
  return check === c.charAt(7) ? null : "bad_check_digit";
}
