import { isMap, isSeq, LineCounter, type Document, parseDocument } from "yaml";
import { PolicyError } from "./errors";

/** Default ceiling for a policy's YAML text (UTF-8 bytes). */
export const DEFAULT_MAX_BYTES = 256 * 1024;
/** Deepest node nesting accepted (a policy needs about 8). */
export const MAX_DEPTH = 32;
/** Aliases may expand to at most this many nodes (defeats "billion laughs"). */
export const MAX_ALIAS_COUNT = 100;
/**
 * Widest indentation accepted. Indentation-nesting beyond this is never a real policy and makes
 * the YAML parser's work grow quadratically.
 */
const MAX_INDENT = 256;

/** A parsed YAML document with the means to turn a path back into a line and column. */
export interface YamlSource {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Plain JS value of the document. */
  value: unknown;
}

/** A 1-based position in the YAML source. */
export interface SourcePosition {
  line: number;
  column: number;
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Linear pre-scan that rejects absurd indentation before the YAML parser sees it. */
function checkIndentation(text: string): void {
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      indent = 0;
      atLineStart = true;
    } else if (atLineStart && (c === 32 || c === 9)) {
      indent++;
      if (indent > MAX_INDENT) {
        throw new PolicyError("TOO_DEEP", `indentation deeper than ${MAX_INDENT} columns`, {
          line,
          column: indent,
        });
      }
    } else {
      atLineStart = false;
    }
  }
}

/** Iterative depth check (no recursion, so a deep document cannot overflow the stack here). */
function checkDepth(root: unknown, lineCounter: LineCounter): void {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > MAX_DEPTH) {
      const pos = node.range ? lineCounter.linePos(node.range[0]) : undefined;
      throw new PolicyError("TOO_DEEP", `document nests deeper than ${MAX_DEPTH} levels`, {
        line: pos?.line,
        column: pos?.col,
      });
    }
    for (const item of node.items as unknown[]) {
      if (isMap(node)) {
        const pair = item as { key: unknown; value: unknown };
        stack.push([pair.key, depth + 1], [pair.value, depth + 1]);
      } else stack.push([item, depth + 1]);
    }
  }
}

/**
 * Parses YAML text under hard limits: size, indentation, nesting depth and alias expansion.
 * Throws a PolicyError (TOO_LARGE, TOO_DEEP, ALIAS_LIMIT, YAML_SYNTAX) with line and column.
 */
export function loadYaml(source: string, options: { maxBytes?: number } = {}): YamlSource {
  if (typeof source !== "string") throw new TypeError("policy source must be a string");
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (source.length > maxBytes || utf8Length(source) > maxBytes) {
    throw new PolicyError("TOO_LARGE", `policy source is larger than ${maxBytes} bytes`);
  }
  checkIndentation(source);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    throw new PolicyError("TOO_DEEP", "document is too deeply nested to parse", { cause: err });
  }
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const exhausted = first.code === "RESOURCE_EXHAUSTION";
    const code = !exhausted ? "YAML_SYNTAX" : /call stack/i.test(first.message) ? "TOO_DEEP" : "ALIAS_LIMIT";
    throw new PolicyError(code, `YAML: ${first.message.split("\n")[0]}`, { line: pos.line, column: pos.col });
  }
  checkDepth(doc.contents, lineCounter);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new PolicyError("TOO_DEEP", "document is too deeply nested", { cause: err });
    }
    throw new PolicyError("ALIAS_LIMIT", "YAML aliases expand to too many nodes", { cause: err });
  }
  return { doc, lineCounter, value };
}

/** Formats a path such as ["rules", 2, "when"] as `rules[2].when`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * Position of the node at `path`; with `key`, the position of that key inside the mapping at
 * `path` (used for unknown fields). Falls back to the nearest existing ancestor.
 */
export function locate(src: YamlSource, path: ReadonlyArray<PropertyKey>, key?: string): SourcePosition {
  const parts = path.map((p) => (typeof p === "symbol" ? String(p) : p));
  for (let n = parts.length; n >= 0; n--) {
    const node = src.doc.getIn(parts.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node === undefined || node === null) continue;
    if (key !== undefined && n === parts.length && isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === key);
      const keyRange = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
      if (keyRange) return toPos(src, keyRange[0]);
    }
    if (node.range) return toPos(src, node.range[0]);
  }
  return { line: 1, column: 1 };
}

function toPos(src: YamlSource, offset: number): SourcePosition {
  const p = src.lineCounter.linePos(offset);
  return { line: p.line, column: p.col };
}
