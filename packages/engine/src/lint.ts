import { analyzeExpression } from "./cel";
import { PolicyError } from "./errors";
import { issuePosition } from "./parse";
import { patternCovers } from "./paths";
import type { PolicyDocument, PolicyLimit, PolicyRule } from "./schema";
import { formatPath, loadYaml, type YamlSource } from "./source";
import { type DocumentIssue, validateDocument } from "./validate";

/** One finding of `lintPolicy`, positioned in the YAML source (1-based). */
export interface LintDiagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  line: number;
  column: number;
  path?: string;
}

const patternsOf = (rule: PolicyRule): string[] => ([] as string[]).concat(rule.action);

function isUnconditional(rule: PolicyRule): boolean {
  return rule.when === undefined && rule.constraints === undefined;
}

function shadowing(doc: PolicyDocument): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  doc.rules.forEach((rule, j) => {
    for (let i = 0; i < j; i++) {
      const earlier = doc.rules[i]!;
      if (!isUnconditional(earlier)) continue;
      const covered = patternsOf(rule).every((p) => patternsOf(earlier).some((q) => patternCovers(q, p)));
      if (covered) {
        out.push({
          code: "RULE_SHADOWED",
          message: `rule \`${rule.id}\` is never reached: the earlier rule \`${earlier.id}\` has no condition and covers all its actions`,
          path: ["rules", j, "id"],
        });
        return;
      }
    }
  });
  return out;
}

function neverMatches(rule: PolicyRule, i: number): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const at = (message: string, ...path: Array<string | number>) =>
    out.push({
      code: "RULE_NEVER_MATCHES",
      message: `rule \`${rule.id}\` can never match: ${message}`,
      path: ["rules", i, ...path],
    });
  const c = rule.constraints;
  if (c?.amount?.min !== undefined && c.amount.max !== undefined && c.amount.min > c.amount.max) {
    at(`amount min ${c.amount.min} is above max ${c.amount.max}`, "constraints", "amount");
  }
  if (c?.currencies && c.currencies.length === 0)
    at("the currency list is empty", "constraints", "currencies");
  if (c?.domains?.allow) {
    const deny = new Set((c.domains.deny ?? []).map((d) => d.toLowerCase()));
    if (c.domains.allow.length === 0) at("the domain allow list is empty", "constraints", "domains", "allow");
    else if (c.domains.allow.every((d) => deny.has(d.toLowerCase())))
      at("every allowed domain is also denied", "constraints", "domains");
  }
  if (rule.when !== undefined) {
    const { expr } = analyzeExpression(rule.when, "bool");
    const k = expr?.exprKind;
    if (
      k?.case === "constExpr" &&
      k.value.constantKind.case === "boolValue" &&
      k.value.constantKind.value === false
    ) {
      at("its condition is the constant false", "when");
    }
  }
  if (rule.effect === "deny" && rule.obligations.length > 0) {
    out.push({
      code: "OBLIGATION_IGNORED",
      message: `obligations of deny rule \`${rule.id}\` have no effect`,
      path: ["rules", i, "obligations"],
    });
  }
  if (rule.effect === "deny" && rule.limits.length > 0) {
    out.push({
      code: "LIMIT_IGNORED",
      message: `limits of deny rule \`${rule.id}\` have no effect`,
      path: ["rules", i, "limits"],
    });
  }
  return out;
}

const limitShape = (l: PolicyLimit) => JSON.stringify([l.window, l.max, l.sum ?? null, l.per, l.on_exceed]);

function sharedLimits(doc: PolicyDocument): DocumentIssue[] {
  const out: DocumentIssue[] = [];
  const first = new Map<string, { shape: string; rule: string }>();
  doc.rules.forEach((rule, i) => {
    rule.limits.forEach((l, j) => {
      const seen = first.get(l.id);
      if (!seen) first.set(l.id, { shape: limitShape(l), rule: rule.id });
      else if (seen.shape !== limitShape(l)) {
        out.push({
          code: "LIMIT_MISMATCH",
          message: `limit \`${l.id}\` shares its counter with rule \`${seen.rule}\` but is defined differently there`,
          path: ["rules", i, "limits", j, "id"],
        });
      }
    });
  });
  return out;
}

const WARNINGS = new Set([
  "RULE_SHADOWED",
  "RULE_NEVER_MATCHES",
  "OBLIGATION_IGNORED",
  "LIMIT_IGNORED",
  "LIMIT_MISMATCH",
]);

function toDiagnostic(src: YamlSource, issue: DocumentIssue, source: string): LintDiagnostic {
  const pos = issuePosition(src, issue, source);
  const path = formatPath(issue.key ? [...issue.path, issue.key] : issue.path);
  const d: LintDiagnostic = {
    code: issue.code,
    severity: WARNINGS.has(issue.code) ? "warning" : "error",
    message: issue.message,
    line: pos.line,
    column: pos.column,
  };
  if (path) d.path = path;
  return d;
}

/**
 * Static checks of a policy's YAML: syntax, schema (unknown fields, a limit without a window),
 * duplicate ids, CEL syntax and type errors (errors); rules shadowed by an earlier unconditional
 * rule, rules that can never match, obligations or limits without effect (warnings). Every
 * finding carries a line and column. Never throws on bad input.
 *
 * @example
 * for (const d of lintPolicy(text)) console.log(`${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
 */
export function lintPolicy(
  source: string,
  options: { filename?: string; maxBytes?: number } = {},
): LintDiagnostic[] {
  let src: YamlSource;
  try {
    src = loadYaml(source, { maxBytes: options.maxBytes });
  } catch (err) {
    if (!(err instanceof PolicyError)) throw err;
    return [
      {
        code: err.code,
        severity: "error",
        message: err.message,
        line: err.line ?? 1,
        column: err.column ?? 1,
      },
    ];
  }
  const { doc, issues } = validateDocument(src.value);
  const all = [...issues];
  if (doc) {
    all.push(...shadowing(doc), ...sharedLimits(doc));
    doc.rules.forEach((r, i) => {
      all.push(...neverMatches(r, i));
    });
  }
  return all
    .map((issue) => toDiagnostic(src, issue, source))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
}
