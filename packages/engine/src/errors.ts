/**
 * Stable error codes of the engine. One catalogue so callers (the server, the CLI) can map them
 * without parsing messages.
 */
export type PolicyErrorCode =
  /** The YAML text is not well-formed. */
  | "YAML_SYNTAX"
  /** The document is valid YAML but does not match the policy schema. */
  | "SCHEMA_VIOLATION"
  /** The source is larger than `maxBytes`. */
  | "TOO_LARGE"
  /** The document nests deeper than the parser accepts. */
  | "TOO_DEEP"
  /** YAML aliases expand to too many nodes (a "billion laughs" document). */
  | "ALIAS_LIMIT"
  /** A CEL expression does not parse. */
  | "CEL_SYNTAX"
  /** A CEL expression parses but cannot be valid (unknown variable, wrong type, too complex). */
  | "CEL_TYPE"
  /** Two rules or two limits share an id where ids must be unique. */
  | "DUPLICATE_ID"
  /** A layer list passed to `mergePolicies` is malformed. */
  | "INVALID_LAYERS"
  /** A counter store refused charges that would exceed a limit. */
  | "COUNTER_CONFLICT"
  /** A scenario file is malformed. */
  | "INVALID_SCENARIO";

/**
 * The one error class of @openleash/engine. Carries a stable `code` and, when the problem sits in
 * YAML text, the 1-based `line`/`column` and the document `path` (e.g. `rules[2].when`).
 */
export class PolicyError extends Error {
  override name = "PolicyError";
  /** Stable machine-readable code. */
  readonly code: PolicyErrorCode;
  /** 1-based line in the YAML source, when known. */
  readonly line: number | undefined;
  /** 1-based column in the YAML source, when known. */
  readonly column: number | undefined;
  /** Dotted path of the offending node, when known. */
  readonly path: string | undefined;

  constructor(
    code: PolicyErrorCode,
    message: string,
    where: { line?: number; column?: number; path?: string; cause?: unknown } = {},
  ) {
    super(message, where.cause === undefined ? undefined : { cause: where.cause });
    this.code = code;
    this.line = where.line;
    this.column = where.column;
    this.path = where.path;
  }
}
