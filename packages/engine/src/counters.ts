import { PolicyError } from "./errors";
import type { Charge, CounterQuery, CounterReader } from "./types";

interface Entry {
  at: number;
  amount: number;
}

/**
 * Time-window counters in memory, for tests, the policy playground and single-process embedding.
 * A sliding window: usage is the sum of charges whose timestamp lies in (now - window, now].
 * Not shared between processes; the server uses its database instead. Assumes evaluation times
 * move forward: when charging, entries older than the window before that charge are dropped, so
 * a later query for an earlier `now` may not see them.
 */
export class InMemoryCounters implements CounterReader {
  readonly #entries = new Map<string, Entry[]>();

  /** Sum of charges for `q.key` with a timestamp in (now - window, now]. */
  usage(q: CounterQuery, now: Date): number {
    const list = this.#entries.get(q.key);
    if (!list) return 0;
    const t = now.getTime();
    const from = t - q.window_seconds * 1000;
    let sum = 0;
    for (const e of list) if (e.at > from && e.at <= t) sum += e.amount;
    return sum;
  }

  /**
   * Applies charges atomically: either all are recorded at `now` or, if any would push its
   * counter past its `max`, none is and a PolicyError COUNTER_CONFLICT is thrown.
   */
  apply(charges: Charge[], now: Date): void {
    if (!this.tryApply(charges, now)) {
      throw new PolicyError("COUNTER_CONFLICT", "a charge would exceed its limit; nothing was applied");
    }
  }

  /** Like `apply`, but returns false instead of throwing when a limit would be exceeded. */
  tryApply(charges: Charge[], now: Date): boolean {
    const pending = new Map<string, number>();
    for (const c of charges) {
      const already = pending.get(c.key) ?? this.usage(c, now);
      if (already + c.amount > c.max) return false;
      pending.set(c.key, already + c.amount);
    }
    const t = now.getTime();
    for (const c of charges) {
      let list = this.#entries.get(c.key);
      if (!list) {
        list = [];
        this.#entries.set(c.key, list);
      }
      // Entries older than the window can never count again (keys include their window).
      const from = t - c.window_seconds * 1000;
      while (list.length > 0 && list[0]!.at <= from) list.shift();
      list.push({ at: t, amount: c.amount });
    }
    return true;
  }

  /** Forgets every counter. */
  clear(): void {
    this.#entries.clear();
  }
}
