/** Headers as a fetch `Headers` object or a plain record (Node's IncomingHttpHeaders included). */
export type HeadersLike = Headers | Record<string, string | readonly string[] | undefined>;

type HeaderRecord = Record<string, string | readonly string[] | undefined>;
type HeaderValue = string | readonly string[] | null;

const isEnumerableOwn = Object.prototype.propertyIsEnumerable;

/** True when no member name of the record changes under toLowerCase (RFC 9110 §5.1: names are case-insensitive). */
function allLowercase(record: HeaderRecord): boolean {
  for (const key of Object.keys(record)) if (key.toLowerCase() !== key) return false;
  return true;
}

/** The field lines of one record member, as the general scan collects them. */
function linesOf(value: unknown, lines: unknown[]): void {
  if (typeof value === "string") lines.push(value);
  else if (Array.isArray(value)) lines.push(...value);
}

function collected(lines: unknown[]): HeaderValue {
  if (lines.length === 0) return null;
  return lines.length === 1 ? (lines[0] as string) : (lines as string[]);
}

/**
 * Case-insensitive header lookup over {@link HeadersLike}; null when absent. Several spellings of one
 * name in a record are several field lines of one field (RFC 9110 §5.3) and are all returned.
 */
export function headerGetter(headers: HeadersLike): (name: string) => HeaderValue {
  if (typeof (headers as Headers).get === "function" && typeof (headers as Headers).has === "function") {
    return (name) => (headers as Headers).get(name);
  }
  const record = headers as HeaderRecord;
  // What servers hand over (Node's IncomingHttpHeaders, a parsed request head): every name already
  // lowercase. Then the only member a lowercase name can match is the one spelled exactly like it,
  // so one scan per request replaces one scan per lookup.
  if (allLowercase(record)) {
    return (name) => {
      if (!isEnumerableOwn.call(record, name)) return null;
      const value = record[name];
      if (typeof value === "string") return value;
      const lines: unknown[] = [];
      linesOf(value, lines);
      return collected(lines);
    };
  }
  return (name) => {
    const lines: unknown[] = [];
    for (const key of Object.keys(record)) {
      if (key.length !== name.length || key.toLowerCase() !== name) continue;
      linesOf(record[key], lines);
    }
    return collected(lines);
  };
}
