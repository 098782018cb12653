/** Reads a dotted path (`order.total`) from a JSON-like object; undefined when absent. */
export function getPath(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const part of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    if (!Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Whether an action pattern (`purchase`, `appointment.*`, `*`) covers an action type. */
export function matchesPattern(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) {
    const prefix = pattern.slice(0, -1); // keeps the dot: "appointment."
    return type.length > prefix.length && type.startsWith(prefix);
  }
  return pattern === type;
}

/** Whether every type matched by `inner` is also matched by `outer`. */
export function patternCovers(outer: string, inner: string): boolean {
  if (outer === "*") return true;
  if (inner === "*") return false;
  if (outer.endsWith(".*")) {
    const prefix = outer.slice(0, -1);
    if (inner.endsWith(".*")) return inner.slice(0, -1).startsWith(prefix);
    return inner.startsWith(prefix) && inner.length > prefix.length;
  }
  return outer === inner;
}

const PLAIN_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Normalised host part of a domain, e-mail address or URL; null when there is none. */
export function domainOf(value: string): string | null {
  // Common case first: already a bare lower-case host name.
  if (PLAIN_HOST.test(value)) return value;
  let host = value.trim();
  const scheme = host.indexOf("://");
  if (scheme !== -1) {
    host = host.slice(scheme + 3);
    const end = host.search(/[/?#]/);
    if (end !== -1) host = host.slice(0, end);
    const at = host.lastIndexOf("@");
    if (at !== -1) host = host.slice(at + 1);
    host = host.replace(/:\d+$/, "");
  } else {
    const at = host.lastIndexOf("@");
    if (at !== -1) host = host.slice(at + 1);
  }
  host = host.toLowerCase().replace(/\.$/, "");
  return host === "" ? null : host;
}

/** `example.com` matches only itself; `*.example.com` matches any subdomain, not the apex. */
export function matchesDomain(pattern: string, domain: string): boolean {
  const p = normalizeDomainPattern(pattern);
  if (p.startsWith("*.")) return domain.endsWith(p.slice(1)) && domain.length > p.length - 1;
  return p === domain;
}

/** Lower-case, without a trailing dot: the form `matchesDomain` compares. */
export function normalizeDomainPattern(pattern: string): string {
  return pattern.toLowerCase().replace(/\.$/, "");
}
