/**
 * @openleash/sdk — the TypeScript SDK of OpenLeash: agents ask before acting (RFC 9421-signed
 * `POST /v1/authorize`), owners decide, counterparties verify proofs offline.
 */
export { createAction, type CreateActionInput } from "./action";
export { OpenLeashAdmin, type OpenLeashAdminOptions } from "./admin";
export {
  type AuthorizeAndWaitOptions,
  type AuthorizeOptions,
  OpenLeashAgent,
  type OpenLeashAgentOptions,
} from "./agent";
export { OpenLeashApiError, OpenLeashError, type Problem, type SdkErrorCode } from "./errors";
export type { components, operations, paths } from "./generated/schema";
export { type ClientOptions, createApiClient, type OpenLeashApiClient } from "./http";
export { parseInvite, type RedeemedInvite, type RedeemInviteOptions, redeemInvite } from "./invite";
export { type Jwks, JwksCache, type JwksCacheOptions } from "./jwks-cache";
export { type AgentKey, generateAgentKey, importAgentKey } from "./keys";
export {
  type ApprovalStatus,
  type AuditQuery,
  type DecisionQuery,
  OpenLeashOwner,
  type OpenLeashOwnerOptions,
} from "./owner";
export { OpenLeashPublic } from "./public";
export {
  createSigningFetch,
  type FetchLike,
  type SigningOptions,
  signHttpRequest,
  signingMiddleware,
} from "./signing";
export type * from "./types";
export {
  defaultJwksCache,
  type VerifiedProof,
  type VerifyProofChainOptions,
  type VerifyProofOfflineOptions,
  verifyProofChain,
  verifyProofOffline,
} from "./verify";
export type { WaitForApprovalOptions } from "./wait";
// Re-exported from @openleash/proof-tokens so SDK users need one import (never reimplemented here).
export {
  actionHash,
  type Ed25519PrivateJwk,
  type Ed25519PublicJwk,
  OpenLeashTokenError,
  type ProofClaims,
  ProofTokenError,
  RequestSignatureError,
  KeyError,
} from "@openleash/proof-tokens";
