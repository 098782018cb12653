/**
 * Machine-readable reasons why an identifier was rejected. The strings are part of the public
 * contract: they never change meaning once released.
 */
export type ErrorCode =
  /** Nothing left after removing whitespace and separators. */
  | "empty"
  /** A character that the scheme never allows (e.g. a letter in an all-digit number). */
  | "invalid_characters"
  /** The number of characters (after normalization) is not one the scheme allows. */
  | "bad_length"
  /** Allowed characters and length, but in the wrong arrangement (letter in a digit position). */
  | "bad_format"
  /** The check digit or check character does not match the rest of the number. */
  | "bad_check_digit"
  /** An embedded date that does not exist on the calendar (31 February, month 13...). */
  | "impossible_date"
  /** An embedded birth date after the `now` the caller passed in. */
  | "future_date"
  /** Some other part of the number is not one the scheme issues (region, serial, prefix...). */
  | "bad_component";

/** Default English message for every {@link ErrorCode}. */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  empty: "no identifier was given",
  invalid_characters: "contains characters the scheme does not allow",
  bad_length: "has the wrong number of characters",
  bad_format: "does not have the scheme's format",
  bad_check_digit: "check digit does not match",
  impossible_date: "embedded date does not exist",
  future_date: "embedded date lies in the future",
  bad_component: "contains a part the scheme does not issue",
};

/** Codes of {@link IdentityValidatorError}: a rejected identifier, or an unknown type id. */
export type IdentityValidatorErrorCode = ErrorCode | "unknown_type";

/**
 * The one error class of this package. Thrown by `format()` for an invalid identifier and by
 * the registry for a type id it does not know. Its message never contains the identifier
 * itself, since personal identifiers are personal data.
 */
export class IdentityValidatorError extends Error {
  /** Stable machine-readable reason. */
  readonly code: IdentityValidatorErrorCode;
  /** The type id the error is about (e.g. `se.personnummer`). */
  readonly type: string;

  constructor(code: IdentityValidatorErrorCode, type: string, message: string) {
    super(message);
    this.name = "IdentityValidatorError";
    this.code = code;
    this.type = type;
  }
}
