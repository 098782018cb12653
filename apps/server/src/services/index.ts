import { RateLimiter } from "../middleware/rate-limit";
import { AgentCache } from "./agent-cache";
import { AgentService } from "./agents";
import { ApprovalService } from "./approvals";
import type { AuditService } from "./audit";
import { AuthorizeService } from "./authorize";
import type { ServiceContext } from "./context";
import { GroupService } from "./groups";
import { InstanceKeys } from "./instance-keys";
import { OwnerService } from "./owners";
import { PolicyService } from "./policies";
import { ProofService } from "./proofs";

/** The service layer the routes (and the CLI, through `openDataFolder`) work with. */
export type Services = {
  context: ServiceContext;
  owners: OwnerService;
  agents: AgentService;
  agentCache: AgentCache;
  groups: GroupService;
  policies: PolicyService;
  approvals: ApprovalService;
  authorize: AuthorizeService;
  proofs: ProofService;
  keys: InstanceKeys;
  audit: AuditService;
  /** Request counters for the per-agent and per-IP limits. */
  rateLimits: { agent: RateLimiter; ip: RateLimiter };
};

/** Wires every service over one storage, clock, id generator, config, logger and audit log. */
export async function createServices(ctx: ServiceContext, keys?: InstanceKeys): Promise<Services> {
  const instanceKeys = keys ?? (await InstanceKeys.load(ctx.storage, ctx.clock()));
  const agentCache = new AgentCache(ctx.storage);
  const policies = new PolicyService(ctx);
  const invalidate = () => policies.invalidate();
  const proofs = new ProofService(instanceKeys, ctx);
  return {
    context: ctx,
    owners: new OwnerService(ctx),
    agents: new AgentService(ctx, agentCache, invalidate),
    agentCache,
    groups: new GroupService(ctx, agentCache, invalidate),
    policies,
    approvals: new ApprovalService(ctx, instanceKeys),
    authorize: new AuthorizeService(ctx, policies, instanceKeys, proofs),
    proofs,
    keys: instanceKeys,
    audit: ctx.audit,
    rateLimits: {
      agent: new RateLimiter(ctx.config.rateLimitPerAgentPerMinute),
      ip: new RateLimiter(ctx.config.rateLimitPerIpPerMinute),
    },
  };
}

/**
 * Rotates the instance signing key (PROTOCOL.md §5) and records it in the audit log, for the admin
 * route and the CLI alike. Retired keys stay published as long as any token they signed can live:
 * proofs and approval tokens.
 */
export async function rotateInstanceKey(s: Services, actorId: string) {
  const { config, clock } = s.context;
  const ttl = Math.max(config.maxProofTtlSeconds, config.approvalTokenTtlSeconds);
  const result = await s.keys.rotate(clock(), ttl);
  await s.audit.record({
    type: "key.rotated",
    actor: { type: "admin", id: actorId },
    data: { active_kid: result.active_kid },
  });
  return result;
}

export type { AgentContext } from "./agent-cache";
export type { AgentApprovalView } from "./approvals";
export type { AuthorizeRequest, AuthorizeResponse, SignatureInfo } from "./authorize";
export type { Actor, ServiceContext } from "./context";
export type { InstanceKeyInfo } from "./instance-keys";
export type { OwnerPrincipal } from "./owners";
export type { ProofCheck } from "./proofs";
export {
  AgentCache,
  AgentService,
  ApprovalService,
  AuthorizeService,
  GroupService,
  InstanceKeys,
  OwnerService,
  PolicyService,
  ProofService,
};
export { AuditService } from "./audit";
