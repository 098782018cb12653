import { jwkThumbprint } from "@openleash/proof-tokens";
import { ApiError } from "../errors";
import type { AgentKeyRow, AgentRow, AgentStatus, InviteRow } from "../storage/types";
import { hashSecret, newSecret, TOKEN_PREFIX } from "../util/secrets";
import type { AgentCache } from "./agent-cache";
import type { Actor, ServiceContext } from "./context";
import { type Ed25519PublicJwk, toPublicJwk } from "./jwk";

/** Called when agents or memberships change so cached effective policies are rebuilt. */
export type InvalidateHook = () => void;

/** Agents, their keys and invites, always scoped to the calling owner. */
export class AgentService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly cache: AgentCache,
    private readonly onChange: InvalidateHook,
  ) {}

  /** Creates a single-use, time-limited invite; the token is returned once and stored hashed. */
  async createInvite(
    ownerId: string,
    input: { name?: string; group_ids?: string[]; expires_in_seconds?: number },
  ) {
    const { config, clock, ids, storage } = this.ctx;
    const ttl = input.expires_in_seconds ?? config.inviteTtlSeconds;
    if (ttl > config.maxInviteTtlSeconds) {
      throw new ApiError(
        "INVALID_REQUEST",
        `expires_in_seconds must be at most ${config.maxInviteTtlSeconds}`,
      );
    }
    for (const g of input.group_ids ?? []) await this.ownedGroup(ownerId, g);
    const now = clock();
    const token = newSecret(TOKEN_PREFIX.invite);
    const invite: InviteRow = {
      id: ids("inv"),
      owner_id: ownerId,
      token_hash: hashSecret(token),
      agent_name: input.name ?? null,
      group_ids: input.group_ids ?? [],
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttl * 1000).toISOString(),
      used_at: null,
      agent_id: null,
    };
    await storage.createInvite(invite);
    await this.ctx.audit.record({
      type: "agent.invite_created",
      owner_id: ownerId,
      actor: { type: "owner", id: ownerId },
      data: { invite_id: invite.id, expires_at: invite.expires_at },
    });
    // The token travels in the URL fragment, which clients never send to servers or proxies (RFC 3986 §3.5).
    const inviteUrl = `${this.ctx.issuer}/v1/agents/register#invite=${token}`;
    return { invite, token, inviteUrl };
  }

  /** Lists an owner's invites. */
  listInvites(ownerId: string): Promise<InviteRow[]> {
    return this.ctx.storage.listInvites(ownerId);
  }

  /**
   * Redeems an invite for a key whose possession the caller has already proven (the request was
   * signed with it). The invite is consumed atomically with the agent's creation.
   */
  async register(input: { inviteToken: string; publicJwk: Ed25519PublicJwk; kid: string; name?: string }) {
    const now = this.ctx.clock().toISOString();
    const agentId = this.ctx.ids("agt");
    const agent: AgentRow = {
      id: agentId,
      owner_id: "",
      name: input.name ?? "agent",
      status: "ACTIVE",
      attributes: {},
      created_at: now,
      updated_at: now,
    };
    const key: AgentKeyRow = {
      kid: input.kid,
      agent_id: agentId,
      public_jwk: input.publicJwk,
      status: "ACTIVE",
      created_at: now,
      revoked_at: null,
    };
    const res = await this.ctx.storage.redeemInvite({
      tokenHash: hashSecret(input.inviteToken),
      now,
      agent,
      key,
    });
    if (!res.ok) {
      throw res.code === "KEY_EXISTS"
        ? new ApiError("KEY_EXISTS", "this key is already registered")
        : new ApiError("INVITE_INVALID", "invite is unknown, already used or expired");
    }
    const registered = input.name
      ? res.agent
      : { ...res.agent, name: res.invite.agent_name ?? res.agent.name };
    if (!input.name && res.invite.agent_name) {
      await this.ctx.storage.updateAgent(agentId, { name: registered.name, updated_at: now });
    }
    this.onChange();
    await this.ctx.audit.record({
      type: "agent.registered",
      owner_id: registered.owner_id,
      agent_id: agentId,
      actor: { type: "agent", id: agentId },
      data: { kid: input.kid, invite_id: res.invite.id },
    });
    return registered;
  }

  /** The owner's agent, or 404 (also for another owner's agent: existence is not revealed). */
  async get(ownerId: string, agentId: string): Promise<AgentRow> {
    const a = await this.ctx.storage.getAgent(agentId);
    if (!a || a.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "agent not found");
    return a;
  }

  /** Lists an owner's agents. */
  list(ownerId: string): Promise<AgentRow[]> {
    return this.ctx.storage.listAgents(ownerId);
  }

  /** Renames or changes the status; REVOKED is final. */
  async update(
    ownerId: string,
    agentId: string,
    patch: { name?: string; status?: AgentStatus },
    actor: Actor,
  ) {
    const current = await this.get(ownerId, agentId);
    if (current.status === "REVOKED" && patch.status && patch.status !== "REVOKED") {
      throw new ApiError("AGENT_REVOKED", "a revoked agent cannot be reactivated");
    }
    const updated = await this.ctx.storage.updateAgent(agentId, {
      ...patch,
      updated_at: this.ctx.clock().toISOString(),
    });
    this.cache.dropAgent(agentId);
    this.onChange();
    await this.ctx.audit.record({
      type: "agent.updated",
      owner_id: ownerId,
      agent_id: agentId,
      actor,
      data: { ...patch, previous_status: current.status },
    });
    return updated!;
  }

  /** The agent's keys. */
  async listKeys(ownerId: string, agentId: string): Promise<AgentKeyRow[]> {
    await this.get(ownerId, agentId);
    return this.ctx.storage.listAgentKeys(agentId);
  }

  /** Adds a key (rotation: add the new one, then revoke the old one). */
  async addKey(ownerId: string, agentId: string, jwk: unknown, actor: Actor): Promise<AgentKeyRow> {
    const agent = await this.get(ownerId, agentId);
    if (agent.status === "REVOKED") throw new ApiError("AGENT_REVOKED", "agent is revoked");
    const publicJwk = toPublicJwk(jwk);
    const row: AgentKeyRow = {
      kid: await jwkThumbprint(publicJwk),
      agent_id: agentId,
      public_jwk: publicJwk,
      status: "ACTIVE",
      created_at: this.ctx.clock().toISOString(),
      revoked_at: null,
    };
    if (!(await this.ctx.storage.addAgentKey(row)))
      throw new ApiError("KEY_EXISTS", "this key is already registered");
    await this.ctx.audit.record({
      type: "agent.key_added",
      owner_id: ownerId,
      agent_id: agentId,
      actor,
      data: { kid: row.kid },
    });
    return row;
  }

  /** Revokes one key; requests signed with it fail from now on. */
  async revokeKey(ownerId: string, agentId: string, kid: string, actor: Actor): Promise<AgentKeyRow> {
    await this.get(ownerId, agentId);
    const key = await this.ctx.storage.getAgentKey(kid);
    if (!key || key.agent_id !== agentId) throw new ApiError("NOT_FOUND", "key not found");
    if (key.status === "REVOKED") return key;
    await this.ctx.storage.revokeAgentKey(kid, this.ctx.clock().toISOString());
    this.cache.dropKey(kid);
    await this.ctx.audit.record({
      type: "agent.key_revoked",
      owner_id: ownerId,
      agent_id: agentId,
      actor,
      data: { kid },
    });
    return (await this.ctx.storage.getAgentKey(kid))!;
  }

  private async ownedGroup(ownerId: string, groupId: string) {
    const g = await this.ctx.storage.getGroup(groupId);
    if (!g || g.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "group not found");
    return g;
  }
}
