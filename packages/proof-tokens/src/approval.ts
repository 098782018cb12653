import type { SigningKey } from "./crypto/types.js";
import { ProofTokenError } from "./errors.js";
import {
  type Assurance,
  ASSURANCE_LEVELS,
  checkAudience,
  checkIssuer,
  checkTimes,
  epochSeconds,
  randomId,
  requireString,
  requireTtl,
  stringClaim,
  toleranceOf,
} from "./jws/claims.js";
import { type JwsHeader, signCompact, verifyCompact } from "./jws/compact.js";
import { type KeySource, kidResolver } from "./jws/key-resolver.js";
import { checkActionHash } from "./proof.js";

/** JWS `typ` of approval tokens (PROTOCOL.md §6). */
export const APPROVAL_TYP = "openleash-approval+jwt";

/** Claims of an approval token (PROTOCOL.md §6). */
export interface ApprovalClaims {
  iss: string;
  /** The agent the approval was granted to. */
  sub: string;
  /** The instance itself: approval tokens are only ever redeemed where they were issued. */
  aud: string;
  iat: number;
  exp: number;
  /** Single-use identifier: the server records it when the token is redeemed. */
  jti: string;
  action_hash: string;
  assurance: Assurance;
  approval_id: string;
  owner?: string;
}

/** Options of {@link issueApprovalToken}. */
export interface IssueApprovalOptions {
  key: SigningKey;
  issuer: string;
  agentId: string;
  actionHash: string;
  /** How the owner authenticated when approving (never anything the agent sent). */
  assurance: Assurance;
  approvalId: string;
  ownerId?: string;
  /** Defaults to `issuer`. */
  audience?: string;
  ttlSeconds: number;
  now: Date;
  /** Defaults to 128 random bits. */
  jti?: string;
}

/**
 * Issue a short-lived, single-use approval token (`typ: openleash-approval+jwt`) binding the agent
 * (`sub`), the action hash, the assurance level and the approval id.
 *
 * @example
 * const { token, claims } = await issueApprovalToken({ key: ring.active(), issuer, agentId: "agt_1",
 *   actionHash, assurance: "SUBSTANTIAL", approvalId: "apr_7", ttlSeconds: 300, now: new Date() });
 */
export async function issueApprovalToken(
  options: IssueApprovalOptions,
): Promise<{ token: string; claims: ApprovalClaims; expiresAt: Date }> {
  if (!options.key || typeof options.key.sign !== "function") throw new TypeError("key must be a SigningKey");
  if (!ASSURANCE_LEVELS.includes(options.assurance))
    throw new TypeError("assurance must be LOW, SUBSTANTIAL or HIGH");
  const iat = epochSeconds(options.now);
  const issuer = requireString(options.issuer, "issuer");
  const claims: ApprovalClaims = {
    iss: issuer,
    sub: requireString(options.agentId, "agentId"),
    aud: requireString(options.audience ?? issuer, "audience"),
    iat,
    exp: iat + requireTtl(options.ttlSeconds),
    jti: options.jti === undefined ? randomId() : requireString(options.jti, "jti"),
    action_hash: requireString(options.actionHash, "actionHash"),
    assurance: options.assurance,
    approval_id: requireString(options.approvalId, "approvalId"),
  };
  if (options.ownerId !== undefined) claims.owner = requireString(options.ownerId, "ownerId");
  const token = await signCompact(APPROVAL_TYP, claims, options.key);
  return { token, claims, expiresAt: new Date(claims.exp * 1000) };
}

/** Options of {@link verifyApprovalToken}. */
export interface VerifyApprovalOptions {
  token: string;
  jwks: KeySource;
  /** Expected `iss`; also the expected `aud` unless `audience` is given. */
  issuer: string;
  audience?: string;
  /** The authenticated agent presenting the token: must be `sub`. */
  agentId?: string;
  /** The action being re-authorized (or its hash): must match `action_hash`. */
  action?: object;
  actionHash?: string;
  /** Minimum level the approval must carry (LOW < SUBSTANTIAL < HIGH). */
  minAssurance?: Assurance;
  now?: Date;
  clockToleranceSeconds?: number;
}

/**
 * Verify an approval token: signature, `typ`, `iss`, `aud`, times, then the binding to the agent and
 * the action and the assurance level. Single use is the caller's job: record `claims.jti` atomically
 * (until `claims.exp`) and refuse a second redemption.
 *
 * @example
 * const { claims } = await verifyApprovalToken({ token, jwks: ring.jwks(), issuer, agentId, action });
 * if (!store.consumeOnce(claims.jti, claims.exp)) throw new Error("APPROVAL_TOKEN_USED");
 */
export async function verifyApprovalToken(
  options: VerifyApprovalOptions,
): Promise<{ claims: ApprovalClaims; header: JwsHeader }> {
  const nowSeconds = epochSeconds(options.now ?? new Date());
  const tolerance = toleranceOf(options.clockToleranceSeconds);
  const issuer = requireString(options.issuer, "issuer");
  const { header, payload } = await verifyCompact(options.token, kidResolver(options.jwks), APPROVAL_TYP);
  checkIssuer(payload, issuer);
  checkAudience(payload, options.audience ?? issuer);
  checkTimes(payload, nowSeconds, tolerance);
  const sub = stringClaim(payload, "sub");
  stringClaim(payload, "jti");
  stringClaim(payload, "approval_id");
  const tokenHash = stringClaim(payload, "action_hash");
  const assurance = payload.assurance as Assurance;
  if (!ASSURANCE_LEVELS.includes(assurance)) {
    throw new ProofTokenError("MALFORMED_TOKEN", "claim assurance is not a level", { claim: "assurance" });
  }
  if (options.agentId !== undefined && sub !== options.agentId) {
    throw new ProofTokenError("SUBJECT_MISMATCH", "token was granted to another agent", { claim: "sub" });
  }
  await checkActionHash(tokenHash, options);
  if (
    options.minAssurance !== undefined &&
    ASSURANCE_LEVELS.indexOf(assurance) < ASSURANCE_LEVELS.indexOf(options.minAssurance)
  ) {
    throw new ProofTokenError("INSUFFICIENT_ASSURANCE", "approval level is too low", { claim: "assurance" });
  }
  return { claims: payload as unknown as ApprovalClaims, header };
}
