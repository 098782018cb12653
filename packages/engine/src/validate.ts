import type { z } from "zod";
import { analyzeExpression } from "./cel";
import { formatPath } from "./source";
import { LIMITS, type PolicyDocument, PolicySchema } from "./schema";

/** A problem found while validating a document, addressed by path (positions are added later). */
export interface DocumentIssue {
  code: string;
  message: string;
  path: Array<string | number>;
  /** For unknown fields: the offending key inside the mapping at `path`. */
  key?: string;
  /** For expressions: offset of the problem inside the expression text. */
  exprOffset?: number;
}

function zodIssues(error: z.ZodError): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
    const last = path[path.length - 1];
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        out.push({ code: "UNKNOWN_FIELD", message: `unknown field \`${key}\``, path, key });
    } else if (issue.input === undefined && last === "window" && path.includes("limits")) {
      out.push({ code: "LIMIT_WITHOUT_WINDOW", message: "limit has no `window` (e.g. `window: 24h`)", path });
    } else if (issue.input === undefined && path.length > 0) {
      out.push({ code: "MISSING_FIELD", message: `missing required field \`${String(last)}\``, path });
    } else if (issue.code === "invalid_union" && last === "type" && path.includes("obligations")) {
      const message = "obligation type must be HUMAN_APPROVAL, STEP_UP_AUTH or COUNTERPARTY_ATTESTATION";
      out.push({ code: "SCHEMA", message, path });
    } else {
      const where = path.length ? ` at ${formatPath(path)}` : "";
      out.push({ code: "SCHEMA", message: `${issue.message}${where}`, path });
    }
  }
  return out;
}

function duplicateIssues(doc: PolicyDocument): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const ruleIds = new Set<string>();
  doc.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) {
      out.push({
        code: "DUPLICATE_ID",
        message: `duplicate rule id \`${rule.id}\``,
        path: ["rules", i, "id"],
      });
    }
    ruleIds.add(rule.id);
    const limitIds = new Set<string>();
    rule.limits.forEach((limit, j) => {
      if (limitIds.has(limit.id)) {
        out.push({
          code: "DUPLICATE_ID",
          message: `duplicate limit id \`${limit.id}\` in rule \`${rule.id}\``,
          path: ["rules", i, "limits", j, "id"],
        });
      }
      limitIds.add(limit.id);
      if (limit.action !== undefined) {
        out.push({
          code: "SCHEMA",
          message: "`action` is only allowed on policy-level limits (a rule limit covers the rule's actions)",
          path: ["rules", i, "limits", j],
          key: "action",
        });
      }
    });
  });
  const policyLimitIds = new Set<string>();
  doc.limits.forEach((limit, j) => {
    if (policyLimitIds.has(limit.id)) {
      out.push({
        code: "DUPLICATE_ID",
        message: `duplicate limit id \`${limit.id}\``,
        path: ["limits", j, "id"],
      });
    }
    policyLimitIds.add(limit.id);
  });
  return out;
}

type ExprSite = { text: string; path: Array<string | number>; expected: "bool" | "number" };

/** CEL expressions of a document that failed the schema, so they are still checked. */
function rawExpressions(value: unknown): ExprSite[] {
  const out: ExprSite[] = [];
  const rec = (v: unknown): Record<string, unknown> | null =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const fits = (t: unknown): t is string =>
    typeof t === "string" && t.length > 0 && t.length <= LIMITS.maxExpressionLength;
  const sums = (limits: unknown, base: Array<string | number>) => {
    list(limits).forEach((l, j) => {
      const sum = rec(l)?.sum;
      if (fits(sum)) out.push({ text: sum, path: [...base, j, "sum"], expected: "number" });
    });
  };
  const doc = rec(value);
  list(doc?.rules).forEach((r, i) => {
    const when = rec(r)?.when;
    if (fits(when)) out.push({ text: when, path: ["rules", i, "when"], expected: "bool" });
    sums(rec(r)?.limits, ["rules", i, "limits"]);
  });
  sums(doc?.limits, ["limits"]);
  return out;
}

/** Every CEL expression of a document with its path and expected type. */
export function documentExpressions(doc: PolicyDocument): ExprSite[] {
  const out: ExprSite[] = [];
  doc.rules.forEach((rule, i) => {
    if (rule.when !== undefined) out.push({ text: rule.when, path: ["rules", i, "when"], expected: "bool" });
    rule.limits.forEach((l, j) => {
      if (l.sum !== undefined)
        out.push({ text: l.sum, path: ["rules", i, "limits", j, "sum"], expected: "number" });
    });
  });
  doc.limits.forEach((l, j) => {
    if (l.sum !== undefined) out.push({ text: l.sum, path: ["limits", j, "sum"], expected: "number" });
  });
  return out;
}

function expressionIssues(sites: ExprSite[]): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  for (const { text, path, expected } of sites) {
    for (const p of analyzeExpression(text, expected).problems) {
      out.push({
        code: p.kind === "syntax" ? "CEL_SYNTAX" : "CEL_TYPE",
        message: `CEL: ${p.message}`,
        path,
        exprOffset: p.offset,
      });
    }
  }
  return out;
}

/**
 * Validates a plain value as a policy document: schema, unique ids, CEL syntax and types.
 * Returns the document (when the schema holds) and every issue found.
 */
export function validateDocument(value: unknown): { doc: PolicyDocument | null; issues: DocumentIssue[] } {
  const parsed = PolicySchema.safeParse(value, { reportInput: true });
  if (!parsed.success)
    return { doc: null, issues: [...zodIssues(parsed.error), ...expressionIssues(rawExpressions(value))] };
  const doc = parsed.data;
  return { doc, issues: [...duplicateIssues(doc), ...expressionIssues(documentExpressions(doc))] };
}
