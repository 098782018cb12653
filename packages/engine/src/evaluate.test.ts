import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sha256Hex } from "./hash";
import {
  compilePolicy,
  counterQueries,
  type EvaluationInput,
  evaluate,
  InMemoryCounters,
  parsePolicy,
  validatePolicy,
} from "./index";

const now = new Date("2026-11-26T10:00:00Z");
const input = (payload: Record<string, unknown>, type = "purchase"): EvaluationInput => ({
  action: { id: "a1", type, relying_party: { domain: "storeco.example" }, payload },
  agent: { id: "agent-1" },
  owner: { id: "alice" },
});

const policy = validatePolicy({
  limits: [
    {
      id: "all-purchases",
      action: "purchase",
      window: "7d",
      max: 100000,
      sum: "action.payload.amount_minor",
    },
  ],
  rules: [
    {
      id: "buy",
      action: "purchase",
      effect: "allow",
      when: "action.payload.amount_minor <= 5000 && now > timestamp('2026-01-01T00:00:00Z')",
      limits: [
        { id: "daily", window: "24h", max: 6000, sum: "action.payload.amount_minor", per: ["relying_party"] },
      ],
    },
  ],
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("evaluate", () => {
  it("never reads the clock and gives the same answer for the same input", () => {
    vi.spyOn(Date, "now").mockImplementation(() => {
      throw new Error("the engine must not read the clock");
    });
    const compiled = compilePolicy(policy);
    const counters = new InMemoryCounters();
    const a = evaluate(compiled, input({ amount_minor: 4000 }), { now, counters, explain: true });
    const b = evaluate(compiled, input({ amount_minor: 4000 }), { now, counters, explain: true });
    expect(b).toEqual(a);
    expect(a.decision).toBe("ALLOW");
  });

  it("returns charges for every applicable limit, and none unless ALLOW", () => {
    const compiled = compilePolicy(policy);
    const counters = new InMemoryCounters();
    const ok = evaluate(compiled, input({ amount_minor: 4000 }), { now, counters });
    expect(ok.charges.map((c) => [c.limit_id, c.amount, c.max, c.window_seconds])).toEqual([
      ["daily", 4000, 6000, 86400],
      ["all-purchases", 4000, 100000, 604800],
    ]);
    counters.apply(ok.charges, now);
    const over = evaluate(compiled, input({ amount_minor: 4000 }), { now, counters, explain: true });
    expect(over).toMatchObject({ decision: "DENY", reason_code: "LIMIT_EXCEEDED", charges: [] });
    const limitStep = over.trace?.find((s) => s.step === "limit");
    expect(limitStep).toMatchObject({
      limit: "daily",
      usage: 4000,
      amount: 4000,
      max: 6000,
      outcome: "exceeded",
    });
  });

  it("includes a trace only on request", () => {
    const compiled = compilePolicy(policy);
    const d = evaluate(compiled, input({ amount_minor: 9000 }), { now, counters: new InMemoryCounters() });
    expect(d.trace).toBeUndefined();
    const e = evaluate(compiled, input({ amount_minor: 9000 }), {
      now,
      counters: new InMemoryCounters(),
      explain: true,
    });
    expect(e.trace?.map((s) => s.step)).toEqual(["index", "rule", "default", "decision"]);
    expect(e.trace?.[1]?.message).toBe(
      "`action.payload.amount_minor <= 5000` is false (action.payload.amount_minor = 9000)",
    );
  });

  it("rejects caller misuse with TypeError", () => {
    const compiled = compilePolicy(policy);
    const counters = new InMemoryCounters();
    expect(() => evaluate(compiled, input({}), { now: new Date("nope"), counters })).toThrow(TypeError);
    expect(() => evaluate(compiled, input({}), { now, counters: {} as never })).toThrow(TypeError);
    expect(() => evaluate({} as never, input({}), { now, counters })).toThrow(TypeError);
    expect(() => evaluate(compiled, { action: {} } as never, { now, counters })).toThrow(TypeError);
  });
});

describe("CEL variables get the same defaults whatever the input carries", () => {
  it("reads absent optional fields as empty values", () => {
    const compiled = compilePolicy(
      validatePolicy({
        rules: [
          {
            id: "r",
            action: "*",
            effect: "allow",
            when: "action.requested_at == '' && owner.type == '' && agent.groups == [] && size(agent.attributes) == 0",
          },
        ],
      }),
    );
    const counters = new InMemoryCounters();
    const bare: EvaluationInput = {
      action: { id: "1", type: "x", payload: {} },
      agent: { id: "a" },
      owner: { id: "o" },
    };
    const withRp: EvaluationInput = {
      ...bare,
      action: { ...bare.action, relying_party: { domain: "d.example" } },
    };
    expect(evaluate(compiled, bare, { now, counters }).decision).toBe("ALLOW");
    expect(evaluate(compiled, withRp, { now, counters }).decision).toBe("ALLOW");
  });
});

describe("counterQueries", () => {
  it("lists the counters the matching rule and policy-level limits read", () => {
    const compiled = compilePolicy(policy);
    const qs = counterQueries(compiled, input({ amount_minor: 100 }), { now });
    expect(qs.map((q) => q.window_seconds)).toEqual([86400, 604800]);
    const read: string[] = [];
    evaluate(compiled, input({ amount_minor: 100 }), {
      now,
      counters: {
        usage: (q) => {
          read.push(q.key);
          return 0;
        },
      },
    });
    expect(qs.map((q) => q.key)).toEqual(read);
    expect(counterQueries(compiled, input({ amount_minor: 100 }, "email.send"), { now })).toEqual([]);
  });
});

describe("compilePolicy", () => {
  it("gives a version that depends on content, not on key order or formatting", () => {
    const a = compilePolicy(parsePolicy("rules:\n  - { id: a, action: x, effect: allow }\n"));
    const b = compilePolicy(
      parsePolicy("rules:\n  - effect: allow\n    action: x   # same rule\n    id: a\n"),
    );
    const c = compilePolicy(parsePolicy("rules:\n  - { id: a, action: x, effect: deny }\n"));
    expect(b.version).toBe(a.version);
    expect(c.version).not.toBe(a.version);
  });

  it("uses the closure fast path and full CEL interchangeably", () => {
    const fast = compilePolicy(policy);
    const full = compilePolicy(policy, { celFastPath: false });
    for (const amount of [1, 5000, 5001, "x"]) {
      const i = input({ amount_minor: amount });
      const counters = new InMemoryCounters();
      expect(evaluate(full, i, { now, counters, explain: true })).toEqual(
        evaluate(fast, i, { now, counters, explain: true }),
      );
    }
  });
});

describe("sha256Hex", () => {
  it("matches node:crypto", () => {
    for (const s of ["", "abc", "a".repeat(1000), "héllo ✓ 😀"]) {
      expect(sha256Hex(s)).toBe(createHash("sha256").update(s).digest("hex"));
    }
  });
});
