/**
 * Fixed-window request counter per key (agent id or client IP). Memory stays bounded: at most
 * `maxKeys` windows are tracked and stale ones are dropped when a new window starts.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private sweepAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Counts one request; returns the seconds to wait when the limit is exceeded, else 0. */
  hit(key: string, nowMs: number): number {
    if (this.perMinute === 0) return 0;
    const start = nowMs - (nowMs % 60_000);
    if (start !== this.sweepAt) {
      for (const [k, w] of this.windows) if (w.start !== start) this.windows.delete(k);
      this.sweepAt = start;
    }
    let w = this.windows.get(key);
    if (!w) {
      if (this.windows.size >= this.maxKeys) return Math.ceil((start + 60_000 - nowMs) / 1000);
      w = { start, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > this.perMinute ? Math.ceil((start + 60_000 - nowMs) / 1000) : 0;
  }
}
