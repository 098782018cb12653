import { createHash } from "node:crypto";
import {
  type CompiledPolicy,
  compilePolicy,
  type PolicyDocument,
  PolicyError,
  type PolicyLayer,
  parsePolicy,
} from "@openleash/engine";
import { ApiError } from "../errors";
import type { BindingRow, BindingScope, PolicyRow, PolicyVersionRow } from "../storage/types";
import type { AgentContext } from "./agent-cache";
import type { ServiceContext } from "./context";

const SCOPE_ORDER: Record<BindingScope, number> = { owner: 0, group: 1, agent: 2 };
const COMPILED_CACHE_MAX = 1000;

/** The compiled policy in force for one agent, with the version ids it was built from. */
export type EffectivePolicy = { compiled: CompiledPolicy; layers: string[] };

/** Turns an engine PolicyError into the problem+json the owner sees (with line and column). */
export function policyProblem(err: PolicyError): ApiError {
  const where = [err.line, err.column].every((n) => n !== undefined)
    ? ` at line ${err.line}, column ${err.column}`
    : "";
  return new ApiError("INVALID_POLICY", `${err.message}${where}`, {
    errors: [
      {
        code: err.code,
        message: err.message,
        line: err.line ?? null,
        column: err.column ?? null,
        path: err.path ?? null,
      },
    ],
  });
}

/**
 * Policies with immutable versions, bindings, and the compiled-policy cache (cerbos' compile manager
 * idea): a set of policy versions is parsed and compiled once; any upload or (un)bind clears the
 * per-agent resolution so the next request rebuilds it.
 */
export class PolicyService {
  private readonly parsed = new Map<string, PolicyDocument>();
  private readonly compiled = new Map<string, CompiledPolicy>();
  private readonly effective = new Map<string, EffectivePolicy | null>();
  /** Bumped on every invalidation, so a resolution that raced with a change is not cached. */
  private generation = 0;

  constructor(private readonly ctx: ServiceContext) {}

  /** Drops every agent's resolved policy (bindings, versions or memberships changed). */
  invalidate(): void {
    this.generation++;
    this.effective.clear();
  }

  /** Validates YAML with the engine; throws INVALID_POLICY with line/column. */
  parse(source: string): PolicyDocument {
    try {
      return parsePolicy(source, { maxBytes: this.ctx.config.maxPolicyBytes });
    } catch (err) {
      if (err instanceof PolicyError) throw policyProblem(err);
      throw err;
    }
  }

  /** Creates a policy with its first version. */
  async create(ownerId: string, name: string, source: string) {
    this.parse(source);
    const now = this.ctx.clock().toISOString();
    const policy: PolicyRow = {
      id: this.ctx.ids("pol"),
      owner_id: ownerId,
      name,
      latest_version: 1,
      created_at: now,
      updated_at: now,
    };
    const version: PolicyVersionRow = {
      policy_id: policy.id,
      version: 1,
      source,
      sha256: sha256(source),
      created_at: now,
    };
    await this.ctx.storage.createPolicy(policy, version);
    await this.audit(ownerId, "policy.created", { policy_id: policy.id, version: 1, sha256: version.sha256 });
    return { policy, version };
  }

  /** Appends a new immutable version; bindings that follow "latest" switch to it. */
  async addVersion(ownerId: string, policyId: string, source: string) {
    await this.get(ownerId, policyId);
    this.parse(source);
    const v = await this.ctx.storage.addPolicyVersion(
      policyId,
      source,
      sha256(source),
      this.ctx.clock().toISOString(),
    );
    if (!v) throw new ApiError("NOT_FOUND", "policy not found");
    this.invalidate();
    await this.audit(ownerId, "policy.version_created", {
      policy_id: policyId,
      version: v.version,
      sha256: v.sha256,
    });
    return v;
  }

  /** The owner's policy, or 404. */
  async get(ownerId: string, policyId: string): Promise<PolicyRow> {
    const p = await this.ctx.storage.getPolicy(policyId);
    if (!p || p.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "policy not found");
    return p;
  }

  /** The owner's policies. */
  list(ownerId: string): Promise<PolicyRow[]> {
    return this.ctx.storage.listPolicies(ownerId);
  }

  /** Version metadata of a policy. */
  async versions(ownerId: string, policyId: string) {
    await this.get(ownerId, policyId);
    return this.ctx.storage.listPolicyVersions(policyId);
  }

  /** One version with its YAML source. */
  async version(ownerId: string, policyId: string, version: number): Promise<PolicyVersionRow> {
    await this.get(ownerId, policyId);
    const v = await this.ctx.storage.getPolicyVersion(policyId, version);
    if (!v) throw new ApiError("NOT_FOUND", "policy version not found");
    return v;
  }

  /** Binds a policy owner-wide, to a group or to an agent, at a position within its scope. */
  async bind(
    ownerId: string,
    input: {
      policy_id: string;
      version?: number | null;
      scope: BindingScope;
      target_id?: string | null;
      position?: number;
    },
  ): Promise<BindingRow> {
    const policy = await this.get(ownerId, input.policy_id);
    if (input.version != null && input.version > policy.latest_version) {
      throw new ApiError("NOT_FOUND", "policy version not found");
    }
    const target = await this.checkTarget(ownerId, input.scope, input.target_id ?? null);
    const existing = await this.ctx.storage.listBindings(ownerId);
    // The engine merges at most one owner layer and one layer per agent or group (mergePolicies).
    if (existing.some((b) => b.scope === input.scope && b.target_id === target)) {
      throw new ApiError(
        "CONFLICT",
        "a policy is already bound here; unbind it first or upload a new version",
      );
    }
    const binding: BindingRow = {
      id: this.ctx.ids("bnd"),
      owner_id: ownerId,
      policy_id: policy.id,
      policy_version: input.version ?? null,
      scope: input.scope,
      target_id: target,
      position: input.position ?? existing.reduce((m, b) => Math.max(m, b.position + 1), 0),
      created_at: this.ctx.clock().toISOString(),
    };
    await this.ctx.storage.createBinding(binding);
    this.invalidate();
    await this.audit(ownerId, "policy.bound", { ...binding });
    return binding;
  }

  private async checkTarget(
    ownerId: string,
    scope: BindingScope,
    target: string | null,
  ): Promise<string | null> {
    if (scope === "owner") {
      if (target) throw new ApiError("INVALID_REQUEST", "an owner-wide binding takes no target_id");
      return null;
    }
    if (!target) throw new ApiError("INVALID_REQUEST", `a ${scope} binding needs target_id`);
    const row =
      scope === "group" ? await this.ctx.storage.getGroup(target) : await this.ctx.storage.getAgent(target);
    if (!row || row.owner_id !== ownerId) throw new ApiError("NOT_FOUND", `${scope} not found`);
    return target;
  }

  /** The owner's bindings, in evaluation order within each scope. */
  listBindings(ownerId: string): Promise<BindingRow[]> {
    return this.ctx.storage.listBindings(ownerId);
  }

  /** Removes a binding. */
  async unbind(ownerId: string, bindingId: string): Promise<void> {
    const b = await this.ctx.storage.getBinding(bindingId);
    if (!b || b.owner_id !== ownerId) throw new ApiError("NOT_FOUND", "binding not found");
    await this.ctx.storage.deleteBinding(bindingId);
    this.invalidate();
    await this.audit(ownerId, "policy.unbound", { binding_id: bindingId, policy_id: b.policy_id });
  }

  /**
   * The compiled policy for an agent: its agent, group and owner-wide layers merged by the engine
   * (most specific first, `passthrough` defaults hand over to the next layer; ARCHITECTURE.md,
   * "Layering"), compiled once per set of versions; null when nothing is bound (NO_POLICY).
   */
  async effectiveFor(agent: AgentContext): Promise<EffectivePolicy | null> {
    const hit = this.effective.get(agent.agent.id);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const bindings = (await this.ctx.storage.listBindings(agent.owner.id))
      .filter(
        (b) =>
          b.scope === "owner" ||
          (b.scope === "group" && agent.groups.includes(b.target_id!)) ||
          (b.scope === "agent" && b.target_id === agent.agent.id),
      )
      .sort((a, b) => SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] || a.position - b.position);
    const result = bindings.length === 0 ? null : await this.compileBindings(bindings);
    if (generation === this.generation) this.effective.set(agent.agent.id, result);
    return result;
  }

  private async compileBindings(bindings: BindingRow[]): Promise<EffectivePolicy> {
    const layers: PolicyLayer[] = [];
    const ids: string[] = [];
    for (const b of bindings) {
      const version = b.policy_version ?? (await this.ctx.storage.getPolicy(b.policy_id))!.latest_version;
      // The engine orders group layers by id: the zero-padded position makes that the owner's order.
      const prefix = b.scope === "group" ? `${String(b.position).padStart(7, "0")}.` : "";
      const id = `${prefix}${b.policy_id}@${version}`;
      layers.push({ scope: b.scope, id, policy: await this.document(b.policy_id, version) });
      ids.push(`${b.scope}:${id}`);
    }
    const key = ids.join("|");
    let compiled = this.compiled.get(key);
    if (!compiled) {
      // One layer compiles as a plain document so rule ids stay as written (`small-purchases`);
      // with several layers the engine qualifies them by layer, which the trace then shows.
      compiled = compilePolicy(layers.length === 1 ? layers[0]!.policy : layers);
      if (this.compiled.size >= COMPILED_CACHE_MAX) this.compiled.clear();
      this.compiled.set(key, compiled);
    }
    return { compiled, layers: ids };
  }

  private async document(policyId: string, version: number): Promise<PolicyDocument> {
    const key = `${policyId}@${version}`;
    let doc = this.parsed.get(key);
    if (!doc) {
      const row = await this.ctx.storage.getPolicyVersion(policyId, version);
      if (!row) throw new Error(`policy version ${key} missing`);
      doc = this.parse(row.source);
      if (this.parsed.size >= COMPILED_CACHE_MAX) this.parsed.clear();
      this.parsed.set(key, doc);
    }
    return doc;
  }

  /** Compiles a source on the fly (dry-run of an unsaved policy). */
  compileSource(source: string): CompiledPolicy {
    return compilePolicy(this.parse(source));
  }

  private async audit(ownerId: string, type: string, data: Record<string, unknown>) {
    await this.ctx.audit.record({ type, owner_id: ownerId, actor: { type: "owner", id: ownerId }, data });
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
