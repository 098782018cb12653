import { isEvalError, parseCel, planExpression } from "./cel";
import type { Expr } from "./cel-check";
import type { CompiledRule } from "./compile";
import { getPath } from "./paths";

function conjuncts(e: Expr, out: Expr[]): void {
  if (e.exprKind.case === "callExpr" && e.exprKind.value.function === "_&&_" && !e.exprKind.value.target) {
    for (const a of e.exprKind.value.args) conjuncts(a, out);
  } else out.push(e);
}

/** Dotted variable paths (`action.payload.amount_minor`) that an expression reads. */
function readPaths(e: Expr, out: Set<string>): void {
  const k = e.exprKind;
  if (k.case === "selectExpr" && !k.value.testOnly) {
    const parts: string[] = [k.value.field];
    let cur = k.value.operand;
    while (cur?.exprKind.case === "selectExpr") {
      parts.unshift(cur.exprKind.value.field);
      cur = cur.exprKind.value.operand;
    }
    if (cur?.exprKind.case === "identExpr") {
      out.add([cur.exprKind.value.name, ...parts].join("."));
      return;
    }
  }
  if (k.case === "selectExpr" && k.value.operand) readPaths(k.value.operand, out);
  if (k.case === "callExpr") {
    if (k.value.target) readPaths(k.value.target, out);
    for (const a of k.value.args) readPaths(a, out);
  }
  if (k.case === "listExpr") for (const el of k.value.elements) readPaths(el, out);
}

/** Smallest source offset of any node in a subtree: where its text starts. */
function minOffset(e: Expr, positions: Record<string, number>): number {
  let min = Number.POSITIVE_INFINITY;
  const stack: Expr[] = [e];
  while (stack.length > 0) {
    const x = stack.pop()!;
    const off = positions[String(x.id)];
    if (off !== undefined && off < min) min = off;
    const k = x.exprKind;
    if (k.case === "selectExpr" && k.value.operand) stack.push(k.value.operand);
    if (k.case === "callExpr") {
      if (k.value.target) stack.push(k.value.target);
      stack.push(...k.value.args);
    }
    if (k.case === "listExpr") stack.push(...k.value.elements);
    if (k.case === "comprehensionExpr" && k.value.iterRange) stack.push(k.value.iterRange);
  }
  return Number.isFinite(min) ? Number(min) : 0;
}

function show(v: unknown): string {
  if (v === undefined) return "(absent)";
  const s = JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
  return s === undefined ? String(v) : s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/**
 * Explains why a rule's `when` did not hold: evaluates the top-level `&&` parts one by one and
 * names the first that is not true, with the values it read. Only runs when explain is requested.
 */
export function explainCondition(rule: CompiledRule, vars: Record<string, unknown>): string {
  if (!rule.when) return "no condition";
  if (!rule.conjuncts) {
    // Re-parse for source positions (explain only), then cut the text at each conjunct.
    const parsed = parseCel(rule.when.text);
    const parts: Expr[] = [];
    conjuncts(parsed.expr, parts);
    const positions = parsed.sourceInfo?.positions ?? {};
    const starts = parts.map((p) => minOffset(p, positions));
    rule.conjuncts = parts.map((p, i) => {
      const end = i + 1 < parts.length ? starts[i + 1]! : rule.when!.text.length;
      let text = rule
        .when!.text.slice(starts[i], end)
        .replace(/\s*&&[\s(]*$/, "")
        .trim();
      // A conjunct written in parentheses starts after its "(": restore the balance.
      const open = text.split("(").length - text.split(")").length;
      if (open < 0) text = "(".repeat(-open) + text;
      return planExpression(text, p);
    });
  }
  for (const part of rule.conjuncts) {
    const v = part.run(vars);
    if (v === true) continue;
    const paths = new Set<string>();
    readPaths(part.expr, paths);
    const values = [...paths]
      .filter((p) => !p.startsWith("now"))
      .map((p) => `${p} = ${show(getPath(vars, p.split(".")))}`)
      .join(", ");
    const what = isEvalError(v) ? `failed with error: ${v.message}` : `is ${show(v)}`;
    return `\`${part.text}\` ${what}${values ? ` (${values})` : ""}`;
  }
  return `\`${rule.when.text}\` is not true`;
}
