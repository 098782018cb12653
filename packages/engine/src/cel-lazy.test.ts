import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { compilePolicy, evaluate, InMemoryCounters, parsePolicy } from "./index";

const require = createRequire(import.meta.url);
const loaded = (id: string) => require.resolve(id) in require.cache;
const now = new Date("2026-11-26T10:00:00Z");
const input = (amount: number) => ({
  action: { id: "a1", type: "purchase", payload: { amount_minor: amount, currency: "USD" } },
  agent: { id: "agent-1" },
  owner: { id: "alice" },
});

// Runs in its own worker (vitest isolates test files), so the module cache starts empty of CEL.
describe("@bufbuild/cel is loaded only when a policy has a CEL expression", () => {
  it("a policy of constraints compiles and decides without loading CEL; a `when` loads it", () => {
    const plain = compilePolicy(
      parsePolicy(`version: 1
name: plain
default: deny
rules:
  - id: small
    action: purchase
    effect: allow
    constraints:
      amount: { max: 5000 }
      currencies: [USD]
`),
    );
    expect(evaluate(plain, input(1000), { now, counters: new InMemoryCounters() }).decision).toBe("ALLOW");
    expect(evaluate(plain, input(9000), { now, counters: new InMemoryCounters() }).decision).toBe("DENY");
    expect(loaded("@bufbuild/cel")).toBe(false);
    expect(loaded("@bufbuild/protobuf")).toBe(false);

    const withWhen = compilePolicy(
      parsePolicy(`version: 1
name: cel
default: deny
rules:
  - id: small
    action: purchase
    effect: allow
    when: action.payload.amount_minor <= 5000 && now > timestamp("2020-01-01T00:00:00Z")
`),
    );
    expect(loaded("@bufbuild/cel")).toBe(true);
    expect(evaluate(withWhen, input(1000), { now, counters: new InMemoryCounters() }).decision).toBe("ALLOW");
    expect(evaluate(withWhen, input(9000), { now, counters: new InMemoryCounters() }).decision).toBe("DENY");
  });
});
