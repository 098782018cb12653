/** Headers as a fetch `Headers` object or a plain record (Node's IncomingHttpHeaders included). */
export type HeadersLike = Headers | Record<string, string | readonly string[] | undefined>;

/**
 * Case-insensitive header lookup over {@link HeadersLike}; null when absent. Several spellings of one
 * name in a record are several field lines of one field (RFC 9110 §5.3) and are all returned.
 */
export function headerGetter(headers: HeadersLike): (name: string) => string | readonly string[] | null {
  if (typeof (headers as Headers).get === "function" && typeof (headers as Headers).has === "function") {
    return (name) => (headers as Headers).get(name);
  }
  const record = headers as Record<string, string | readonly string[] | undefined>;
  return (name) => {
    const lines: string[] = [];
    for (const key of Object.keys(record)) {
      if (key.length !== name.length || key.toLowerCase() !== name) continue;
      const value = record[key];
      if (typeof value === "string") lines.push(value);
      else if (Array.isArray(value)) lines.push(...(value as string[]));
    }
    if (lines.length === 0) return null;
    return lines.length === 1 ? lines[0]! : lines;
  };
}
