import type { Expr } from "./cel-check";

/**
 * A fast path for the common shape of policy conditions: field access, literals, comparisons,
 * `in`, `&&`, `||`, `!`, `?:`, `size` and `startsWith`/`endsWith`/`contains`, compiled to plain
 * closures. It follows CEL semantics (cel-spec: heterogeneous numeric comparison and equality,
 * commutative error absorption in `&&`/`||`), and wherever it is not certain (string ordering,
 * null-valued fields, non-map selects, anything unusual at run time) it returns DEFER and the
 * caller runs the full @bufbuild/cel plan instead. Expressions using anything else (arithmetic,
 * `now`, timestamps, macros, `matches`) are not compiled here at all.
 *
 * The differential test (cel-fast.test.ts) checks it against @bufbuild/cel.
 */

/** Result sentinel: CEL would produce an error. */
export const ERR: unique symbol = Symbol("cel.error");
/** Result sentinel: not sure; evaluate with the full CEL implementation. */
export const DEFER: unique symbol = Symbol("cel.defer");

type Value = unknown;
type Fn = (vars: Record<string, unknown>) => Value;

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** CEL equality over JSON-like values; DEFER when a type outside the JSON model shows up. */
function equals(a: Value, b: Value): boolean | typeof DEFER {
  if (typeof a === "number" && typeof b === "number") return a === b;
  if (typeof a === "string" || typeof a === "boolean" || a === null) return a === b;
  if (typeof a === "number")
    return typeof b === "string" || typeof b === "boolean" || b === null || Array.isArray(b) || isMap(b)
      ? false
      : DEFER;
  if (Array.isArray(a)) {
    if (!Array.isArray(b)) return isScalar(b) || isMap(b) ? false : DEFER;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const e = equals(a[i], b[i]);
      if (e !== true) return e;
    }
    return true;
  }
  if (isMap(a)) {
    if (!isMap(b)) return isScalar(b) || Array.isArray(b) ? false : DEFER;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b, k)) return false;
      const e = equals(a[k], b[k]);
      if (e !== true) return e;
    }
    return true;
  }
  return DEFER;
}

const isScalar = (v: unknown) =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

function compileConst(e: Expr): Fn | null {
  if (e.exprKind.case !== "constExpr") return null;
  const c = e.exprKind.value.constantKind;
  let v: Value;
  switch (c.case) {
    case "boolValue":
    case "stringValue":
    case "doubleValue":
      v = c.value;
      break;
    case "int64Value": {
      const n = Number(c.value);
      if (!Number.isSafeInteger(n)) return null;
      v = n;
      break;
    }
    case "nullValue":
      v = null;
      break;
    default:
      return null;
  }
  return () => v;
}

function compileSelect(e: Expr): Fn | null {
  if (e.exprKind.case !== "selectExpr" || !e.exprKind.value.operand) return null;
  const operand = compile(e.exprKind.value.operand);
  if (!operand) return null;
  const field = e.exprKind.value.field;
  if (e.exprKind.value.testOnly) {
    return (vars) => {
      const o = operand(vars);
      if (o === ERR || o === DEFER) return o;
      if (!isMap(o)) return DEFER;
      const v = o[field];
      return v === null ? DEFER : v !== undefined && Object.hasOwn(o, field);
    };
  }
  return (vars) => {
    const o = operand(vars);
    if (o === ERR || o === DEFER) return o;
    if (!isMap(o)) return DEFER;
    if (!Object.hasOwn(o, field)) return ERR;
    const v = o[field];
    return v === null || v === undefined ? DEFER : v;
  };
}

function logic(fn: string, a: Fn, b: Fn): Fn {
  // cel-spec: `false && x` is false and `true || x` is true even when x is an error.
  const short = fn === "_||_";
  return (vars) => {
    const x = a(vars);
    if (x === short) return short;
    const y = b(vars);
    if (y === short) return short;
    if (x === DEFER || y === DEFER) return DEFER;
    if (typeof x !== "boolean" || typeof y !== "boolean") return ERR;
    return !short;
  };
}

function compare(fn: string, a: Fn, b: Fn): Fn {
  return (vars) => {
    const x = a(vars);
    if (x === ERR || x === DEFER) return x;
    const y = b(vars);
    if (y === ERR || y === DEFER) return y;
    if (typeof x !== "number" || typeof y !== "number") return DEFER;
    if (Number.isNaN(x) || Number.isNaN(y)) return DEFER;
    switch (fn) {
      case "_<_":
        return x < y;
      case "_<=_":
        return x <= y;
      case "_>_":
        return x > y;
      default:
        return x >= y;
    }
  };
}

function stringMethod(fn: string, target: Fn, arg: Fn): Fn {
  return (vars) => {
    const s = target(vars);
    if (s === ERR || s === DEFER) return s;
    const t = arg(vars);
    if (t === ERR || t === DEFER) return t;
    if (typeof s !== "string" || typeof t !== "string") return ERR;
    return fn === "startsWith" ? s.startsWith(t) : fn === "endsWith" ? s.endsWith(t) : s.includes(t);
  };
}

function size(arg: Fn): Fn {
  return (vars) => {
    const v = arg(vars);
    if (v === ERR || v === DEFER) return v;
    if (typeof v === "string") {
      let n = 0;
      for (const _ of v) n++;
      return n;
    }
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    return DEFER;
  };
}

function equality(negate: boolean, x: Fn, y: Fn): Fn {
  return (vars) => {
    const l = x(vars);
    if (l === ERR || l === DEFER) return l;
    const r = y(vars);
    if (r === ERR || r === DEFER) return r;
    const eq = equals(l, r);
    return eq === DEFER ? DEFER : eq !== negate;
  };
}

/** `x in list` (CEL equality against each element) and `key in map`. */
function membership(x: Fn, y: Fn): Fn {
  return (vars) => {
    const l = x(vars);
    if (l === ERR || l === DEFER) return l;
    const r = y(vars);
    if (r === ERR || r === DEFER) return r;
    if (Array.isArray(r)) {
      for (const el of r) {
        const eq = equals(l, el);
        if (eq === DEFER) return DEFER;
        if (eq) return true;
      }
      return false;
    }
    if (isMap(r) && typeof l === "string") return Object.hasOwn(r, l);
    return DEFER;
  };
}

function compileCall(e: Expr): Fn | null {
  if (e.exprKind.case !== "callExpr") return null;
  const { function: fn, target, args } = e.exprKind.value;
  const t = target ? compile(target) : null;
  if (target && !t) return null;
  const a = args.map(compile);
  if (a.some((x) => x === null)) return null;
  const [x, y, z] = a as Fn[];
  if (t) {
    if ((fn === "startsWith" || fn === "endsWith" || fn === "contains") && a.length === 1)
      return stringMethod(fn, t, x!);
    if (fn === "size" && a.length === 0) return size(t);
    return null;
  }
  switch (fn) {
    case "_&&_":
    case "_||_":
      return logic(fn, x!, y!);
    case "!_":
      return (vars) => {
        const v = x!(vars);
        return v === ERR || v === DEFER ? v : typeof v === "boolean" ? !v : ERR;
      };
    case "_==_":
    case "_!=_":
      return equality(fn === "_!=_", x!, y!);
    case "_<_":
    case "_<=_":
    case "_>_":
    case "_>=_":
      return compare(fn, x!, y!);
    case "@in":
      return membership(x!, y!);
    case "_?_:_":
      return (vars) => {
        const c = x!(vars);
        if (c === ERR || c === DEFER) return c;
        return typeof c !== "boolean" ? ERR : c ? y!(vars) : z!(vars);
      };
    case "size":
      return a.length === 1 ? size(x!) : null;
    default:
      return null;
  }
}

function compile(e: Expr): Fn | null {
  switch (e.exprKind.case) {
    case "constExpr":
      return compileConst(e);
    case "identExpr": {
      const name = e.exprKind.value.name;
      if (name === "now") return null;
      return (vars) => {
        const v = vars[name];
        return v === undefined || v === null ? DEFER : v;
      };
    }
    case "selectExpr":
      return compileSelect(e);
    case "callExpr":
      return compileCall(e);
    case "listExpr": {
      if (e.exprKind.value.optionalIndices.length > 0) return null;
      const items = e.exprKind.value.elements.map(compile);
      if (items.some((i) => i === null)) return null;
      const fns = items as Fn[];
      if (e.exprKind.value.elements.every((el) => el.exprKind.case === "constExpr")) {
        // A literal list of constants is built once (it is never mutated).
        const constant = Object.freeze(fns.map((f) => f({})));
        return () => constant;
      }
      return (vars) => {
        const out: Value[] = [];
        for (const f of fns) {
          const v = f(vars);
          if (v === ERR || v === DEFER) return v;
          out.push(v);
        }
        return out;
      };
    }
    default:
      return null;
  }
}

/**
 * Compiles a checked CEL tree to a closure, or returns null when the expression uses anything
 * outside the fast subset. The closure returns a value, ERR or DEFER.
 */
export function compileFast(expr: Expr): Fn | null {
  return compile(expr);
}
