/**
 * @openleash/identity-validators: validate, normalize, format and mask EU personal and company
 * identifiers. Import a country's validators from its subpath (`@openleash/identity-validators/se`)
 * to keep bundles small; the root brings the registry of every type.
 */
export {
  type ErrorCode,
  ERROR_MESSAGES,
  IdentityValidatorError,
  type IdentityValidatorErrorCode,
} from "./core/errors.js";
export type {
  IdentifierCategory,
  IdentifierInfo,
  IdentifierKind,
  IdentifierType,
  ImplementationSource,
  ValidateOptions,
  ValidationFailure,
  ValidationResult,
} from "./core/types.js";
export { ALL_TYPES, catalogue, format, getType, mask, validate } from "./registry.js";
