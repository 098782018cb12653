import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/random";
import { NonceGuard, type NonceKey, nonceKey } from "./nonce-guard";

/** The prune's way through the guard: every slice of slots, then a compaction if sparse. */
function forgetAll(g: NonceGuard, nowMs: number, slice = 4096): number {
  let forgotten = 0;
  for (let from = 0; from < g.capacity; ) {
    const step = g.forgetExpired(nowMs, from, slice);
    forgotten += step.forgotten;
    from = step.next;
  }
  g.compactIfSparse();
  return forgotten;
}

describe("NonceGuard", () => {
  it("keys pairs by SHA-256 of kid and nonce: same pair same key, the pair's parts cannot be shifted", () => {
    expect(nonceKey("k", "n")).toEqual(nonceKey("k", "n"));
    expect(nonceKey("k", "n")).not.toEqual(nonceKey("n", "k"));
    expect(nonceKey("ab", "c")).not.toEqual(nonceKey("a", "bc"));
  });

  it("a key is the first 8 digest bytes as two little-endian uint32, as nonce_log rows already hold them", () => {
    // A fixed vector: rows written by earlier versions must keep matching.
    const d = createHash("sha256").update("kid-1\u0000nonce-1").digest();
    expect(nonceKey("kid-1", "nonce-1")).toEqual({ h1: d.readUInt32LE(0), h2: d.readUInt32LE(4) });
    expect(nonceKey("kid-1", "nonce-1")).toEqual({ h1: 0xaab169bd, h2: 0x0422ca8b });
    for (let i = 0; i < 500; i++) {
      const [kid, nonce] = [`k${i}é`, `n${(i * 7919).toString(36)}\u{1F600}`];
      const b = createHash("sha256").update(`${kid}\u0000${nonce}`).digest();
      expect(nonceKey(kid, nonce)).toEqual({ h1: b.readUInt32LE(0), h2: b.readUInt32LE(4) });
    }
  });

  it("refuses a pair it holds until a sweep after its expiry; other keys are independent", () => {
    const g = new NonceGuard();
    const exp = 10_000;
    expect(g.add(nonceKey("k1", "n1"), exp)).toBe(true);
    expect(g.add(nonceKey("k1", "n1"), exp)).toBe(false);
    expect(g.add(nonceKey("k2", "n1"), exp)).toBe(true);
    expect(forgetAll(g, exp)).toBe(0); // not before its expiry
    expect(g.add(nonceKey("k1", "n1"), exp)).toBe(false);
    expect(forgetAll(g, exp + 1)).toBe(2);
    expect(g.add(nonceKey("k1", "n1"), exp + 60_000)).toBe(true);
  });

  it("remove takes a pair back without breaking the chains through its slot", () => {
    const g = new NonceGuard();
    // Three keys on the same home slot: a chain of three.
    const a: NonceKey = { h1: 5, h2: 1 };
    const b: NonceKey = { h1: 5, h2: 2 };
    const c: NonceKey = { h1: 5 + 1024, h2: 3 };
    for (const k of [a, b, c]) expect(g.add(k, 1000)).toBe(true);
    g.remove(b);
    expect(g.add(c, 1000)).toBe(false); // still found past the freed slot
    expect(g.add(b, 1000)).toBe(true); // reuses it
    expect(g.add(b, 1000)).toBe(false);
    expect(g.size).toBe(3);
  });

  it("agrees with a plain Map model over 200 000 random adds, removes and sliced sweeps (rebuilds included)", () => {
    const r = seededRandom(7);
    const g = new NonceGuard();
    const model = new Map<string, number>();
    let now = 1_000_000;
    // Few distinct h1 values now and then, so long collision chains are exercised too.
    const key = (n: number): NonceKey => (n % 5 === 0 ? { h1: n % 64, h2: n } : nonceKey("kid", `n${n}`));
    const id = (k: NonceKey) => `${k.h1}:${k.h2}`;
    let refused = 0;
    for (let step = 0; step < 200_000; step++) {
      const op = r();
      if (op < 0.85) {
        const k = key(Math.floor(r() * 60_000));
        const exp = now + Math.floor(r() * 120_000);
        const expected = !model.has(id(k));
        expect(g.add(k, exp)).toBe(expected);
        if (expected) model.set(id(k), exp);
        else refused++;
      } else if (op < 0.95) {
        const k = key(Math.floor(r() * 60_000));
        g.remove(k);
        model.delete(id(k));
      } else if (op < 0.952) {
        now += Math.floor(r() * 60_000);
        let dropped = 0;
        for (const [k, e] of model) {
          if (e < now) {
            model.delete(k);
            dropped++;
          }
        }
        expect(forgetAll(g, now, 700)).toBe(dropped);
        expect(g.size).toBe(model.size);
      }
    }
    expect(refused).toBeGreaterThan(1000);
    // Everything the model holds, the guard refuses; it holds as many pairs.
    for (const k of model.keys()) {
      const [h1, h2] = k.split(":").map(Number) as [number, number];
      expect(g.add({ h1, h2 }, now)).toBe(false);
    }
    expect(g.size).toBe(model.size);
  });

  it("a sliced sweep frees expired slots in place; a sparse table is compacted", () => {
    const g = new NonceGuard();
    for (let i = 0; i < 20_000; i++) g.add(nonceKey("k", `n${i}`), i < 19_000 ? 1_000 : 9_000);
    const big = g.capacity;
    let forgotten = 0;
    for (let from = 0; from < g.capacity; ) {
      const slice = g.forgetExpired(2_000, from, 4096);
      forgotten += slice.forgotten;
      from = slice.next;
    }
    expect(forgotten).toBe(19_000);
    expect(g.size).toBe(1_000);
    expect(g.add(nonceKey("k", "n19500"), 9_000)).toBe(false); // kept
    expect(g.add(nonceKey("k", "n5"), 9_000)).toBe(true); // forgotten: usable again
    g.compactIfSparse();
    expect(g.capacity).toBeLessThan(big);
    expect(g.size).toBe(1_001);
    expect(g.add(nonceKey("k", "n19999"), 9_000)).toBe(false);
  });

  it("grows past its first capacity and shrinks again after the pairs expire", () => {
    const g = new NonceGuard();
    const small = g.bytes;
    for (let i = 0; i < 50_000; i++) expect(g.add(nonceKey("k", `n${i}`), 5_000)).toBe(true);
    expect(g.size).toBe(50_000);
    expect(g.bytes).toBeGreaterThan(50_000 * 16);
    for (let i = 0; i < 50_000; i += 997) expect(g.add(nonceKey("k", `n${i}`), 5_000)).toBe(false);
    expect(forgetAll(g, 5_001)).toBe(50_000);
    expect(g.size).toBe(0);
    expect(g.bytes).toBe(small);
  });
});
