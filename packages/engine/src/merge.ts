import { PolicyError } from "./errors";
import type { PolicyDocument, PolicyLayerInfo, PolicyLimit, PolicyRule } from "./schema";
import type { PolicyLayer } from "./types";

const SCOPE_RANK: Record<PolicyLayer["scope"], number> = { agent: 0, group: 1, owner: 2 };

/** Layers in evaluation order: agent, then groups by id, then owner (most specific first). */
export function orderLayers(layers: readonly PolicyLayer[]): PolicyLayer[] {
  return [...layers].sort(
    (a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

function checkLayers(layers: readonly PolicyLayer[]): void {
  if (!Array.isArray(layers) || layers.length === 0) {
    throw new PolicyError("INVALID_LAYERS", "mergePolicies needs at least one layer");
  }
  const seen = new Set<string>();
  let owners = 0;
  let agents = 0;
  for (const layer of layers) {
    if (
      !layer ||
      !(layer.scope in SCOPE_RANK) ||
      typeof layer.id !== "string" ||
      layer.id === "" ||
      !layer.policy
    ) {
      throw new PolicyError(
        "INVALID_LAYERS",
        "each layer needs a scope (owner, group, agent), an id and a policy",
      );
    }
    const name = `${layer.scope}:${layer.id}`;
    if (seen.has(name)) throw new PolicyError("INVALID_LAYERS", `layer ${name} appears twice`);
    seen.add(name);
    if (layer.scope === "owner") owners++;
    if (layer.scope === "agent") agents++;
  }
  if (owners > 1 || agents > 1) {
    throw new PolicyError("INVALID_LAYERS", "at most one owner layer and one agent layer");
  }
}

const qualify = (layerName: string, id: string) => `${layerName}/${id}`;

function qualifyLimit(layerName: string, limit: PolicyLimit): PolicyLimit {
  return { ...limit, id: qualify(layerName, limit.id) };
}

/**
 * Merges owner-wide, group and agent policies into one effective policy.
 *
 * - Rules cascade from the most specific layer to the most general: agent, then groups (ordered
 *   by id), then owner; first match wins. A layer whose `default` is `passthrough` hands actions
 *   it has no rule for to the next layer; any other default ends the cascade there.
 * - Policy-level `limits` of every layer always apply (they are guardrails), even when a more
 *   specific layer decided.
 * - Ids are qualified with their layer (`agent:a1/rule-id`) so traces and `matched_rule` say
 *   where a decision came from. The result is deterministic: the order of `layers` does not matter.
 *
 * @example
 * const effective = mergePolicies([
 *   { scope: "owner", id: "alice", policy: ownerPolicy },
 *   { scope: "agent", id: "shopper", policy: agentPolicy },
 * ]);
 */
export function mergePolicies(layers: PolicyLayer[]): PolicyDocument {
  checkLayers(layers);
  const ordered = orderLayers(layers);
  const rules: PolicyRule[] = [];
  const limits: PolicyLimit[] = [];
  const infos: PolicyLayerInfo[] = [];
  let effectiveDefault: PolicyDocument["default"] = "passthrough";
  let cascadeOpen = true;
  for (const { scope, id, policy } of ordered) {
    const layerName = `${scope}:${id}`;
    const info: PolicyLayerInfo = { scope, id, default: policy.default };
    if (policy.name !== undefined) info.name = policy.name;
    infos.push(info);
    for (const limit of policy.limits) limits.push(qualifyLimit(layerName, limit));
    if (!cascadeOpen) continue;
    for (const rule of policy.rules) {
      const merged: PolicyRule = {
        ...rule,
        id: qualify(layerName, rule.id),
        layer: layerName,
        limits: rule.limits.map((l) => qualifyLimit(layerName, l)),
      };
      const proof = rule.proof ?? policy.proof;
      if (proof !== undefined) merged.proof = proof;
      rules.push(merged);
    }
    if (policy.default !== "passthrough") {
      effectiveDefault = policy.default;
      cascadeOpen = false;
    }
  }
  return {
    version: 1,
    name: `merged: ${infos.map((l) => `${l.scope}:${l.id}`).join(" > ")}`,
    default: effectiveDefault === "passthrough" ? "deny" : effectiveDefault,
    limits,
    rules,
    layers: infos,
  };
}
