import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  counterQueries,
  evaluate,
  InMemoryCounters,
  mergePolicies,
  parsePolicy,
  type EvaluationInput,
} from "./index";

const starter = readFileSync(new URL("../templates/starter.yaml", import.meta.url), "utf8");
const now = new Date("2026-11-26T10:00:00Z");
const input = (payload: Record<string, unknown>, type = "purchase"): EvaluationInput => ({
  action: { id: "a1", type, relying_party: { domain: "storeco.example" }, payload },
  agent: { id: "agent-1" },
  owner: { id: "alice" },
});

describe("starter policy", () => {
  const compiled = compilePolicy(parsePolicy(starter));
  const counters = new InMemoryCounters();
  it("allows small purchases", () => {
    const d = evaluate(compiled, input({ amount_minor: 4000, currency: "USD" }), { now, counters });
    expect(d).toMatchObject({
      decision: "ALLOW",
      matched_rule: "small-purchases",
      reason_code: "RULE_ALLOW",
    });
  });
  it("asks for approval above 50 USD", () => {
    const d = evaluate(compiled, input({ amount_minor: 8000, currency: "USD" }), {
      now,
      counters,
      explain: true,
    });
    expect(d).toMatchObject({ decision: "REQUIRE_APPROVAL", matched_rule: "larger-purchases" });
    expect(d.obligations).toEqual([{ type: "HUMAN_APPROVAL", params: {} }]);
    expect(d.trace?.length).toBeGreaterThan(2);
  });
  it("denies other actions", () => {
    const d = evaluate(compiled, input({}, "email.send"), { now, counters });
    expect(d).toMatchObject({ decision: "DENY", reason_code: "NO_MATCH", matched_rule: null });
  });
  it("has a stable version and no counter queries", () => {
    expect(compilePolicy(parsePolicy(starter)).version).toBe(compiled.version);
    expect(counterQueries(compiled, input({ amount_minor: 1, currency: "USD" }), { now })).toEqual([]);
    expect(mergePolicies([{ scope: "owner", id: "alice", policy: parsePolicy(starter) }]).rules[0]!.id).toBe(
      "owner:alice/small-purchases",
    );
  });
});
