/**
 * Calendar helpers for identifiers that embed a birth or registration date. Nothing here reads
 * the clock: "is it in the future" needs the caller's `now`.
 */

/** True when year/month/day name a real day of the proleptic Gregorian calendar. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/**
 * Checks an embedded date: `impossible_date` when it does not exist, `future_date` when the
 * caller passed `now` and the date lies after it (in UTC), otherwise `null`.
 */
export function checkDate(
  year: number,
  month: number,
  day: number,
  now: Date | undefined,
): "impossible_date" | "future_date" | null {
  if (!isRealDate(year, month, day)) return "impossible_date";
  if (now !== undefined && Date.UTC(year, month - 1, day) > now.getTime()) return "future_date";
  return null;
}

/** Parses a run of ASCII digits; callers have already checked the characters. */
export function num(text: string, start: number, end: number): number {
  return Number.parseInt(text.slice(start, end), 10);
}
