import { domainOf, getPath, matchesDomain, normalizeDomainPattern } from "./paths";
import type { PolicyConstraints } from "./schema";
import type { EvaluationInput } from "./types";

/** Tri-state result of a check: a missing or ill-typed input is UNKNOWN, not false. */
export const Tri = { FALSE: 0, TRUE: 1, UNKNOWN: 2 } as const;
/** One of the values of `Tri`. */
export type Tri = (typeof Tri)[keyof typeof Tri];

/** A shortcut constraint compiled to plain closures (no CEL on the hot path). */
export interface CompiledConstraint {
  name: "constraints.amount" | "constraints.currencies" | "constraints.domains";
  test(input: EvaluationInput): Tri;
  /** Human-readable explanation of the outcome for traces and reasons. */
  describe(input: EvaluationInput): string;
}

function amountConstraint(c: NonNullable<PolicyConstraints["amount"]>): CompiledConstraint {
  const path = c.field.split(".");
  const min = c.min ?? Number.NEGATIVE_INFINITY;
  const max = c.max ?? Number.POSITIVE_INFINITY;
  const bounds = [c.min !== undefined ? `min ${c.min}` : "", c.max !== undefined ? `max ${c.max}` : ""]
    .filter(Boolean)
    .join(", ");
  return {
    name: "constraints.amount",
    test(input) {
      const v = path.length === 1 ? input.action.payload?.[path[0]!] : getPath(input.action.payload, path);
      if (typeof v !== "number" || !Number.isFinite(v)) return Tri.UNKNOWN;
      return v >= min && v <= max ? Tri.TRUE : Tri.FALSE;
    },
    describe(input) {
      const v = getPath(input.action.payload, path);
      if (typeof v !== "number" || !Number.isFinite(v))
        return `payload.${c.field} is missing or not a number (${bounds})`;
      return `payload.${c.field} = ${v} (${bounds})`;
    },
  };
}

function currencyConstraint(currencies: readonly string[], field: string): CompiledConstraint {
  const allowed = new Set(currencies);
  const path = field.split(".");
  return {
    name: "constraints.currencies",
    test(input) {
      const v = getPath(input.action.payload, path);
      if (typeof v !== "string") return Tri.UNKNOWN;
      return allowed.has(v) ? Tri.TRUE : Tri.FALSE;
    },
    describe(input) {
      const v = getPath(input.action.payload, path);
      const list = currencies.join(", ");
      if (typeof v !== "string") return `payload.${field} is missing (allowed: ${list})`;
      return `payload.${field} = ${v} (allowed: ${list})`;
    },
  };
}

/** The domains an action is directed at: the payload field (string or list), else relying_party.domain. */
function targetDomains(input: EvaluationInput, path: string[] | null): string[] | null {
  let raw: unknown = path ? getPath(input.action.payload, path) : undefined;
  if (raw === undefined || raw === null) raw = input.action.relying_party?.domain;
  const values = Array.isArray(raw) ? raw : [raw];
  if (values.length === 0) return null;
  const out: string[] = [];
  for (const v of values) {
    const d = typeof v === "string" ? domainOf(v) : null;
    if (d === null) return null;
    out.push(d);
  }
  return out;
}

function domainConstraint(c: NonNullable<PolicyConstraints["domains"]>): CompiledConstraint {
  const path = c.field ? c.field.split(".") : null;
  // Patterns are normalised once here, not per evaluation.
  const allow = c.allow ? c.allow.map(normalizeDomainPattern) : null;
  const deny = (c.deny ?? []).map(normalizeDomainPattern);
  const verdict = (d: string): "denied" | "not allowed" | null => {
    if (deny.some((p) => matchesDomain(p, d))) return "denied";
    if (allow && !allow.some((p) => matchesDomain(p, d))) return "not allowed";
    return null;
  };
  const source = c.field ? `payload.${c.field} (or relying_party.domain)` : "relying_party.domain";
  return {
    name: "constraints.domains",
    test(input) {
      const domains = targetDomains(input, path);
      if (!domains) return Tri.UNKNOWN;
      for (const d of domains) if (verdict(d) !== null) return Tri.FALSE;
      return Tri.TRUE;
    },
    describe(input) {
      const domains = targetDomains(input, path);
      if (!domains) return `no domain in ${source}`;
      const bad = domains.map((d) => [d, verdict(d)] as const).find(([, v]) => v !== null);
      if (bad)
        return `domain ${bad[0]} is ${bad[1] === "denied" ? "on the deny list" : "not on the allow list"}`;
      return `domain${domains.length > 1 ? "s" : ""} ${domains.join(", ")} permitted`;
    },
  };
}

/** Compiles a rule's shortcut constraints, cheapest first. */
export function compileConstraints(c: PolicyConstraints | undefined): CompiledConstraint[] {
  if (!c) return [];
  const out: CompiledConstraint[] = [];
  if (c.amount) out.push(amountConstraint(c.amount));
  if (c.currencies) out.push(currencyConstraint(c.currencies, c.currency_field));
  if (c.domains) out.push(domainConstraint(c.domains));
  return out;
}
