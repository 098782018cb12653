import { type InnerList, type Item, serializeInnerList, serializeItem } from "./structured-fields.js";

/** Thrown when a covered component cannot be produced from the message. */
export class ComponentError extends Error {}

/** Returns the value of a component (a derived `@name` or a lowercase field name), or null if absent. */
export type ComponentResolver = (name: string, item: Item) => string | null;

/**
 * The RFC 9421 §2.5 signature base: one line `"<component>": <value>` per covered component, in
 * order, then `"@signature-params": <serialized inner list>`, joined by LF, no trailing LF.
 */
export function signatureBase(input: InnerList, resolve: ComponentResolver): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const item of input.items) {
    if (typeof item.value !== "string") throw new ComponentError("component identifier is not a string");
    const id = serializeItem(item);
    // §2.5: the same component must not be covered twice.
    if (seen.has(id)) throw new ComponentError(`component ${id} is covered twice`);
    seen.add(id);
    const value = resolve(item.value, item);
    if (value === null) throw new ComponentError(`component ${id} is absent from the message`);
    // A value with CR or LF would let one component forge the lines of another.
    if (/[\r\n]/.test(value)) throw new ComponentError(`component ${id} contains a line break`);
    lines.push(`${id}: ${value}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(input)}`);
  return lines.join("\n");
}

/** A field line without leading and trailing SP / HTAB (RFC 9110 §5.5 OWS), scanned, not a regex. */
function trimOws(line: string): string {
  let start = 0;
  let end = line.length;
  for (let ch = line.charCodeAt(start); start < end && (ch === 0x20 || ch === 0x09); ) {
    ch = line.charCodeAt(++start);
  }
  for (let ch = line.charCodeAt(end - 1); end > start && (ch === 0x20 || ch === 0x09); ) {
    ch = line.charCodeAt(--end - 1);
  }
  return start === 0 && end === line.length ? line : line.slice(start, end);
}

/**
 * The value of an HTTP field for a signature base (RFC 9421 §2.1): leading and trailing whitespace
 * removed, several field lines combined with ", ".
 */
export function fieldValue(raw: string | readonly string[] | undefined | null): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === "string") return trimOws(raw);
  return raw.map(trimOws).join(", ");
}
