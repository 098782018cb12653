import { hash } from "node:crypto";

/** A (key id, nonce) pair as the guard and the `nonce_batches` table keep it: 64 bits of SHA-256. */
export type NonceKey = { h1: number; h2: number };

/**
 * The guard's key for a pair: the first 8 bytes of SHA-256(kid, NUL, nonce), as two little-endian
 * uint32. The digest is taken as a "binary" (latin1) string, one char per byte: a Buffer made by
 * node:crypto costs about four times the hash itself.
 */
export function nonceKey(kid: string, nonce: string): NonceKey {
  const d = hash("sha256", `${kid}\u0000${nonce}`, "binary");
  return {
    h1: (d.charCodeAt(0) | (d.charCodeAt(1) << 8) | (d.charCodeAt(2) << 16) | (d.charCodeAt(3) << 24)) >>> 0,
    h2: (d.charCodeAt(4) | (d.charCodeAt(5) << 8) | (d.charCodeAt(6) << 16) | (d.charCodeAt(7) << 24)) >>> 0,
  };
}

/** Bytes of one pair in a `nonce_batches` blob: h1 and h2 (uint32 LE), then the expiry (float64 LE, ms). */
const ENTRY_BYTES = 16;
/** Most pairs in one blob (16 KiB): restores and migrations split larger sets. */
export const MAX_BATCH_ENTRIES = 1024;

/**
 * Packs pairs given flattened as `[h1, h2, expiresAtMs, ...]` into one `nonce_batches` row: the blob
 * and the latest expiry in it (the row can go once that has passed). One row per batch instead of
 * one per pair: a restart reads a few thousand blobs, not hundreds of thousands of rows.
 */
export function packNonces(
  flat: readonly number[],
  from = 0,
  to = flat.length,
): { keys: Buffer; expiresAt: number } {
  const keys = Buffer.allocUnsafe(((to - from) / 3) * ENTRY_BYTES);
  let expiresAt = 0;
  for (let i = from, at = 0; i < to; i += 3, at += ENTRY_BYTES) {
    keys.writeUInt32LE(flat[i]!, at);
    keys.writeUInt32LE(flat[i + 1]!, at + 4);
    keys.writeDoubleLE(flat[i + 2]!, at + 8);
    if (flat[i + 2]! > expiresAt) expiresAt = flat[i + 2]!;
  }
  return { keys, expiresAt };
}

/** Calls `visit` for every pair of a `nonce_batches` blob. */
export function unpackNonces(keys: Uint8Array, visit: (key: NonceKey, expiresAtMs: number) => void): void {
  const view = new DataView(keys.buffer, keys.byteOffset, keys.byteLength);
  for (let at = 0; at + ENTRY_BYTES <= keys.byteLength; at += ENTRY_BYTES) {
    visit({ h1: view.getUint32(at, true), h2: view.getUint32(at + 4, true) }, view.getFloat64(at + 8, true));
  }
}

const EMPTY = 0;
/** The expiry of a slot whose pair was taken back ({@link NonceGuard.remove}): free for reuse. */
const REMOVED = -1;
const MIN_CAPACITY = 1024;
/** Past this share of used slots the table is rebuilt (bigger if needed). */
const MAX_LOAD = 0.75;
/** Share of used slots right after a rebuild, at most. */
const REBUILT_LOAD = 0.5;

/**
 * The embedded store's replay check: the exact set of (key id, nonce) pairs seen and not yet
 * pruned (PROTOCOL.md §3: a nonce already seen for that key within the window is refused). It
 * answers in memory, so an authorization needs no random-key B-tree insert; the pairs are still
 * written to SQLite (append-only, `nonce_batches`; see storage/types.ts `DeferredNonces` for when), and
 * loaded back at start. As with a table row, a pair counts until {@link forgetExpired} drops it after its
 * expiry (the signature's `created` check refuses the old request long before that).
 *
 * Pairs are kept as 64 bits of SHA-256 in typed arrays (open addressing, linear probing): 16 bytes
 * a slot, nothing for the garbage collector to trace. A request cannot choose a nonce that lands
 * where it likes, so chains stay short whatever agents send; two different pairs share a key with
 * probability ≈ n² / 2⁶⁵ (at 500 000 live pairs, 7 × 10⁻⁹), and the only effect would be one
 * request refused as a replay. A true replay always has the same key: it is never missed.
 */
export class NonceGuard {
  private h1 = new Uint32Array(MIN_CAPACITY);
  private h2 = new Uint32Array(MIN_CAPACITY);
  /** Expiry in epoch ms; 0 = never used, {@link REMOVED} = taken back. */
  private exp = new Float64Array(MIN_CAPACITY);
  /** Slots not empty: pairs held plus slots freed by remove/forgetExpired (reused by later adds). */
  private used = 0;
  private freed = 0;

  /** Pairs held. */
  get size(): number {
    return this.used - this.freed;
  }

  /** Slots in the table (the range {@link forgetExpired} walks). */
  get capacity(): number {
    return this.exp.length;
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.exp.length * 16;
  }

  /** Records the pair until it is swept after `expiresAtMs`; false when it is already there (a replay). */
  add(key: NonceKey, expiresAtMs: number): boolean {
    const mask = this.exp.length - 1;
    let i = key.h1 & mask;
    let reuse = -1;
    for (;;) {
      const e = this.exp[i]!;
      if (e === EMPTY) break;
      if (e === REMOVED) {
        if (reuse < 0) reuse = i;
      } else if (this.h1[i] === key.h1 && this.h2[i] === key.h2) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // A slot taken back earlier in the chain can hold the pair once the chain shows it is absent.
    const at = reuse >= 0 ? reuse : i;
    this.h1[at] = key.h1;
    this.h2[at] = key.h2;
    // 0 and REMOVED mark free slots: a (nonsensical) expiry at or before the epoch is kept as 1 ms.
    this.exp[at] = Math.max(expiresAtMs, 1);
    if (at === reuse) this.freed--;
    else if (++this.used > this.exp.length * MAX_LOAD) this.rebuild();
    return true;
  }

  /** Takes a pair back (its authorization was rolled back): a later request may use it again. */
  remove(key: NonceKey): void {
    const mask = this.exp.length - 1;
    for (let i = key.h1 & mask; this.exp[i] !== EMPTY; i = (i + 1) & mask) {
      if (this.exp[i] !== REMOVED && this.h1[i] === key.h1 && this.h2[i] === key.h2) {
        this.exp[i] = REMOVED;
        this.freed++;
        return;
      }
    }
  }

  /**
   * Frees the slots in `[from, from + count)` whose pair expired before `nowMs`, in place: a sweep
   * in slices, with the event loop running in between (a full pass over 500 000 pairs takes ≈ 25
   * ms). Returns where the next slice starts (`capacity` when done) and how many were freed. A table
   * rebuilt between slices is simply swept from the same index on; what a sweep misses, the next
   * one frees.
   */
  forgetExpired(nowMs: number, from: number, count: number): { next: number; forgotten: number } {
    const end = Math.min(this.exp.length, from + count);
    let forgotten = 0;
    for (let i = from; i < end; i++) {
      const e = this.exp[i]!;
      if (e !== EMPTY && e !== REMOVED && e < nowMs) {
        this.exp[i] = REMOVED;
        forgotten++;
      }
    }
    this.freed += forgotten;
    return { next: end, forgotten };
  }

  /** Rebuilds a table that holds far fewer pairs than it has room for (after a burst has expired). */
  compactIfSparse(): void {
    if (this.exp.length > MIN_CAPACITY && this.size * 8 < this.exp.length) this.rebuild();
  }

  /** Copies the pairs held (not the freed slots) into a table sized for them. */
  private rebuild(): void {
    const { h1, h2, exp } = this;
    const live = this.size;
    let capacity = MIN_CAPACITY;
    while (capacity * REBUILT_LOAD < live) capacity *= 2;
    this.h1 = new Uint32Array(capacity);
    this.h2 = new Uint32Array(capacity);
    this.exp = new Float64Array(capacity);
    this.used = 0;
    this.freed = 0;
    const mask = capacity - 1;
    for (let j = 0; j < exp.length; j++) {
      const e = exp[j]!;
      if (e === EMPTY || e === REMOVED) continue;
      let i = h1[j]! & mask;
      while (this.exp[i] !== EMPTY) i = (i + 1) & mask;
      this.h1[i] = h1[j]!;
      this.h2[i] = h2[j]!;
      this.exp[i] = e;
      this.used++;
    }
  }
}
