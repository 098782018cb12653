import { actionHashSync, actionHash as computeActionHash } from "./action-hash.js";
import { syncSigner } from "./crypto/keys.js";
import type { SigningKey } from "./crypto/types.js";
import { ProofTokenError } from "./errors.js";
import {
  type Assurance,
  ASSURANCE_LEVELS,
  checkAudience,
  checkIssuer,
  checkTimes,
  epochSeconds,
  optionalStringClaim,
  requireString,
  requireTtl,
  stringClaim,
  toleranceOf,
} from "./jws/claims.js";
import { type JwsHeader, signCompact, signCompactWith, verifyCompact } from "./jws/compact.js";
import { type KeySource, kidResolver } from "./jws/key-resolver.js";

/** JWS `typ` of proof tokens (PROTOCOL.md §5). */
export const PROOF_TYP = "openleash-proof+jwt";

/** One link of a proof chain: a proof presented with the request that this proof was issued for. */
export interface ChainLink {
  jti: string;
  iss: string;
}

/** Claims of a proof token (PROTOCOL.md §5). */
export interface ProofClaims {
  iss: string;
  sub: string;
  aud?: string;
  iat: number;
  exp: number;
  jti: string;
  action_type: string;
  action_hash: string;
  owner: string;
  policy_version: string;
  matched_rule: string | null;
  approval_id?: string;
  assurance?: Assurance;
  chain?: ChainLink[];
}

/** Options of {@link issueProof}. */
export interface IssueProofOptions {
  key: SigningKey;
  issuer: string;
  agentId: string;
  ownerId: string;
  /** The action as the agent sent it; `type` becomes `action_type`. */
  action: { type?: unknown; relying_party?: unknown; [member: string]: unknown };
  /** The precomputed action hash (saves hashing twice when the caller already has it). */
  actionHash?: string;
  /** `aud`; defaults to `action.relying_party.domain` when the action names one. */
  audience?: string;
  policyVersion: string;
  matchedRule: string | null;
  /** Becomes the `jti`. */
  decisionId: string;
  ttlSeconds: number;
  now: Date;
  approvalId?: string;
  assurance?: string;
  chain?: ChainLink[];
}

function defaultAudience(action: IssueProofOptions["action"]): string | undefined {
  const rp = action.relying_party;
  if (typeof rp === "object" && rp !== null) {
    const domain = (rp as { domain?: unknown }).domain;
    if (typeof domain === "string" && domain !== "") return domain;
  }
  return undefined;
}

function checkChain(chain: unknown): ChainLink[] {
  if (!Array.isArray(chain)) throw new TypeError("chain must be an array");
  return chain.map((link, i) => ({
    jti: requireString((link as ChainLink)?.jti, `chain[${i}].jti`),
    iss: requireString((link as ChainLink)?.iss, `chain[${i}].iss`),
  }));
}

function checkAssurance(value: unknown, name: string): Assurance {
  if (!ASSURANCE_LEVELS.includes(value as Assurance))
    throw new TypeError(`${name} must be LOW, SUBSTANTIAL or HIGH`);
  return value as Assurance;
}

function checkIssueInput(options: IssueProofOptions): void {
  if (!options?.key || typeof options.key.sign !== "function")
    throw new TypeError("key must be a SigningKey");
  if (typeof options.action !== "object" || options.action === null)
    throw new TypeError("action must be an object");
}

/**
 * The claims of a proof, in the order of PROTOCOL.md §5 (insertion order is serialization order).
 * Options are checked in that same order; the object is then made by one of two literals (with or
 * without `aud`), so every proof of one kind has the same hidden class for JSON.stringify.
 */
function proofClaimsFor(options: IssueProofOptions, hash: string): ProofClaims {
  const { action } = options;
  const iat = epochSeconds(options.now);
  const audience = options.audience ?? defaultAudience(action);
  const iss = requireString(options.issuer, "issuer");
  const sub = requireString(options.agentId, "agentId");
  const aud = audience === undefined ? undefined : requireString(audience, "audience");
  const exp = iat + requireTtl(options.ttlSeconds);
  const jti = requireString(options.decisionId, "decisionId");
  const action_type = requireString(action.type, "action.type");
  const action_hash = requireString(hash, "actionHash");
  const owner = requireString(options.ownerId, "ownerId");
  const policy_version = requireString(options.policyVersion, "policyVersion");
  const matched_rule =
    options.matchedRule === null ? null : requireString(options.matchedRule, "matchedRule");
  const claims: ProofClaims =
    aud === undefined
      ? { iss, sub, iat, exp, jti, action_type, action_hash, owner, policy_version, matched_rule }
      : { iss, sub, aud, iat, exp, jti, action_type, action_hash, owner, policy_version, matched_rule };
  if (options.approvalId !== undefined) claims.approval_id = requireString(options.approvalId, "approvalId");
  if (options.assurance !== undefined) claims.assurance = checkAssurance(options.assurance, "assurance");
  if (options.chain !== undefined && options.chain.length > 0) claims.chain = checkChain(options.chain);
  return claims;
}

type IssuedProof = { token: string; claims: ProofClaims; expiresAt: Date };

async function issueProofAsync(options: IssueProofOptions, hash: string | null): Promise<IssuedProof> {
  const claims = proofClaimsFor(options, hash ?? (await computeActionHash(options.action)));
  const token = await signCompact(PROOF_TYP, claims, options.key);
  return { token, claims, expiresAt: new Date(claims.exp * 1000) };
}

/**
 * Issue a proof token (PROTOCOL.md §5) for an ALLOW decision: an EdDSA JWT with header
 * `{"alg":"EdDSA","typ":"openleash-proof+jwt","kid":...}` signed by native Ed25519. On node:crypto
 * the whole issue runs synchronously (hash, claims, signature) and resolves one promise.
 *
 * @example
 * const { token, claims, expiresAt } = await issueProof({
 *   key: ring.active(), issuer: "https://leash.example", agentId: "agt_1", ownerId: "usr_1",
 *   action, policyVersion: "pv_3", matchedRule: "small-purchases", decisionId: "dec_9",
 *   ttlSeconds: 120, now: new Date(),
 * });
 */
export function issueProof(options: IssueProofOptions): Promise<IssuedProof> {
  let hash: string | null;
  try {
    checkIssueInput(options);
    hash = options.actionHash ?? actionHashSync(options.action);
    const signer = syncSigner(options.key);
    if (hash !== null && signer) {
      const claims = proofClaimsFor(options, hash);
      const token = signCompactWith(PROOF_TYP, claims, options.key.kid, signer);
      return Promise.resolve({ token, claims, expiresAt: new Date(claims.exp * 1000) });
    }
  } catch (e) {
    return Promise.reject(e);
  }
  return issueProofAsync(options, hash);
}

/** Options of {@link verifyProof}. */
export interface VerifyProofOptions {
  token: string;
  /** The issuer's JWKS, or a resolver from kid to a JWK / imported key. */
  jwks: KeySource;
  /** The action the verifier actually received; its hash must equal `action_hash`. */
  action?: object;
  /** Alternative to `action`: the expected action hash. */
  actionHash?: string;
  /** The verifier's own domain; must be in `aud`. */
  audience?: string;
  /** The expected `iss`. */
  issuer?: string;
  /** Verification time; defaults to the current time. */
  now?: Date;
  /** Slack for exp/nbf/iat, default 5 s. */
  clockToleranceSeconds?: number;
}

/** Structural checks of a signed proof payload; returns it typed. */
export function proofClaimsOf(payload: Record<string, unknown>): ProofClaims {
  stringClaim(payload, "sub");
  stringClaim(payload, "jti");
  stringClaim(payload, "action_type");
  stringClaim(payload, "action_hash");
  stringClaim(payload, "owner");
  stringClaim(payload, "policy_version");
  if (payload.matched_rule !== null) stringClaim(payload, "matched_rule");
  optionalStringClaim(payload, "approval_id");
  if (payload.assurance !== undefined && !ASSURANCE_LEVELS.includes(payload.assurance as Assurance)) {
    throw new ProofTokenError("MALFORMED_TOKEN", "claim assurance is not a level", { claim: "assurance" });
  }
  if (payload.chain !== undefined) {
    const chain = payload.chain;
    const ok =
      Array.isArray(chain) &&
      chain.every(
        (l) => typeof l?.jti === "string" && l.jti !== "" && typeof l.iss === "string" && l.iss !== "",
      );
    if (!ok) throw new ProofTokenError("MALFORMED_TOKEN", "claim chain is malformed", { claim: "chain" });
  }
  return payload as unknown as ProofClaims;
}

/**
 * Verify a proof token offline (PROTOCOL.md §5): signature first (a bad signature wins over every
 * claim problem), then `typ`, then `iss`/`aud`/`exp`/`nbf`/`iat` with a small clock tolerance, then
 * the recomputed action hash. Throws {@link ProofTokenError} with a stable code.
 *
 * @example
 * const { claims } = await verifyProof({ token, jwks, action, audience: "storeco.example",
 *   issuer: "https://leash.example" });
 */
export async function verifyProof(
  options: VerifyProofOptions,
): Promise<{ claims: ProofClaims; header: JwsHeader }> {
  const nowSeconds = epochSeconds(options.now ?? new Date());
  const tolerance = toleranceOf(options.clockToleranceSeconds);
  const { header, payload } = await verifyCompact(options.token, kidResolver(options.jwks), PROOF_TYP);
  checkIssuer(payload, options.issuer);
  checkAudience(payload, options.audience);
  checkTimes(payload, nowSeconds, tolerance);
  const claims = proofClaimsOf(payload);
  await checkActionHash(claims.action_hash, options);
  return { claims, header };
}

/** Compare a token's `action_hash` with the received action (or an expected hash). */
export async function checkActionHash(
  tokenHash: string,
  options: { action?: object | undefined; actionHash?: string | undefined },
): Promise<void> {
  let expected = options.actionHash;
  if (options.action !== undefined) {
    const recomputed = await computeActionHash(options.action);
    if (expected !== undefined && expected !== recomputed)
      throw new TypeError("action and actionHash disagree");
    expected = recomputed;
  }
  if (expected !== undefined && expected !== tokenHash) {
    throw new ProofTokenError("ACTION_HASH_MISMATCH", "token is for another action", {
      claim: "action_hash",
    });
  }
}
