import { type ClientOptions, createApiClient, type OpenLeashApiClient, unwrap } from "./http";
import type { paths } from "./generated/schema";
import type {
  AgentKeyRecord,
  ApiToken,
  AgentRecord,
  ApprovalRequest,
  AuditPage,
  Binding,
  CreateBindingRequest,
  CreatedApiToken,
  CreatedInvite,
  CreatedPolicy,
  CreateInviteRequest,
  DecisionRecord,
  DryRunRequest,
  DryRunResult,
  Group,
  GroupWithMembers,
  Invite,
  OwnerMe,
  Policy,
  PolicyVersion,
  PolicyVersionMeta,
  PolicyWithVersions,
} from "./types";

/** Options of {@link OpenLeashOwner}. */
export interface OpenLeashOwnerOptions extends ClientOptions {
  /** The owner's API token (from `openleash init` or an admin's `POST /v1/admin/owners`). Keep it secret. */
  token: string;
}

type Query<P extends keyof paths> = NonNullable<
  paths[P] extends { get: { parameters: { query?: infer Q } } } ? Q : never
>;
/** Filters of {@link OpenLeashOwner.listDecisions}. */
export type DecisionQuery = Query<"/v1/owner/decisions">;
/** Filters of {@link OpenLeashOwner.audit}. */
export type AuditQuery = Query<"/v1/owner/audit">;
/** Status filter of {@link OpenLeashOwner.listApprovals}. */
export type ApprovalStatus = NonNullable<Query<"/v1/owner/approval-requests">["status"]>;

/**
 * The owner API (`Authorization: Bearer <owner API token>`): invites, agents and their keys,
 * groups, policies, bindings, approvals, decisions and the audit log. Every call answers the typed
 * body or throws an {@link OpenLeashApiError}; another owner's ids are 404s.
 *
 * @example
 * const owner = new OpenLeashOwner({ baseUrl, token });
 * const { invite_url } = await owner.createInvite({ name: "shopper" });
 * for (const a of await owner.listApprovals("PENDING")) await owner.approve(a.id);
 */
export class OpenLeashOwner {
  /** The typed openapi-fetch client with the bearer token: for endpoints without a helper. */
  readonly api: OpenLeashApiClient;

  constructor(options: OpenLeashOwnerOptions) {
    if (typeof options?.token !== "string" || options.token === "") throw new TypeError("token is required");
    this.api = createApiClient(options.baseUrl, options.fetch, { authorization: `Bearer ${options.token}` });
  }

  /** The owner behind the token and the assurance level it authenticates at. */
  async me(): Promise<OwnerMe> {
    return unwrap(await this.api.GET("/v1/owner/me"));
  }

  /** Creates another API token for this owner (e.g. one per tool); the secret is returned once. */
  async createApiToken(name: string): Promise<CreatedApiToken> {
    return unwrap(await this.api.POST("/v1/owner/api-tokens", { body: { name } }));
  }
  /** This owner's API tokens (names and dates, never the secrets). */
  async listApiTokens(): Promise<ApiToken[]> {
    return unwrap(await this.api.GET("/v1/owner/api-tokens")).api_tokens;
  }
  /** Revokes an API token: requests with it are refused from now on. */
  async revokeApiToken(tokenId: string): Promise<void> {
    const params = { path: { token_id: tokenId } };
    unwrap(await this.api.POST("/v1/owner/api-tokens/{token_id}/revoke", { params }));
  }

  /** Creates a single-use agent invite; its `invite_url` (shown once) is what the agent redeems. */
  async createInvite(options: CreateInviteRequest = {}): Promise<CreatedInvite> {
    return unwrap(await this.api.POST("/v1/owner/agent-invites", { body: options }));
  }
  /** Invites with their state (used, expired); never their tokens. */
  async listInvites(): Promise<Invite[]> {
    return unwrap(await this.api.GET("/v1/owner/agent-invites")).invites;
  }

  /** This owner's agents. */
  async listAgents(): Promise<AgentRecord[]> {
    return unwrap(await this.api.GET("/v1/owner/agents")).agents;
  }
  /** One agent (404 for another owner's agent). */
  async getAgent(agentId: string): Promise<AgentRecord> {
    return unwrap(
      await this.api.GET("/v1/owner/agents/{agent_id}", { params: { path: { agent_id: agentId } } }),
    );
  }
  /** Renames an agent or changes its status (SUSPENDED agents are refused until ACTIVE again; REVOKED is final). */
  async updateAgent(
    agentId: string,
    patch: { name?: string; status?: AgentRecord["status"] },
  ): Promise<AgentRecord> {
    return unwrap(
      await this.api.PATCH("/v1/owner/agents/{agent_id}", {
        params: { path: { agent_id: agentId } },
        body: patch,
      }),
    );
  }

  /** An agent's public keys, active and revoked. */
  async listAgentKeys(agentId: string): Promise<AgentKeyRecord[]> {
    const path = { agent_id: agentId };
    return unwrap(await this.api.GET("/v1/owner/agents/{agent_id}/keys", { params: { path } })).keys;
  }
  /** Adds a public key to an agent (key rotation: add the new key, switch, revoke the old one). */
  async addAgentKey(
    agentId: string,
    publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string },
  ): Promise<AgentKeyRecord> {
    const params = { path: { agent_id: agentId } };
    const body = { public_key: { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x } };
    return unwrap(await this.api.POST("/v1/owner/agents/{agent_id}/keys", { params, body }));
  }
  /** Revokes one key: requests signed with it are refused from now on. */
  async revokeAgentKey(agentId: string, kid: string): Promise<AgentKeyRecord> {
    const params = { path: { agent_id: agentId, kid } };
    return unwrap(await this.api.POST("/v1/owner/agents/{agent_id}/keys/{kid}/revoke", { params }));
  }

  /** Creates an agent group (bind policies to it with `createBinding`). */
  async createGroup(name: string): Promise<Group> {
    return unwrap(await this.api.POST("/v1/owner/groups", { body: { name } }));
  }
  /** This owner's groups. */
  async listGroups(): Promise<Group[]> {
    return unwrap(await this.api.GET("/v1/owner/groups")).groups;
  }
  /** A group with its member agent ids. */
  async getGroup(groupId: string): Promise<GroupWithMembers> {
    return unwrap(
      await this.api.GET("/v1/owner/groups/{group_id}", { params: { path: { group_id: groupId } } }),
    );
  }
  /** Deletes a group. */
  async deleteGroup(groupId: string): Promise<void> {
    unwrap(await this.api.DELETE("/v1/owner/groups/{group_id}", { params: { path: { group_id: groupId } } }));
  }
  /** Puts an agent into a group. */
  async addGroupMember(groupId: string, agentId: string): Promise<void> {
    const params = { path: { group_id: groupId, agent_id: agentId } };
    unwrap(await this.api.PUT("/v1/owner/groups/{group_id}/members/{agent_id}", { params }));
  }
  /** Takes an agent out of a group. */
  async removeGroupMember(groupId: string, agentId: string): Promise<void> {
    const params = { path: { group_id: groupId, agent_id: agentId } };
    unwrap(await this.api.DELETE("/v1/owner/groups/{group_id}/members/{agent_id}", { params }));
  }

  /** Uploads a policy (YAML); invalid YAML is a 400 whose problem `errors` carry line and column. */
  async createPolicy(name: string, source: string): Promise<CreatedPolicy> {
    return unwrap(await this.api.POST("/v1/owner/policies", { body: { name, source } }));
  }
  /** This owner's policies. */
  async listPolicies(): Promise<Policy[]> {
    return unwrap(await this.api.GET("/v1/owner/policies")).policies;
  }
  /** A policy with the list of its versions. */
  async getPolicy(policyId: string): Promise<PolicyWithVersions> {
    return unwrap(
      await this.api.GET("/v1/owner/policies/{policy_id}", { params: { path: { policy_id: policyId } } }),
    );
  }
  /** Adds a new immutable version; bindings without a pinned version follow it at once. */
  async addPolicyVersion(policyId: string, source: string): Promise<PolicyVersionMeta> {
    const params = { path: { policy_id: policyId } };
    return unwrap(
      await this.api.POST("/v1/owner/policies/{policy_id}/versions", { params, body: { source } }),
    );
  }
  /** One version of a policy, with its YAML source. */
  async getPolicyVersion(policyId: string, version: number): Promise<PolicyVersion> {
    const params = { path: { policy_id: policyId, version } };
    return unwrap(await this.api.GET("/v1/owner/policies/{policy_id}/versions/{version}", { params }));
  }
  /** Evaluates an action against the bound (or a given) policy without recording or charging anything. */
  async dryRun(request: DryRunRequest): Promise<DryRunResult> {
    return unwrap(await this.api.POST("/v1/owner/policies/dry-run", { body: request }));
  }

  /** Binds a policy owner-wide, to a group or to one agent. */
  async createBinding(binding: CreateBindingRequest): Promise<Binding> {
    return unwrap(await this.api.POST("/v1/owner/bindings", { body: binding }));
  }
  /** This owner's bindings, in evaluation order. */
  async listBindings(): Promise<Binding[]> {
    return unwrap(await this.api.GET("/v1/owner/bindings")).bindings;
  }
  /** Removes a binding (the policy stays). */
  async deleteBinding(bindingId: string): Promise<void> {
    unwrap(
      await this.api.DELETE("/v1/owner/bindings/{binding_id}", {
        params: { path: { binding_id: bindingId } },
      }),
    );
  }

  /** Approval requests, optionally only those with `status` (e.g. PENDING). */
  async listApprovals(status?: ApprovalStatus): Promise<ApprovalRequest[]> {
    const params = { query: status ? { status } : {} };
    return unwrap(await this.api.GET("/v1/owner/approval-requests", { params })).approval_requests;
  }
  /** One approval request, with the action it is about. */
  async getApproval(id: string): Promise<ApprovalRequest> {
    return unwrap(await this.api.GET("/v1/owner/approval-requests/{id}", { params: { path: { id } } }));
  }
  /** Approves a pending request; the assurance level is how this owner authenticated (API token: LOW). */
  async approve(id: string, options: { note?: string } = {}): Promise<ApprovalRequest> {
    const params = { path: { id } };
    return unwrap(await this.api.POST("/v1/owner/approval-requests/{id}/approve", { params, body: options }));
  }
  /** Denies a pending request; the waiting agent sees DENIED. */
  async deny(id: string, options: { note?: string } = {}): Promise<ApprovalRequest> {
    const params = { path: { id } };
    return unwrap(await this.api.POST("/v1/owner/approval-requests/{id}/deny", { params, body: options }));
  }

  /** Recorded decisions, newest first, with a cursor for the next page. */
  async listDecisions(
    query: DecisionQuery = {},
  ): Promise<{ decisions: DecisionRecord[]; next_cursor: string | null }> {
    return unwrap(await this.api.GET("/v1/owner/decisions", { params: { query } }));
  }
  /** This owner's audit records (scope-filtered by the server). */
  async audit(query: AuditQuery = {}): Promise<AuditPage> {
    return unwrap(await this.api.GET("/v1/owner/audit", { params: { query } }));
  }
}
