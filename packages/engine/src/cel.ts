import { createRequire } from "node:module";
import { checkExpr, type Expr, measureExpr } from "./cel-check";
import { compileFast } from "./cel-fast";

/** Bounds on one expression; together with the length limit they bound evaluation cost. */
export const EXPRESSION_LIMITS = {
  /** Bracket nesting; the CEL parser recurses per level. */
  maxNesting: 24,
  /** AST nodes after macro expansion. */
  maxNodes: 400,
  /** Nested comprehensions (`all`, `exists`, `map`, `filter`): cost is input size to this power. */
  maxComprehensionDepth: 2,
} as const;

/** One problem with an expression, `offset` into its text. */
export interface ExpressionProblem {
  kind: "syntax" | "type";
  message: string;
  offset: number;
}

/** A compiled CEL expression: planned once, called per evaluation. */
export interface CompiledExpression {
  text: string;
  /** Evaluates against the activation; returns the CEL value or a CelError (never throws). */
  run(vars: Record<string, unknown>): unknown;
  /** The parsed syntax tree (used by explain to split conjunctions). */
  expr: Expr;
}

type CelLib = typeof import("@bufbuild/cel");
type CelRuntime = { lib: CelLib; env: ReturnType<CelLib["celEnv"]> };

// @bufbuild/cel and @bufbuild/protobuf take ~100 ms to load (descriptor registries), most of a
// server's cold start, and policies without CEL conditions never need them. They are loaded on
// first use, synchronously (compile is sync) from their CommonJS builds; every use in this package
// goes through here, so there is one copy of each (no ESM/CJS mix of CEL values).
const load = createRequire(import.meta.url);
let runtime: CelRuntime | null = null;

/**
 * The CEL library and the environment shared by all policies: the standard library, the strings
 * extension, and the built-in RE2 (linear-time matching, so `matches` cannot backtrack catastrophically).
 */
export function celRuntime(): CelRuntime {
  if (!runtime) {
    const lib = load("@bufbuild/cel") as CelLib;
    const { strings } = load("@bufbuild/cel/ext") as typeof import("@bufbuild/cel/ext");
    runtime = { lib, env: lib.celEnv({ funcs: strings }) };
  }
  return runtime;
}

/** `google.protobuf.Timestamp` for CEL's `now`, from the same protobuf runtime CEL uses. */
export function celTimestamp(date: Date): unknown {
  celRuntime();
  return (load("@bufbuild/protobuf/wkt") as typeof import("@bufbuild/protobuf/wkt")).timestampFromDate(date);
}

/** Parses CEL source (throws CEL's syntax error). */
export function parseCel(text: string): ReturnType<CelLib["parse"]> {
  return celRuntime().lib.parse(text);
}

/** Deepest bracket nesting outside string literals: a linear scan before the recursive parser. */
function nestingDepth(text: string): { depth: number; offset: number } {
  let depth = 0;
  let max = 0;
  let at = 0;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "(" || ch === "[" || ch === "{") {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
      }
    } else if (ch === ")" || ch === "]" || ch === "}") depth--;
  }
  return { depth: max, offset: at };
}

/** Parses and checks an expression; returns the tree or the problems found. */
export function analyzeExpression(
  text: string,
  expected: "bool" | "number",
): { expr: Expr; problems: ExpressionProblem[] } | { expr: null; problems: ExpressionProblem[] } {
  const nesting = nestingDepth(text);
  if (nesting.depth > EXPRESSION_LIMITS.maxNesting) {
    const message = `expression nests deeper than ${EXPRESSION_LIMITS.maxNesting} brackets`;
    return { expr: null, problems: [{ kind: "syntax", message, offset: nesting.offset }] };
  }
  let parsed: ReturnType<CelLib["parse"]>;
  try {
    parsed = parseCel(text);
  } catch (err) {
    const e = err as { rawMessage?: string; message?: string; location?: { start?: { offset?: number } } };
    const message = e.rawMessage ?? String(e.message ?? err);
    return { expr: null, problems: [{ kind: "syntax", message, offset: e.location?.start?.offset ?? 0 }] };
  }
  const size = measureExpr(parsed.expr);
  const problems: ExpressionProblem[] = [];
  if (size.nodes > EXPRESSION_LIMITS.maxNodes) {
    problems.push({
      kind: "type",
      message: `expression is too complex (${size.nodes} nodes, max ${EXPRESSION_LIMITS.maxNodes})`,
      offset: 0,
    });
  }
  if (size.comprehensionDepth > EXPRESSION_LIMITS.maxComprehensionDepth) {
    problems.push({
      kind: "type",
      message: `comprehensions (all/exists/map/filter) nest deeper than ${EXPRESSION_LIMITS.maxComprehensionDepth}`,
      offset: 0,
    });
  }
  const positions: Record<string, number> = {};
  for (const [id, off] of Object.entries(parsed.sourceInfo?.positions ?? {})) positions[id] = Number(off);
  for (const p of checkExpr(parsed.expr, positions, expected)) problems.push({ kind: "type", ...p });
  return { expr: parsed.expr, problems };
}

/** Plans an already analysed tree. */
export function planExpression(text: string, expr: Expr, useFastPath = true): CompiledExpression {
  const { lib, env } = celRuntime();
  const full = lib.plan(env, expr) as (vars: Record<string, unknown>) => unknown;
  const fast = useFastPath ? compileFast(expr) : null;
  if (!fast) return { text, expr, run: full };
  // Booleans from the fast path are final; anything else (an error, an unusual value, DEFER)
  // is recomputed by the full implementation so values and error messages are exactly CEL's.
  const run = (vars: Record<string, unknown>) => {
    const v = fast(vars);
    return v === true || v === false ? v : full(vars);
  };
  return { text, expr, run };
}

/** Whether a value returned by `run` is a CEL evaluation error. */
export function isEvalError(value: unknown): value is Error {
  // Before CEL is loaded no CEL value, hence no CEL error, can exist.
  return runtime?.lib.isCelError(value) === true;
}
