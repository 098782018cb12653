export { actionHash } from "./action-hash.js";
export {
  type ApprovalClaims,
  APPROVAL_TYP,
  type IssueApprovalOptions,
  issueApprovalToken,
  type VerifyApprovalOptions,
  verifyApprovalToken,
} from "./approval.js";
export { type IssuerKeys, type VerifiedLink, type VerifyChainOptions, verifyChain } from "./chain.js";
export { cryptoBackendName, setCryptoBackend } from "./crypto/backend.js";
export {
  generateKeyPair,
  importSigningKey,
  importVerificationKey,
  jwkThumbprint,
} from "./crypto/keys.js";
export type {
  CryptoBackendName,
  Ed25519PrivateJwk,
  Ed25519PublicJwk,
  JwkLike,
  SigningKey,
  VerificationKey,
} from "./crypto/types.js";
export {
  type CanonicalizationErrorCode,
  CanonicalizationError,
  type KeyErrorCode,
  KeyError,
  OpenLeashTokenError,
  type ProofTokenErrorCode,
  ProofTokenError,
  type RequestSignatureErrorCode,
  RequestSignatureError,
} from "./errors.js";
export { canonicalize, MAX_CANONICAL_DEPTH } from "./jcs/canonicalize.js";
export { ASSURANCE_LEVELS, type Assurance, DEFAULT_CLOCK_TOLERANCE_SECONDS } from "./jws/claims.js";
export type { JwsHeader } from "./jws/compact.js";
export type { Jwks, KeySource } from "./jws/key-resolver.js";
export { contentDigest } from "./http/content-digest.js";
export type { HeadersLike } from "./http/headers.js";
export { DEFAULT_MAX_SKEW_SECONDS, SIGNATURE_ALG, SIGNATURE_LABEL, SIGNATURE_TAG } from "./http/profile.js";
export { type SignRequestOptions, signRequest } from "./http/sign-request.js";
export { type VerifiedRequest, type VerifyRequestOptions, verifyRequest } from "./http/verify-request.js";
export { KeyRing, type KeyRingState, type KeyStatus, type StoredKey } from "./keyring/keyring.js";
export {
  type ChainLink,
  type IssueProofOptions,
  issueProof,
  PROOF_TYP,
  type ProofClaims,
  type VerifyProofOptions,
  verifyProof,
} from "./proof.js";
