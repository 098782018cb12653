import { issueApprovalToken } from "@openleash/proof-tokens";
import { ApiError } from "../errors";
import type { ApprovalRow, ApprovalStatus, Assurance } from "../storage/types";
import type { ServiceContext } from "./context";
import type { InstanceKeys } from "./instance-keys";

const RANK: Record<Assurance, number> = { LOW: 0, SUBSTANTIAL: 1, HIGH: 2 };

/** What the agent sees when it polls its approval request (PROTOCOL.md §6). */
export type AgentApprovalView = {
  id: string;
  status: ApprovalStatus | "USED";
  action_hash: string;
  expires_at: string;
  decided_at: string | null;
  assurance: Assurance | null;
  approval_token: string | null;
  approval_token_expires_at: string | null;
};

/**
 * Human approval and step-up (PROTOCOL.md §6). The owner's assurance comes from how it
 * authenticated; agents long-poll, woken in-process when the owner decides (the data-folder lock
 * guarantees a single process, so an in-memory wake-up list is complete).
 */
export class ApprovalService {
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly keys: InstanceKeys,
  ) {}

  /** An owner's requests; pending ones past their deadline are marked EXPIRED on the way. */
  async list(ownerId: string, status?: ApprovalStatus): Promise<ApprovalRow[]> {
    const rows = await this.ctx.storage.listApprovals(ownerId);
    const fresh = await Promise.all(rows.map((r) => this.expireIfDue(r)));
    return status ? fresh.filter((r) => r.status === status) : fresh;
  }

  /** One of the owner's requests, or 404. */
  async get(ownerId: string, id: string): Promise<ApprovalRow> {
    const row = await this.ctx.storage.getApproval(id);
    if (!row || row.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "approval request not found");
    return this.expireIfDue(row);
  }

  private async expireIfDue(row: ApprovalRow): Promise<ApprovalRow> {
    const now = this.ctx.clock().toISOString();
    if (row.status !== "PENDING" || row.expires_at > now) return row;
    const upd = {
      status: "EXPIRED" as const,
      decided_at: now,
      decided_by: null,
      assurance: null,
      decision_note: null,
    };
    const expired =
      (await this.ctx.storage.decideApproval(row.id, upd)) ?? (await this.ctx.storage.getApproval(row.id))!;
    this.wake(row.id);
    return expired;
  }

  /**
   * Approves with the assurance of the owner's authentication. A step-up above that level is
   * refused (ASSURANCE_TOO_LOW) and changes nothing.
   */
  async approve(ownerId: string, id: string, assurance: Assurance, note?: string): Promise<ApprovalRow> {
    return this.decide(ownerId, id, "APPROVED", assurance, note);
  }

  /** Denies the request. */
  async deny(ownerId: string, id: string, assurance: Assurance, note?: string): Promise<ApprovalRow> {
    return this.decide(ownerId, id, "DENIED", assurance, note);
  }

  private async decide(
    ownerId: string,
    id: string,
    status: "APPROVED" | "DENIED",
    assurance: Assurance,
    note?: string,
  ) {
    const row = await this.get(ownerId, id);
    if (row.status !== "PENDING")
      throw new ApiError("APPROVAL_NOT_PENDING", `approval request is ${row.status}`);
    if (status === "APPROVED" && RANK[assurance] < RANK[row.min_assurance]) {
      throw new ApiError(
        "ASSURANCE_TOO_LOW",
        `this step-up needs ${row.min_assurance} assurance; an API token authenticates at ${assurance}`,
        { required_assurance: row.min_assurance, current_assurance: assurance },
      );
    }
    const decided = await this.ctx.storage.decideApproval(id, {
      status,
      decided_at: this.ctx.clock().toISOString(),
      decided_by: ownerId,
      assurance: status === "APPROVED" ? assurance : null,
      decision_note: note ?? null,
    });
    if (!decided) throw new ApiError("APPROVAL_NOT_PENDING", "approval request is no longer pending");
    this.wake(id);
    await this.ctx.audit.record({
      type: status === "APPROVED" ? "approval.approved" : "approval.denied",
      owner_id: ownerId,
      agent_id: row.agent_id,
      actor: { type: "owner", id: ownerId },
      data: { approval_id: id, assurance: decided.assurance, action_hash: row.action_hash },
    });
    return decided;
  }

  /** Answers every pending long-poll now (server shutdown); agents simply poll again. */
  wakeAll(): void {
    for (const id of [...this.waiters.keys()]) this.wake(id);
  }

  /** Wakes everyone long-polling on this request. */
  private wake(id: string): void {
    const set = this.waiters.get(id);
    if (!set) return;
    this.waiters.delete(id);
    for (const w of set) w();
  }

  private wait(id: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref(); // a pending long-poll never keeps a closing process alive
      set.add(done);
      signal?.addEventListener("abort", done, { once: true });
    });
  }

  /**
   * The agent's view, waiting up to `waitSeconds` (bounded by config) while it is pending. When
   * approved it carries a single-use approval token bound to agent, action hash and assurance.
   */
  async agentView(
    agentId: string,
    id: string,
    waitSeconds: number,
    signal?: AbortSignal,
  ): Promise<AgentApprovalView> {
    let row = await this.ctx.storage.getApproval(id);
    if (!row || row.agent_id !== agentId) throw new ApiError("NOT_FOUND", "approval request not found");
    row = await this.expireIfDue(row);
    const wait = Math.min(waitSeconds, this.ctx.config.longPollMaxSeconds);
    if (row.status === "PENDING" && wait > 0) {
      const deadline = Math.min(wait * 1000, Date.parse(row.expires_at) - this.ctx.clock().getTime());
      if (deadline > 0) await this.wait(id, deadline, signal);
      row = await this.expireIfDue((await this.ctx.storage.getApproval(id))!);
    }
    return this.view(row);
  }

  private async view(row: ApprovalRow): Promise<AgentApprovalView> {
    const base: AgentApprovalView = {
      id: row.id,
      status: row.status,
      action_hash: row.action_hash,
      expires_at: row.expires_at,
      decided_at: row.decided_at,
      assurance: row.assurance,
      approval_token: null,
      approval_token_expires_at: null,
    };
    if (row.status !== "APPROVED") return base;
    // jti = approval id: however often the agent polls, the approval can be redeemed only once.
    if (await this.ctx.storage.isJtiUsed(row.id)) return { ...base, status: "USED" };
    // An approval is redeemable for approvalTokenTtlSeconds after the owner's decision, however
    // often the agent polls: every token issued for it expires at the same moment.
    const now = this.ctx.clock();
    const deadline = Date.parse(row.decided_at!) + this.ctx.config.approvalTokenTtlSeconds * 1000;
    const ttlSeconds = Math.floor((deadline - now.getTime()) / 1000);
    if (ttlSeconds <= 0) return { ...base, status: "EXPIRED" };
    const issued = await issueApprovalToken({
      key: this.keys.active(),
      issuer: this.ctx.issuer,
      agentId: row.agent_id,
      actionHash: row.action_hash,
      assurance: row.assurance!,
      approvalId: row.id,
      ownerId: row.owner_id,
      ttlSeconds,
      now,
      jti: row.id,
    });
    return {
      ...base,
      approval_token: issued.token,
      approval_token_expires_at: issued.expiresAt.toISOString(),
    };
  }
}
