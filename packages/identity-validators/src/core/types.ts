import type { ErrorCode } from "./errors.js";

/** Whether an identifier names a natural person (personal data) or an organization. */
export type IdentifierKind = "personal" | "company";

/** What the identifier is for; lets a form group the catalogue. */
export type IdentifierCategory =
  | "national_id"
  | "company_register"
  | "vat"
  | "tax_id"
  | "customs"
  | "entity"
  | "security"
  | "location"
  | "industry_code";

/** Where the check logic comes from: the `stdnum` npm package or this package's own code. */
export type ImplementationSource = "stdnum" | "hand-written";

/** Options for validation. */
export interface ValidateOptions {
  /**
   * The current time, used only to reject birth dates in the future (and to pick the century
   * of Swedish 10-digit numbers). Validation never reads the clock itself: without `now`, no
   * date is rejected for being in the future.
   */
  readonly now?: Date;
}

/** Why a value was rejected. */
export interface ValidationFailure {
  /** Stable machine-readable reason. */
  readonly code: ErrorCode;
  /** English sentence for people; never contains the value itself. */
  readonly message: string;
}

/** The outcome of `validate()`. `normalized` is the canonical compact form of a valid value. */
export type ValidationResult =
  | { readonly valid: true; readonly normalized: string; readonly error: null }
  | { readonly valid: false; readonly normalized: null; readonly error: ValidationFailure };

/** Catalogue entry describing one identifier type, for forms and documentation. */
export interface IdentifierInfo {
  /** Stable id: `<scope>.<scheme>`, scope = lower-case ISO 3166-1 alpha-2, `eu` or `intl`. */
  readonly id: string;
  /** Upper-case ISO 3166-1 alpha-2 code, `EU` for EU-wide or `INTL` for international schemes. */
  readonly country: string;
  /** Person or organization. */
  readonly kind: IdentifierKind;
  /** What the identifier is for. */
  readonly category: IdentifierCategory;
  /** English name. */
  readonly name: string;
  /** Name in the issuing country's language (or the scheme's own abbreviation). */
  readonly localName: string;
  /** A valid example in display format (published sample or a synthetic number). */
  readonly example: string;
  /** True when the scheme carries a check digit/character that is verified. */
  readonly hasCheckDigit: boolean;
  /** True when the scheme embeds a date that is verified. */
  readonly hasEmbeddedDate: boolean;
  /** Where the check logic comes from. */
  readonly source: ImplementationSource;
}

/** A validator for one identifier type. */
export interface IdentifierType extends IdentifierInfo {
  /** Validates and normalizes `value`; never throws for bad input. */
  validate(value: string, options?: ValidateOptions): ValidationResult;
  /** Display form of a valid value; throws `IdentityValidatorError` when it is invalid. */
  format(value: string, options?: ValidateOptions): string;
  /** Log-safe form of the value (see the README's masking policy); never throws. */
  mask(value: string): string;
}
