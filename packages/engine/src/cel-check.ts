import type { parse } from "@bufbuild/cel";

/** The parsed CEL syntax tree (cel.expr.Expr). */
export type Expr = ReturnType<typeof parse>["expr"];

/**
 * A small static checker for the CEL conditions of a policy. @bufbuild/cel does not export its
 * type checker, and our variables are mostly JSON (dynamic) anyway, so this checks what can be
 * known: unknown variables and fields of the fixed input objects, operators applied to operands
 * whose types can never match, and the type of the whole expression.
 */

/** A coarse CEL type. `dyn` means "not known until evaluation". */
export type CelKind =
  | "dyn"
  | "bool"
  | "int"
  | "uint"
  | "double"
  | "string"
  | "bytes"
  | "null"
  | "list"
  | "map"
  | "timestamp"
  | "duration"
  | "type";

/** Known shape of a value: its kind and, for our fixed objects, its fields. */
interface Shape {
  kind: CelKind;
  fields?: Record<string, Shape>;
}

const S = (kind: CelKind, fields?: Record<string, Shape>): Shape => (fields ? { kind, fields } : { kind });

/** The variables a condition may use, and the fields we know they have. */
export const VARIABLES: Record<string, Shape> = {
  action: S("map", {
    id: S("string"),
    type: S("string"),
    requested_at: S("string"),
    relying_party: S("map", { domain: S("string"), trust_profile: S("string") }),
    payload: S("map"),
  }),
  agent: S("map", { id: S("string"), groups: S("list"), attributes: S("map") }),
  owner: S("map", { id: S("string"), type: S("string") }),
  context: S("map", {
    assurance: S("string"),
    approval: S("map", { id: S("string"), assurance: S("string") }),
    presented_proofs: S("list"),
  }),
  now: S("timestamp"),
};

/** A problem found by the checker; `offset` is into the expression text. */
export interface CelProblem {
  message: string;
  offset: number;
}

const NUMERIC = new Set<CelKind>(["int", "uint", "double"]);
const ORDERED = new Set<CelKind>([
  "int",
  "uint",
  "double",
  "string",
  "bytes",
  "bool",
  "timestamp",
  "duration",
]);

const FUNCTION_RESULT: Record<string, CelKind> = {
  size: "int",
  int: "int",
  uint: "uint",
  double: "double",
  string: "string",
  bytes: "bytes",
  bool: "bool",
  timestamp: "timestamp",
  duration: "duration",
  type: "type",
  dyn: "dyn",
  matches: "bool",
  startsWith: "bool",
  endsWith: "bool",
  contains: "bool",
  getFullYear: "int",
  getMonth: "int",
  getDayOfYear: "int",
  getDayOfMonth: "int",
  getDate: "int",
  getDayOfWeek: "int",
  getHours: "int",
  getMinutes: "int",
  getSeconds: "int",
  getMilliseconds: "int",
  // strings extension
  charAt: "string",
  indexOf: "int",
  lastIndexOf: "int",
  lowerAscii: "string",
  upperAscii: "string",
  replace: "string",
  split: "list",
  substring: "string",
  trim: "string",
  join: "string",
  quote: "string",
  format: "string",
  "strings.quote": "string",
};

interface Checker {
  problems: CelProblem[];
  positions: Record<string, number>;
  scopes: Array<Set<string>>;
}

function report(c: Checker, e: Expr, message: string): void {
  c.problems.push({ message, offset: c.positions[String(e.id)] ?? 0 });
}

function constKind(e: Expr): CelKind {
  if (e.exprKind.case !== "constExpr") return "dyn";
  switch (e.exprKind.value.constantKind.case) {
    case "boolValue":
      return "bool";
    case "int64Value":
      return "int";
    case "uint64Value":
      return "uint";
    case "doubleValue":
      return "double";
    case "stringValue":
      return "string";
    case "bytesValue":
      return "bytes";
    case "nullValue":
      return "null";
    default:
      return "dyn";
  }
}

function compatible(a: CelKind, b: CelKind): boolean {
  return a === "dyn" || b === "dyn" || a === b || (NUMERIC.has(a) && NUMERIC.has(b));
}

function checkOperator(c: Checker, e: Expr, fn: string, args: Shape[]): Shape {
  const [a, b] = args.map((s) => s.kind) as [CelKind, CelKind];
  switch (fn) {
    case "_&&_":
    case "_||_":
    case "!_":
      for (const k of args)
        if (!compatible(k.kind, "bool"))
          report(c, e, `operator ${fn.replace(/_/g, "")} needs bool operands, got ${k.kind}`);
      return S("bool");
    case "_==_":
    case "_!=_":
      if (a !== "null" && b !== "null" && !compatible(a, b)) report(c, e, `cannot compare ${a} with ${b}`);
      return S("bool");
    case "_<_":
    case "_<=_":
    case "_>_":
    case "_>=_":
      if (!compatible(a, b) || (a !== "dyn" && !ORDERED.has(a)) || (b !== "dyn" && !ORDERED.has(b)))
        report(c, e, `cannot order ${a} and ${b}`);
      return S("bool");
    case "@in":
      if (b !== "dyn" && b !== "list" && b !== "map")
        report(c, e, `\`in\` needs a list or map on the right, got ${b}`);
      return S("bool");
    case "_+_":
    case "_-_":
    case "_*_":
    case "_/_":
    case "_%_":
      if (
        a !== "dyn" &&
        b !== "dyn" &&
        a !== b &&
        !(a === "timestamp" || b === "timestamp" || a === "duration")
      )
        report(
          c,
          e,
          `no overload of ${fn.replace(/_/g, "")} for (${a}, ${b}); CEL does not mix int and double`,
        );
      return S(a === "dyn" ? b : a);
    case "-_":
      return S(a);
    case "_?_:_":
      if (!compatible(a, "bool")) report(c, e, `condition of ?: must be bool, got ${a}`);
      return S(args[1]!.kind === args[2]!.kind ? args[1]!.kind : "dyn");
    case "_[_]":
      if (a !== "dyn" && a !== "list" && a !== "map") report(c, e, `cannot index a ${a}`);
      return S("dyn");
    default:
      // Operators are spelled `_+_`, `!_`, `-_`, `@in`; anything else must be a known function.
      if (!(fn in FUNCTION_RESULT) && !/^[_@!-]/.test(fn)) report(c, e, `unknown function \`${fn}\``);
      return S(FUNCTION_RESULT[fn] ?? "dyn");
  }
}

function inferSelect(c: Checker, e: Expr, depth: number): Shape {
  if (e.exprKind.case !== "selectExpr") return S("dyn");
  const { operand: target, field, testOnly } = e.exprKind.value;
  const operand = target ? infer(c, target, depth) : S("dyn");
  if (operand.fields && !(field in operand.fields)) {
    report(c, e, `no field \`${field}\` here (known: ${Object.keys(operand.fields).join(", ")})`);
  } else if (operand.kind !== "dyn" && operand.kind !== "map") {
    report(c, e, `cannot select \`${field}\` from a ${operand.kind}`);
  }
  if (testOnly) return S("bool");
  return operand.fields?.[field] ?? S("dyn");
}

/** Macros (all, exists, map, filter): their variables are dynamic inside the loop. */
function inferComprehension(c: Checker, e: Expr, depth: number): Shape {
  if (e.exprKind.case !== "comprehensionExpr") return S("dyn");
  const v = e.exprKind.value;
  if (v.iterRange) infer(c, v.iterRange, depth);
  if (v.accuInit) infer(c, v.accuInit, depth);
  c.scopes.push(new Set([v.iterVar, v.iterVar2, v.accuVar].filter((n) => n !== "")));
  if (v.loopCondition) infer(c, v.loopCondition, depth + 1);
  if (v.loopStep) infer(c, v.loopStep, depth + 1);
  const result = v.result ? infer(c, v.result, depth + 1) : S("dyn");
  c.scopes.pop();
  return result;
}

function infer(c: Checker, e: Expr, depth: number): Shape {
  const k = e.exprKind;
  switch (k.case) {
    case "constExpr":
      return S(constKind(e));
    case "identExpr": {
      if (c.scopes.some((s) => s.has(k.value.name))) return S("dyn");
      const v = VARIABLES[k.value.name];
      if (!v) {
        report(c, e, `unknown variable \`${k.value.name}\` (use action, agent, owner, context or now)`);
        return S("dyn");
      }
      return v;
    }
    case "selectExpr":
      return inferSelect(c, e, depth);
    case "callExpr": {
      const t = k.value.target;
      // `strings.quote(x)` parses as a method on an identifier: it is a namespaced function.
      if (
        t?.exprKind.case === "identExpr" &&
        `${t.exprKind.value.name}.${k.value.function}` in FUNCTION_RESULT
      ) {
        for (const a of k.value.args) infer(c, a, depth);
        return S(FUNCTION_RESULT[`${t.exprKind.value.name}.${k.value.function}`]!);
      }
      const target = t ? infer(c, t, depth) : undefined;
      const args = k.value.args.map((a) => infer(c, a, depth));
      if (
        target &&
        (k.value.function === "startsWith" ||
          k.value.function === "endsWith" ||
          k.value.function === "matches")
      ) {
        if (target.kind !== "dyn" && target.kind !== "string")
          report(c, e, `${k.value.function}() needs a string, got ${target.kind}`);
      }
      return checkOperator(c, e, k.value.function, target ? [target, ...args] : args);
    }
    case "listExpr":
      for (const el of k.value.elements) infer(c, el, depth);
      return S("list");
    case "structExpr":
      for (const entry of k.value.entries) {
        if (entry.keyKind.case === "mapKey") infer(c, entry.keyKind.value, depth);
        if (entry.value) infer(c, entry.value, depth);
      }
      return S(k.value.messageName ? "dyn" : "map");
    case "comprehensionExpr":
      return inferComprehension(c, e, depth);
    default:
      return S("dyn");
  }
}

/**
 * Checks a parsed expression. `expected` is the kind the whole expression must have
 * (`bool` for conditions, numeric for sums).
 */
export function checkExpr(
  expr: Expr,
  positions: Record<string, number>,
  expected: "bool" | "number",
): CelProblem[] {
  const c: Checker = { problems: [], positions, scopes: [] };
  const result = infer(c, expr, 0).kind;
  if (expected === "bool" && result !== "bool" && result !== "dyn") {
    c.problems.push({ message: `a condition must be a bool, this is a ${result}`, offset: 0 });
  }
  if (expected === "number" && result !== "dyn" && !NUMERIC.has(result)) {
    c.problems.push({ message: `a sum must be a number, this is a ${result}`, offset: 0 });
  }
  return c.problems;
}

/** Counts nodes and the deepest nesting of comprehensions (macros such as `all`, `map`). */
export function measureExpr(expr: Expr): { nodes: number; comprehensionDepth: number } {
  let nodes = 0;
  let maxDepth = 0;
  const stack: Array<[Expr, number]> = [[expr, 0]];
  while (stack.length > 0) {
    const [e, d] = stack.pop()!;
    nodes++;
    const k = e.exprKind;
    const push = (x: Expr | undefined, dd = d) => {
      if (x) stack.push([x, dd]);
    };
    switch (k.case) {
      case "selectExpr":
        push(k.value.operand);
        break;
      case "callExpr":
        push(k.value.target);
        for (const a of k.value.args) push(a);
        break;
      case "listExpr":
        for (const el of k.value.elements) push(el);
        break;
      case "structExpr":
        for (const en of k.value.entries) {
          if (en.keyKind.case === "mapKey") push(en.keyKind.value);
          push(en.value);
        }
        break;
      case "comprehensionExpr": {
        const nd = d + 1;
        maxDepth = Math.max(maxDepth, nd);
        push(k.value.iterRange);
        push(k.value.accuInit);
        push(k.value.loopCondition, nd);
        push(k.value.loopStep, nd);
        push(k.value.result, nd);
        break;
      }
      default:
        break;
    }
  }
  return { nodes, comprehensionDepth: maxDepth };
}
