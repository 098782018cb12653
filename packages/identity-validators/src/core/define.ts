import { ERROR_MESSAGES, type ErrorCode, IdentityValidatorError } from "./errors.js";
import type {
  IdentifierInfo,
  IdentifierType,
  ValidateOptions,
  ValidationFailure,
  ValidationResult,
} from "./types.js";

/** What a scheme-specific check may return: nothing (passes), a code, or a code and message. */
export type CheckOutcome = ErrorCode | { readonly code: ErrorCode; readonly message: string } | null;

/** Declarative description of one identifier type, turned into a validator by {@link defineType}. */
export interface TypeSpec extends Omit<IdentifierInfo, "source" | "hasEmbeddedDate"> {
  readonly source?: IdentifierInfo["source"];
  readonly hasEmbeddedDate?: boolean;
  /** Characters dropped while normalizing (whitespace always is). Default: `-./`. */
  readonly separators?: string;
  /** Optional leading prefixes removed before checking (country codes, register letters). */
  readonly prefixes?: readonly string[];
  /** Every character of the compact value must match this (one character) class. */
  readonly charset: RegExp;
  /** Allowed lengths of the compact value (after prefix removal). */
  readonly lengths: readonly number[];
  /** Arrangement of characters; a mismatch is `bad_format`. */
  readonly pattern?: RegExp;
  /** Scheme-specific checks: dates, check digits, components. */
  readonly check?: (compact: string, options: ValidateOptions) => CheckOutcome;
  /** Canonical form of a valid compact value (e.g. re-adds the VAT country prefix). */
  readonly normalize?: (compact: string) => string;
  /** Display form of a normalized value. */
  readonly display?: (normalized: string) => string;
}

const NO_OPTIONS: ValidateOptions = {};

function fail(spec: TypeSpec, outcome: Exclude<CheckOutcome, null>): ValidationResult {
  const error: ValidationFailure =
    typeof outcome === "string"
      ? { code: outcome, message: `${spec.name}: ${ERROR_MESSAGES[outcome]}` }
      : { code: outcome.code, message: `${spec.name}: ${outcome.message}` };
  return { valid: false, normalized: null, error };
}

/** Upper-cases and removes whitespace and the scheme's separators. */
export function clean(value: string, separators: string): string {
  let out = "";
  for (const ch of value.toUpperCase()) {
    if (/\s/u.test(ch) || separators.includes(ch)) continue;
    out += ch;
  }
  return out;
}

function stripPrefix(compact: string, prefixes: readonly string[] | undefined): string {
  for (const prefix of prefixes ?? []) {
    if (compact.startsWith(prefix)) return compact.slice(prefix.length);
  }
  return compact;
}

function run(spec: TypeSpec, value: string, options: ValidateOptions): ValidationResult {
  if (typeof value !== "string") return fail(spec, "invalid_characters");
  const compact = stripPrefix(clean(value, spec.separators ?? "-./"), spec.prefixes);
  if (compact.length === 0) return fail(spec, "empty");
  for (const ch of compact) {
    if (!spec.charset.test(ch)) return fail(spec, "invalid_characters");
  }
  if (!spec.lengths.includes(compact.length)) return fail(spec, "bad_length");
  if (spec.pattern && !spec.pattern.test(compact)) return fail(spec, "bad_format");
  const outcome = spec.check ? spec.check(compact, options) : null;
  if (outcome !== null) return fail(spec, outcome);
  return { valid: true, normalized: spec.normalize ? spec.normalize(compact) : compact, error: null };
}

/**
 * Masks a value for logs; never returns the whole value. Personal identifiers keep at most their
 * last two characters (none when shorter than 8); company identifiers, which are public register
 * data, keep their first two and last three characters from 10 characters on, their last two
 * from 5 on, nothing below. Values that do not validate are masked completely, since nothing is
 * known about which part is which.
 */
export function maskNormalized(kind: IdentifierInfo["kind"], normalized: string): string {
  const text = normalized.replace(/[^0-9A-Za-z]/g, "");
  const stars = (n: number) => "*".repeat(Math.max(n, 1));
  if (kind === "personal")
    return text.length >= 8 ? stars(text.length - 2) + text.slice(-2) : stars(text.length);
  if (text.length >= 10) return text.slice(0, 2) + stars(text.length - 5) + text.slice(-3);
  if (text.length >= 5) return stars(text.length - 2) + text.slice(-2);
  return stars(text.length);
}

/** Fully masked stand-in for a value that did not validate (length capped at 32). */
export function maskInvalid(value: unknown): string {
  const length = typeof value === "string" ? Math.min(clean(value, "").length, 32) : 0;
  return "*".repeat(Math.max(length, 1));
}

function maskValue(spec: TypeSpec, value: string): string {
  const result = run(spec, value, NO_OPTIONS);
  return result.valid ? maskNormalized(spec.kind, result.normalized) : maskInvalid(value);
}

/**
 * Builds a validator from a declarative spec. Mark calls with a pure annotation
 * (`/* @__PURE__ *\/ defineType(...)`) so bundlers can drop unused types.
 */
export function defineType(spec: TypeSpec): IdentifierType {
  return {
    id: spec.id,
    country: spec.country,
    kind: spec.kind,
    category: spec.category,
    name: spec.name,
    localName: spec.localName,
    example: spec.example,
    hasCheckDigit: spec.hasCheckDigit,
    hasEmbeddedDate: spec.hasEmbeddedDate ?? false,
    source: spec.source ?? "hand-written",
    validate: (value, options) => run(spec, value, options ?? NO_OPTIONS),
    format(value, options) {
      const result = run(spec, value, options ?? NO_OPTIONS);
      if (!result.valid) {
        throw new IdentityValidatorError(result.error.code, spec.id, result.error.message);
      }
      return spec.display ? spec.display(result.normalized) : result.normalized;
    },
    mask: (value) => maskValue(spec, value),
  };
}
