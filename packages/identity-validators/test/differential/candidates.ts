/** Deterministic candidate generation for the differential test against python-stdnum. */

const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** mulberry32: a small seeded PRNG, so every run tests the same candidates. */
export function prng(seedText: string): () => number {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number, alphabet: string): string {
  return alphabet.charAt(Math.floor(random() * alphabet.length));
}

/** A date that is real most of the time, with a few impossible days and months mixed in. */
function randomDate(random: () => number, format: string): string {
  const year = 1850 + Math.floor(random() * 190);
  const month = random() < 0.9 ? 1 + Math.floor(random() * 12) : [0, 13, 19][Math.floor(random() * 3)];
  const day = random() < 0.85 ? 1 + Math.floor(random() * 28) : [0, 29, 30, 31, 32][Math.floor(random() * 5)];
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, "0");
  return format
    .replace("YYYY", String(year))
    .replace("YY", pad(year % 100))
    .replace("MM", pad(month))
    .replace("DD", pad(day));
}

/**
 * Expands a shape (see types.json) into candidates: random tokens are drawn once, and `{D}` /
 * `{L}` positions take every digit / letter in turn, so each draw also contains its one (or
 * few) valid completions.
 */
export function expandShape(shape: string, random: () => number): string[] {
  let out = [""];
  for (const [, token, literal] of shape.matchAll(/\{([^}]+)\}|([^{]+)/g)) {
    if (literal !== undefined) {
      out = out.map((s) => s + literal);
      continue;
    }
    const t = token ?? "";
    if (t === "D" || t === "L") {
      const alphabet = t === "D" ? DIGITS : LETTERS;
      out = out.flatMap((s) => [...alphabet].map((c) => s + c));
    } else if (t.startsWith("o:")) {
      const options = t.slice(2).split("|");
      out = out.map((s) => s + (options[Math.floor(random() * options.length)] ?? ""));
    } else if (t.startsWith("date:")) {
      out = out.map((s) => s + randomDate(random, t.slice(5)));
    } else {
      const count = Number(t.slice(1) || "1");
      const alphabet = t[0] === "d" ? DIGITS : t[0] === "l" ? LETTERS : DIGITS + LETTERS;
      out = out.map((s) => {
        let add = "";
        for (let i = 0; i < count; i++) add += pick(random, alphabet);
        return s + add;
      });
    }
  }
  return out;
}

/** Single-character substitutions (same character class) and adjacent swaps of a valid value. */
export function mutations(value: string, random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    const alphabet = DIGITS.includes(ch) ? DIGITS : LETTERS.includes(ch) ? LETTERS : "";
    if (alphabet === "") continue;
    for (let k = 0; k < 3; k++) out.push(value.slice(0, i) + pick(random, alphabet) + value.slice(i + 1));
    if (i + 1 < value.length) out.push(value.slice(0, i) + value.charAt(i + 1) + ch + value.slice(i + 2));
  }
  return out;
}

/** Up to `count` distinct candidates: mutations of the valid values first, then shapes. */
export function candidates(
  id: string,
  valid: readonly string[],
  shapes: readonly string[],
  count: number,
): string[] {
  const random = prng(id);
  const seen = new Set<string>(valid);
  for (const v of valid) for (const m of mutations(v, random)) seen.add(m);
  for (let round = 0; seen.size < count && round < count; round++) {
    const shape = shapes[round % shapes.length] ?? "";
    for (const c of expandShape(shape, random)) seen.add(c);
  }
  return [...seen].slice(0, count);
}
