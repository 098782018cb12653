import { ApiError } from "../errors";
import type { GroupRow } from "../storage/types";
import type { AgentCache } from "./agent-cache";
import type { ServiceContext } from "./context";

/** Agent groups: a policy bound to a group applies to each member. */
export class GroupService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly cache: AgentCache,
    private readonly onChange: () => void,
  ) {}

  /** Creates a group; names are unique per owner. */
  async create(ownerId: string, name: string): Promise<GroupRow> {
    if ((await this.ctx.storage.listGroups(ownerId)).some((g) => g.name === name)) {
      throw new ApiError("CONFLICT", "a group with this name exists");
    }
    const group = {
      id: this.ctx.ids("grp"),
      owner_id: ownerId,
      name,
      created_at: this.ctx.clock().toISOString(),
    };
    await this.ctx.storage.createGroup(group);
    await this.ctx.audit.record({
      type: "group.created",
      owner_id: ownerId,
      actor: { type: "owner", id: ownerId },
      data: { group_id: group.id, name },
    });
    return group;
  }

  /** The owner's group with its member ids, or 404. */
  async get(ownerId: string, groupId: string): Promise<GroupRow & { members: string[] }> {
    const g = await this.ctx.storage.getGroup(groupId);
    if (!g || g.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "group not found");
    return { ...g, members: await this.ctx.storage.listGroupMembers(groupId) };
  }

  /** The owner's groups. */
  list(ownerId: string): Promise<GroupRow[]> {
    return this.ctx.storage.listGroups(ownerId);
  }

  /** Deletes a group and its bindings. */
  async remove(ownerId: string, groupId: string): Promise<void> {
    await this.get(ownerId, groupId);
    await this.ctx.storage.deleteGroup(groupId);
    this.cache.dropAllAgents();
    this.onChange();
    await this.audit(ownerId, "group.deleted", { group_id: groupId });
  }

  /** Adds one of the owner's agents to one of the owner's groups. */
  async addMember(ownerId: string, groupId: string, agentId: string): Promise<void> {
    await this.get(ownerId, groupId);
    const agent = await this.ctx.storage.getAgent(agentId);
    if (!agent || agent.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "agent not found");
    await this.ctx.storage.addGroupMember(groupId, agentId);
    this.cache.dropAgent(agentId);
    this.onChange();
    await this.audit(ownerId, "group.member_added", { group_id: groupId, agent_id: agentId });
  }

  /** Removes a member; 404 when it was not one. */
  async removeMember(ownerId: string, groupId: string, agentId: string): Promise<void> {
    await this.get(ownerId, groupId);
    if (!(await this.ctx.storage.removeGroupMember(groupId, agentId))) {
      throw new ApiError("NOT_FOUND", "agent is not a member of this group");
    }
    this.cache.dropAgent(agentId);
    this.onChange();
    await this.audit(ownerId, "group.member_removed", { group_id: groupId, agent_id: agentId });
  }

  private async audit(ownerId: string, type: string, data: Record<string, unknown>) {
    await this.ctx.audit.record({ type, owner_id: ownerId, actor: { type: "owner", id: ownerId }, data });
  }
}
