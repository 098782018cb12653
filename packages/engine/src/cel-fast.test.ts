import { celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { describe, expect, it } from "vitest";
import { compileFast, DEFER, ERR } from "./cel-fast";

// Differential test: wherever the fast path answers, it must agree with @bufbuild/cel.
const EXPRESSIONS = [
  "action.payload.amount_minor <= 5000",
  "action.payload.amount_minor <= 5000 && action.payload.currency in ['USD', 'EUR']",
  "action.payload.amount_minor > 100 || agent.id == 'a1'",
  "action.payload.missing == 1 || true",
  "action.payload.missing == 1 && false",
  "false && action.payload.missing",
  "action.payload.missing == 1",
  "!(action.payload.flag)",
  "!action.payload.amount_minor",
  "action.payload.currency == 'USD'",
  "action.payload.currency != 'USD'",
  "action.payload.amount_minor == 4000",
  "action.payload.amount_minor == 4000.0",
  "action.payload.currency == 1",
  "action.payload.tags == ['a', 'b']",
  "'a' in action.payload.tags",
  "action.payload.currency in action.payload.tags",
  "'x' in action.payload.obj",
  "action.relying_party.domain.endsWith('.example')",
  "action.relying_party.domain.startsWith('shop')",
  "action.relying_party.domain.contains('op')",
  "action.payload.amount_minor.endsWith('x')",
  "size(action.payload.tags) == 2",
  "action.payload.tags.size() > 1",
  "size(action.payload.currency) == 3",
  "size(action.payload.obj) >= 1",
  "has(action.payload.amount_minor)",
  "has(action.payload.nope)",
  "has(action.payload.obj.x)",
  "action.payload.flag ? action.payload.amount_minor > 1 : false",
  "action.payload.amount_minor ? 1 == 1 : false",
  "action.payload.obj.x == 1",
  "action.payload.obj == {'x': 1}",
  "action.payload.amount_minor < 1.5",
  "action.payload.currency < 'ZZZ'",
  "agent.groups.exists(g, g == 'finance')",
  "action.payload.nested.deep.value >= 3",
  "context.assurance == 'HIGH' || context.assurance == 'SUBSTANTIAL'",
  "has(context.approval) && context.approval.assurance == 'HIGH'",
  "-1 < action.payload.amount_minor",
  "action.payload.amount_minor >= -5",
  "[1, 2.0, 'x'] == [1.0, 2, 'x']",
  "null == action.payload.none",
  "action.payload.flag == true",
];

const payloads: Array<Record<string, unknown>> = [
  {
    amount_minor: 4000,
    currency: "USD",
    tags: ["a", "b"],
    obj: { x: 1 },
    flag: true,
    nested: { deep: { value: 3 } },
  },
  { amount_minor: 9000.5, currency: "GBP", tags: [], obj: {}, flag: false, nested: { deep: {} } },
  { amount_minor: "4000", currency: 7, tags: "a,b", obj: [1], flag: "yes", nested: 1 },
  {},
  { amount_minor: Number.NaN, currency: "é😀x", tags: ["USD"], obj: { x: "1" }, none: null },
];

const env = celEnv({ funcs: strings });

function vars(payload: Record<string, unknown>, i: number) {
  const context: Record<string, unknown> = { assurance: i % 2 ? "HIGH" : "NONE", presented_proofs: [] };
  if (i % 2) context.approval = { id: "a", assurance: "HIGH" };
  return {
    action: {
      id: "x",
      type: "purchase",
      requested_at: "",
      relying_party: i === 3 ? {} : { domain: "shop.example" },
      payload,
    },
    agent: { id: i === 1 ? "a1" : "a2", groups: ["finance"], attributes: {} },
    owner: { id: "o", type: "" },
    context,
  };
}

const normalize = (v: unknown) => (typeof v === "bigint" ? Number(v) : v);

describe("CEL fast path agrees with @bufbuild/cel", () => {
  let answered = 0;
  for (const text of EXPRESSIONS) {
    it(text, () => {
      const parsed = parse(text);
      const full = plan(env, parsed);
      const fast = compileFast(parsed.expr);
      payloads.forEach((p, i) => {
        const v = vars(p, i);
        const expected = full(v as never);
        if (!fast) return;
        const got = fast(v);
        if (got === DEFER) return;
        answered++;
        if (got === ERR) expect(isCelError(expected), `${text} with payload ${i}`).toBe(true);
        else expect(normalize(got), `${text} with payload ${i}`).toEqual(normalize(expected));
      });
    });
  }
  it("answers most cases itself", () => {
    expect(answered).toBeGreaterThan(EXPRESSIONS.length * 2);
  });
  it("leaves macros, arithmetic and `now` to the full implementation", () => {
    for (const text of [
      "agent.groups.exists(g, g == 'x')",
      "action.payload.a + 1 > 2",
      "now > timestamp('2026-01-01T00:00:00Z')",
      "action.type.matches('^p')",
    ]) {
      expect(compileFast(parse(text).expr)).toBeNull();
    }
  });
});
