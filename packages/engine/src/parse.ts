import { isScalar } from "yaml";
import { PolicyError, type PolicyErrorCode } from "./errors";
import type { PolicyDocument } from "./schema";
import { formatPath, loadYaml, locate, type SourcePosition, type YamlSource } from "./source";
import { type DocumentIssue, validateDocument } from "./validate";

/** Options of `parsePolicy`. */
export interface ParseOptions {
  /** Shown in error messages. */
  filename?: string;
  /** Largest accepted source in UTF-8 bytes (default 256 KiB). */
  maxBytes?: number;
}

const ISSUE_TO_ERROR: Record<string, PolicyErrorCode> = {
  CEL_SYNTAX: "CEL_SYNTAX",
  CEL_TYPE: "CEL_TYPE",
  DUPLICATE_ID: "DUPLICATE_ID",
};

/** Maps an offset inside an expression to a YAML position by finding the expression's line in the source. */
function exprPosition(
  src: YamlSource,
  path: Array<string | number>,
  offset: number,
  source: string,
): SourcePosition | null {
  const node = src.doc.getIn(path, true);
  if (!isScalar(node) || !node.range || typeof node.value !== "string") return null;
  const text = node.value;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", offset);
  const lineText = text.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  if (lineText.length === 0) return null;
  const at = source.indexOf(lineText, node.range[0]);
  if (at === -1 || at > node.range[2]) return null;
  const pos = src.lineCounter.linePos(at + (offset - lineStart));
  return { line: pos.line, column: pos.col };
}

/** Resolves the YAML position of a validation issue. */
export function issuePosition(src: YamlSource, issue: DocumentIssue, source: string): SourcePosition {
  if (issue.exprOffset !== undefined) {
    const p = exprPosition(src, issue.path, issue.exprOffset, source);
    if (p) return p;
  }
  return locate(src, issue.path, issue.key);
}

/**
 * Parses and validates a YAML policy: hostile-input limits, schema (unknown fields are errors),
 * unique ids, CEL syntax and types. Throws a PolicyError carrying line and column.
 *
 * @example
 * const doc = parsePolicy(readFileSync("policy.yaml", "utf8"), { filename: "policy.yaml" });
 */
export function parsePolicy(source: string, options: ParseOptions = {}): PolicyDocument {
  const prefix = options.filename ? `${options.filename}: ` : "";
  let src: YamlSource;
  try {
    src = loadYaml(source, { maxBytes: options.maxBytes });
  } catch (err) {
    if (err instanceof PolicyError && prefix) {
      throw new PolicyError(err.code, prefix + err.message, {
        line: err.line,
        column: err.column,
        cause: err.cause,
      });
    }
    throw err;
  }
  const { doc, issues } = validateDocument(src.value);
  if (issues.length > 0) {
    // Report the problem that comes first in the document, as a reader would meet it.
    const located = issues.map((issue) => ({ issue, pos: issuePosition(src, issue, source) }));
    located.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
    const { issue: first, pos } = located[0]!;
    const path = formatPath(first.key ? [...first.path, first.key] : first.path);
    const more =
      issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
    throw new PolicyError(
      ISSUE_TO_ERROR[first.code] ?? "SCHEMA_VIOLATION",
      `${prefix}${pos.line}:${pos.column}: ${first.message}${more}`,
      {
        line: pos.line,
        column: pos.column,
        path,
      },
    );
  }
  return doc!;
}

/**
 * Validates a policy given as a plain object (for example one embedded in a scenario file or
 * built in code). Same checks as `parsePolicy`, without YAML positions.
 */
export function validatePolicy(value: unknown): PolicyDocument {
  const { doc, issues } = validateDocument(value);
  const first = issues[0];
  if (first) {
    const path = formatPath(first.key ? [...first.path, first.key] : first.path);
    throw new PolicyError(ISSUE_TO_ERROR[first.code] ?? "SCHEMA_VIOLATION", first.message, { path });
  }
  return doc!;
}
