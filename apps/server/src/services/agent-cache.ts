import { importVerificationKey, type VerificationKey } from "@openleash/proof-tokens";
import type { AgentRow, OwnerRow, Storage } from "../storage/types";

/** What the hot path needs about an authenticated agent, resolved once and cached. */
export type AgentContext = { agent: AgentRow; owner: OwnerRow; groups: string[] };

type KeyEntry = { kid: string; agentId: string; key: VerificationKey };

/** Bounded map: the oldest entry goes first once `max` is reached (insertion order). */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly max: number) {
    super();
  }
  override set(key: string, value: V): this {
    if (!this.has(key) && this.size >= this.max) {
      const oldest = this.keys().next().value;
      if (oldest !== undefined) this.delete(oldest);
    }
    return super.set(key, value);
  }
}

/**
 * In-memory caches of imported agent verification keys and agent contexts. Only keys that exist
 * and are ACTIVE are cached (never a miss), so a flood of unknown key ids stores nothing.
 * Every write that changes an agent, a key or a group membership invalidates here.
 */
export class AgentCache {
  private readonly keys = new BoundedMap<KeyEntry>(10_000);
  private readonly agents = new BoundedMap<AgentContext>(10_000);

  constructor(private readonly storage: Storage) {}

  /** The ACTIVE key with this kid, imported once; null for unknown or revoked keys. */
  async resolveKey(kid: string): Promise<KeyEntry | null> {
    const hit = this.keys.get(kid);
    if (hit) return hit;
    const row = await this.storage.getAgentKey(kid);
    if (!row) return null;
    if (row.status !== "ACTIVE") return null; // revoked keys are as unknown as never-seen ones
    const entry = { kid, agentId: row.agent_id, key: await importVerificationKey(row.public_jwk) };
    this.keys.set(kid, entry);
    return entry;
  }

  /** The agent with its owner and group ids. */
  async context(agentId: string): Promise<AgentContext | null> {
    const hit = this.agents.get(agentId);
    if (hit) return hit;
    const agent = await this.storage.getAgent(agentId);
    if (!agent) return null;
    const [owner, groups] = await Promise.all([
      this.storage.getOwner(agent.owner_id),
      this.storage.listAgentGroups(agentId),
    ]);
    if (!owner) return null;
    const ctx = { agent, owner, groups };
    this.agents.set(agentId, ctx);
    return ctx;
  }

  /** Forgets one key (revocation). */
  dropKey(kid: string): void {
    this.keys.delete(kid);
  }

  /** Forgets an agent's context (status, name or groups changed). */
  dropAgent(agentId: string): void {
    this.agents.delete(agentId);
  }

  /** Forgets every agent context (group deleted). */
  dropAllAgents(): void {
    this.agents.clear();
  }
}
