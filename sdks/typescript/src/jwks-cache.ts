import { OpenLeashError } from "./errors";
import type { FetchLike } from "./signing";

/** A JWK Set (RFC 7517 §5). */
export interface Jwks {
  keys: object[];
}

/** Options of {@link JwksCache}. */
export interface JwksCacheOptions {
  /** How long a fetched JWKS is used without asking again (default 5 minutes). */
  ttlMs?: number;
  /**
   * Least time between two fetches of the same URL (default 30 s): an unknown `kid` triggers a
   * refresh (the issuer may have rotated), but a flood of tokens with made-up kids cannot turn
   * into a flood of fetches.
   */
  minRefreshIntervalMs?: number;
  /** Most JWKS URLs kept (default 32); the least recently used is dropped beyond that. */
  maxEntries?: number;
  /** Largest JWKS accepted, in bytes (default 64 KiB). */
  maxBytes?: number;
  /** Per-fetch time limit (default 5 s). */
  timeoutMs?: number;
  fetch?: FetchLike;
  /** Clock in ms (tests). */
  now?: () => number;
}

type Entry = { jwks: Jwks | null; fetchedAt: number; inflight: Promise<Jwks> | null; error: unknown };

/**
 * A bounded cache of issuers' JWK Sets for offline proof verification. Keys are looked up by
 * `kid`; an unknown `kid` refreshes the set at most once per `minRefreshIntervalMs` (PROTOCOL.md §5:
 * rotation publishes new keys before use, so a refresh finds them).
 *
 * @example
 * const cache = new JwksCache({ ttlMs: 60_000 });
 * await verifyProofOffline(token, { jwksUrl: "https://leash.example/.well-known/jwks.json", cache, ... });
 */
export class JwksCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly minRefreshIntervalMs: number;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly timeoutMs: number;
  private readonly fetchFn: FetchLike;
  private readonly now: () => number;

  constructor(options: JwksCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.minRefreshIntervalMs = options.minRefreshIntervalMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 32;
    this.maxBytes = options.maxBytes ?? 64 * 1024;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.fetchFn = options.fetch ?? ((req) => globalThis.fetch(req));
    this.now = options.now ?? Date.now;
    if (!(this.maxEntries >= 1)) throw new TypeError("maxEntries must be >= 1");
  }

  /** Number of JWKS URLs currently cached. */
  get size(): number {
    return this.entries.size;
  }

  /** Forgets every cached JWKS. */
  clear(): void {
    this.entries.clear();
  }

  /** The JWKS at `url`, from the cache while fresh (or when `refresh` is false and one is cached). */
  async get(url: string, options: { forceRefresh?: boolean } = {}): Promise<Jwks> {
    const entry = this.touch(url);
    const age = this.now() - entry.fetchedAt;
    if (entry.jwks && !options.forceRefresh && age < this.ttlMs) return entry.jwks;
    if (entry.jwks && options.forceRefresh && age < this.minRefreshIntervalMs) return entry.jwks;
    // A URL that just failed is not fetched again before minRefreshIntervalMs either.
    if (!entry.jwks && entry.error !== null && age < this.minRefreshIntervalMs) throw entry.error;
    return this.refresh(url, entry);
  }

  /**
   * A key resolver for `verifyProof`: finds `kid` in the cached JWKS of `url`, refreshing once
   * (rate-limited) when the kid is not there.
   */
  keySource(url: string): (kid: string) => Promise<object | null> {
    return async (kid) => {
      const find = (jwks: Jwks) => jwks.keys.find((k) => (k as { kid?: unknown }).kid === kid) ?? null;
      const hit = find(await this.get(url));
      return hit ?? find(await this.get(url, { forceRefresh: true }));
    };
  }

  private touch(url: string): Entry {
    let entry = this.entries.get(url);
    if (entry) this.entries.delete(url);
    else entry = { jwks: null, fetchedAt: Number.NEGATIVE_INFINITY, inflight: null, error: null };
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.set(url, entry);
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return entry;
  }

  private refresh(url: string, entry: Entry): Promise<Jwks> {
    // Concurrent verifications share one fetch.
    entry.inflight ??= this.download(url)
      .then(
        (jwks) => {
          entry.jwks = jwks;
          entry.error = null;
          return jwks;
        },
        (err: unknown) => {
          entry.error = err;
          throw err;
        },
      )
      .finally(() => {
        entry.fetchedAt = this.now();
        entry.inflight = null;
      });
    return entry.inflight.catch((err) => {
      // A failed refresh keeps serving the last good set (an outage must not break verification).
      if (entry.jwks) return entry.jwks;
      throw err;
    });
  }

  private async download(url: string): Promise<Jwks> {
    let text: string;
    try {
      const res = await this.fetchFn(
        new Request(url, {
          headers: { accept: "application/json" },
          redirect: "error",
          signal: AbortSignal.timeout(this.timeoutMs),
        }),
      );
      if (!res.ok) throw new OpenLeashError("JWKS_UNAVAILABLE", `JWKS fetch answered ${res.status}`);
      text = await res.text();
    } catch (err) {
      if (err instanceof OpenLeashError) throw err;
      throw new OpenLeashError("JWKS_UNAVAILABLE", `JWKS could not be fetched from ${url}`, { cause: err });
    }
    if (text.length > this.maxBytes) throw new OpenLeashError("JWKS_UNAVAILABLE", "JWKS is too large");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new OpenLeashError("JWKS_UNAVAILABLE", "JWKS is not JSON");
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys)) throw new OpenLeashError("JWKS_UNAVAILABLE", "JWKS has no keys array");
    return { keys: keys.filter((k): k is object => typeof k === "object" && k !== null) };
  }
}
