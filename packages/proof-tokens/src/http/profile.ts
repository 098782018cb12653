/** PROTOCOL.md §3 constants of the OpenLeash RFC 9421 profile. */

/** The `tag` parameter that marks an OpenLeash agent signature (RFC 9421 §2.3). */
export const SIGNATURE_TAG = "openleash";
/** RFC 9421 §6.2.2 algorithm name for Ed25519. */
export const SIGNATURE_ALG = "ed25519";
/** The signature label this package writes (any label is accepted when verifying). */
export const SIGNATURE_LABEL = "sig1";
/** Default ± window around `created`, in seconds. */
export const DEFAULT_MAX_SKEW_SECONDS = 120;
/** Shortest accepted nonce: 22 characters is 128 bits in base64url. */
export const MIN_NONCE_LENGTH = 22;
/** Longest accepted nonce. */
export const MAX_NONCE_LENGTH = 256;
