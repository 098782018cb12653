import { describe, expect, it } from "vitest";
import {
  compilePolicy,
  evaluate,
  InMemoryCounters,
  lintPolicy,
  PolicyError,
  parsePolicy,
} from "../src/index";

// Hostile input: every case must end in a typed PolicyError (or a decision) without hanging,
// overflowing the stack or exhausting memory. No timings are asserted here (see bench/).

function parseError(source: string, options?: { maxBytes?: number }): PolicyError {
  try {
    parsePolicy(source, options);
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return err as PolicyError;
  }
  throw new Error("expected parsePolicy to throw");
}

const rule = (extra: string) => `rules:\n  - id: r\n    action: purchase\n    effect: allow\n${extra}`;

describe("YAML bombs and size limits", () => {
  it("rejects a billion-laughs alias bomb", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]`);
    }
    const e = parseError(levels.join("\n"));
    expect(e.code).toBe("ALIAS_LIMIT");
    expect(lintPolicy(levels.join("\n"))[0]).toMatchObject({ code: "ALIAS_LIMIT", severity: "error" });
  });

  it("rejects a source above maxBytes, counting UTF-8 bytes", () => {
    expect(parseError(`# ${"x".repeat(300 * 1024)}\nrules: []`).code).toBe("TOO_LARGE");
    const multibyte = `# ${"€".repeat(400)}\nrules: []`; // 1200+ bytes, ~400 characters
    expect(parseError(multibyte, { maxBytes: 1000 }).code).toBe("TOO_LARGE");
    expect(parsePolicy(multibyte, { maxBytes: 2000 }).rules).toEqual([]);
  });

  it("rejects deeply nested flow collections", () => {
    const deep = `rules: []\nname: ${"[".repeat(5000)}${"]".repeat(5000)}`;
    expect(parseError(deep).code).toBe("TOO_DEEP");
  });

  it("rejects deep nesting inside otherwise valid fields", () => {
    let params = "1";
    for (let i = 0; i < 40; i++) params = `{ k: ${params} }`;
    const e = parseError(rule(`    obligations: [{ type: HUMAN_APPROVAL, params: ${params} }]\n`));
    expect(e.code).toBe("TOO_DEEP");
    expect(e.line).toBe(5);
  });

  it("rejects absurd indentation before parsing", () => {
    const lines = ["rules:"];
    for (let i = 1; i < 400; i++) lines.push(`${" ".repeat(i)}k${i}:`);
    expect(parseError(lines.join("\n")).code).toBe("TOO_DEEP");
  });

  it("rejects too many rules", () => {
    const rules = Array.from({ length: 1001 }, (_, i) => `  - { id: r${i}, action: a, effect: allow }`).join(
      "\n",
    );
    expect(parseError(`rules:\n${rules}`).code).toBe("SCHEMA_VIOLATION");
  });

  it("is not polluted by __proto__ keys", () => {
    const e = parseError(`__proto__: { polluted: true }\nrules: []`);
    expect(e.code).toBe("SCHEMA_VIOLATION");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects a non-string source as caller misuse", () => {
    expect(() => parsePolicy(42 as unknown as string)).toThrow(TypeError);
  });
});

describe("pathological expressions", () => {
  it("rejects an expression above the length limit", () => {
    const e = parseError(rule(`    when: "${"true && ".repeat(300)}true"\n`));
    expect(e.code).toBe("SCHEMA_VIOLATION");
    expect(e.path).toBe("rules[0].when");
  });

  it("rejects deeply nested parentheses without recursing", () => {
    const e = parseError(rule(`    when: "${"(".repeat(1000)}true${")".repeat(1000)}"\n`));
    expect(e.code).toBe("CEL_SYNTAX");
    expect(e.message).toContain("nests deeper");
  });

  it("rejects expressions with too many nodes", () => {
    const e = parseError(
      rule(
        `    when: "${Array.from({ length: 250 }, (_, i) => `action.payload.f${i % 10} == ${i}`)
          .join(" || ")
          .slice(0, 2040)} || true"\n`,
      ),
    );
    expect(["CEL_TYPE", "CEL_SYNTAX"]).toContain(e.code);
  });

  it("rejects comprehensions nested three deep (cost grows with input size cubed)", () => {
    const when =
      "action.payload.a.all(x, action.payload.a.all(y, action.payload.a.all(z, x == y && y == z)))";
    const e = parseError(rule(`    when: "${when}"\n`));
    expect(e.code).toBe("CEL_TYPE");
    expect(e.message).toContain("nest deeper");
  });

  it("evaluates a catastrophic-backtracking regex with RE2 (linear time) and decides", () => {
    const policy = compilePolicy(parsePolicy(rule(`    when: "action.payload.s.matches('^(a+)+$')"\n`)));
    const input = {
      action: { id: "1", type: "purchase", payload: { s: `${"a".repeat(20000)}!` } },
      agent: { id: "a" },
      owner: { id: "o" },
    };
    const d = evaluate(policy, input, {
      now: new Date("2026-11-26T10:00:00Z"),
      counters: new InMemoryCounters(),
    });
    expect(d).toMatchObject({ decision: "DENY", reason_code: "CONDITION_FAILED" });
  });

  it("rejects an invalid regex at evaluation as a condition error, not a crash", () => {
    const policy = compilePolicy(
      parsePolicy(rule(`    when: "action.payload.s.matches(action.payload.re)"\n`)),
    );
    const input = {
      action: { id: "1", type: "purchase", payload: { s: "x", re: "(" } },
      agent: { id: "a" },
      owner: { id: "o" },
    };
    const d = evaluate(policy, input, {
      now: new Date("2026-11-26T10:00:00Z"),
      counters: new InMemoryCounters(),
    });
    expect(d.decision).toBe("DENY");
    expect(d.reason_code).toBe("CONDITION_ERROR");
  });
});
