import { describe, expect, it } from "vitest";
import { compilePolicy, mergePolicies, PolicyError, type PolicyLayer, validatePolicy } from "./index";

const owner = validatePolicy({
  default: "deny",
  limits: [{ id: "cap", window: "24h", max: 100 }],
  rules: [{ id: "r", action: "purchase", effect: "allow" }],
});
const group = (id: string) =>
  validatePolicy({ default: "passthrough", rules: [{ id: "r", action: `${id}.x`, effect: "allow" }] });
const agent = validatePolicy({
  default: "passthrough",
  proof: { ttl_seconds: 30 },
  rules: [{ id: "r", action: "purchase", effect: "deny" }],
});

const layers: PolicyLayer[] = [
  { scope: "owner", id: "alice", policy: owner },
  { scope: "group", id: "zeta", policy: group("zeta") },
  { scope: "agent", id: "bot", policy: agent },
  { scope: "group", id: "alpha", policy: group("alpha") },
];

describe("mergePolicies", () => {
  it("orders agent, groups by id, owner, and qualifies ids with their layer", () => {
    const merged = mergePolicies(layers);
    expect(merged.rules.map((r) => r.id)).toEqual([
      "agent:bot/r",
      "group:alpha/r",
      "group:zeta/r",
      "owner:alice/r",
    ]);
    expect(merged.rules.map((r) => r.layer)).toEqual([
      "agent:bot",
      "group:alpha",
      "group:zeta",
      "owner:alice",
    ]);
    expect(merged.layers?.map((l) => `${l.scope}:${l.id}`)).toEqual([
      "agent:bot",
      "group:alpha",
      "group:zeta",
      "owner:alice",
    ]);
    expect(merged.default).toBe("deny");
    expect(merged.limits.map((l) => l.id)).toEqual(["owner:alice/cap"]);
  });

  it("is deterministic whatever the input order (same document, same version)", () => {
    const a = compilePolicy(layers);
    const b = compilePolicy([...layers].reverse());
    expect(b.document).toEqual(a.document);
    expect(b.version).toBe(a.version);
    expect(a.version).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.layers.map((l) => l.rules)).toEqual([1, 1, 1, 1]);
  });

  it("bakes each layer's default proof settings into its rules", () => {
    const merged = mergePolicies(layers);
    expect(merged.rules[0]!.proof).toEqual({ required: true, ttl_seconds: 30 });
    expect(merged.rules[3]!.proof).toBeUndefined();
  });

  it("ends the cascade at the first layer whose default is not passthrough, but keeps every layer's limits", () => {
    const closed = validatePolicy({
      default: "allow",
      limits: [{ id: "x", window: "1h", max: 1 }],
      rules: [],
    });
    const merged = mergePolicies([{ scope: "agent", id: "bot", policy: closed }, ...layers.slice(0, 2)]);
    expect(merged.rules).toEqual([]);
    expect(merged.default).toBe("allow");
    expect(merged.limits.map((l) => l.id)).toEqual(["agent:bot/x", "owner:alice/cap"]);
    expect(compilePolicy(merged).layers.map((l) => l.rules)).toEqual([0, 0, 0]);
  });

  it("treats an all-passthrough stack as deny", () => {
    expect(mergePolicies([{ scope: "agent", id: "a", policy: agent }]).default).toBe("deny");
  });

  it("produces a document that validates as a policy", () => {
    expect(validatePolicy(JSON.parse(JSON.stringify(mergePolicies(layers))))).toEqual(mergePolicies(layers));
  });

  it.each([
    [[], "at least one layer"],
    [
      [
        { scope: "owner", id: "a", policy: owner },
        { scope: "owner", id: "b", policy: owner },
      ],
      "at most one owner",
    ],
    [
      [
        { scope: "group", id: "a", policy: owner },
        { scope: "group", id: "a", policy: owner },
      ],
      "appears twice",
    ],
    [[{ scope: "team", id: "a", policy: owner }], "needs a scope"],
  ])("rejects malformed layers (%#)", (bad, message) => {
    expect(() => mergePolicies(bad as PolicyLayer[])).toThrow(PolicyError);
    expect(() => mergePolicies(bad as PolicyLayer[])).toThrow(message);
  });
});
