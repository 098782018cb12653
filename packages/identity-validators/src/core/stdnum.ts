import type { CheckOutcome } from "./define.js";
import type { ErrorCode } from "./errors.js";

/** The part of a `stdnum` validator module this package relies on. */
export interface StdnumValidator {
  validate(value: string): { isValid: boolean; error?: { name: string } };
}

const CODES: Readonly<Record<string, ErrorCode>> = {
  InvalidChecksum: "bad_check_digit",
  InvalidLength: "bad_length",
  InvalidFormat: "bad_format",
  InvalidComponent: "bad_component",
};

/**
 * Adapts a `stdnum` validator (imported per file, e.g. `stdnum/lib/cjs/se/vat.js`, so bundles
 * only carry that scheme) into a check step. Length and character checks run before it in
 * `defineType`, so what it reports is mostly the checksum or a component.
 */
export function stdnumCheck(
  validator: StdnumValidator,
  toInput: (compact: string) => string = (compact) => compact,
): (compact: string) => CheckOutcome {
  return (compact) => {
    const result = validator.validate(toInput(compact));
    if (result.isValid) return null;
    return CODES[result.error?.name ?? ""] ?? "bad_format";
  };
}
