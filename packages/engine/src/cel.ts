import { celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
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

/**
 * The CEL environment shared by all policies: the standard library, the strings extension, and
 * the built-in RE2 (linear-time matching, so `matches` cannot backtrack catastrophically).
 */
const env = celEnv({ funcs: strings });

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
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(text);
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
  const full = plan(env, expr) as (vars: Record<string, unknown>) => unknown;
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
  return isCelError(value);
}
