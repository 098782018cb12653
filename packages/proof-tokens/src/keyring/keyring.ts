import { generateKeyPair, importSigningKey, importVerificationKey } from "../crypto/keys.js";
import type { Ed25519PrivateJwk, Ed25519PublicJwk, SigningKey, VerificationKey } from "../crypto/types.js";
import { KeyError } from "../errors.js";
import { DEFAULT_CLOCK_TOLERANCE_SECONDS, epochSeconds, requireTtl } from "../jws/claims.js";

/** Lifecycle of a ring key: published ahead of use, signing, or kept only for verification. */
export type KeyStatus = "next" | "active" | "retired";

/** One stored key of a {@link KeyRingState}. */
export interface StoredKey {
  kid: string;
  status: KeyStatus;
  /** Private JWK: the state is secret and must be stored like a password database. */
  privateJwk: Ed25519PrivateJwk;
  createdAt: string;
  activatedAt?: string;
  retiredAt?: string;
  /** For retired keys: when the last token this key may have signed expires; pruned after that. */
  publishUntil?: string;
}

/** Serializable key ring state (what the server persists). */
export interface KeyRingState {
  version: 1;
  keys: StoredKey[];
}

interface RingEntry {
  stored: StoredKey;
  signing: SigningKey;
  verification: VerificationKey;
}

async function entryOf(stored: StoredKey): Promise<RingEntry> {
  const [signing, verification] = await Promise.all([
    importSigningKey(stored.privateJwk),
    importVerificationKey(stored.privateJwk),
  ]);
  if (signing.kid !== stored.kid)
    throw new KeyError("INVALID_KEY", `stored kid ${stored.kid} is not the thumbprint`);
  return { stored, signing, verification };
}

async function freshEntry(status: KeyStatus, now: Date): Promise<RingEntry> {
  const { kid, privateJwk } = await generateKeyPair();
  const stored: StoredKey = { kid, status, privateJwk, createdAt: now.toISOString() };
  if (status === "active") stored.activatedAt = stored.createdAt;
  return entryOf(stored);
}

const STATUSES: readonly KeyStatus[] = ["next", "active", "retired"];

function checkState(state: KeyRingState): void {
  if (state?.version !== 1 || !Array.isArray(state.keys)) {
    throw new KeyError("INVALID_KEY", "key ring state is not version 1");
  }
  const count = (s: KeyStatus) => state.keys.filter((k) => k.status === s).length;
  if (state.keys.some((k) => !STATUSES.includes(k?.status)))
    throw new KeyError("INVALID_KEY", "unknown key status");
  if (count("active") !== 1 || count("next") > 1) {
    throw new KeyError("INVALID_KEY", "key ring needs exactly one active key and at most one next key");
  }
}

/**
 * The instance's signing keys with rotation (PROTOCOL.md §5). A ring always holds one `active` key
 * that signs and one `next` key that is already published in the JWKS, so that relying parties
 * caching the JWKS know a key before it ever signs. Rotation retires the active key, which stays
 * published until every token it signed has expired, promotes `next` and publishes a new `next`.
 *
 * @example
 * const ring = await KeyRing.generate({ now: new Date() });
 * const jwks = ring.jwks();                       // serve at /.well-known/jwks.json
 * await ring.rotate({ now: new Date(), maxTokenTtlSeconds: 900 });
 * await db.save(JSON.stringify(ring.toJSON()));   // contains private keys
 */
export class KeyRing {
  #entries: RingEntry[];
  // The same JWKS object is returned until the ring changes, so verifiers that cache imported keys
  // per JWK object (verifyProof does) import each key once.
  #jwks: { keys: Ed25519PublicJwk[] } | null = null;

  private constructor(entries: RingEntry[]) {
    this.#entries = entries;
  }

  /** A new ring: a fresh active key plus a published next key. */
  static async generate(options: { now: Date }): Promise<KeyRing> {
    epochSeconds(options?.now);
    const [active, next] = await Promise.all([
      freshEntry("active", options.now),
      freshEntry("next", options.now),
    ]);
    return new KeyRing([active, next]);
  }

  /** Load a ring persisted with {@link KeyRing.toJSON}; throws {@link KeyError} on inconsistent state. */
  static async fromJSON(state: KeyRingState): Promise<KeyRing> {
    checkState(state);
    const copy = structuredClone(state.keys);
    return new KeyRing(await Promise.all(copy.map(entryOf)));
  }

  /** The persistable state, private keys included. */
  toJSON(): KeyRingState {
    return { version: 1, keys: this.#entries.map((e) => structuredClone(e.stored)) };
  }

  /** The public JWKS: active, next and still-published retired keys (kid, use sig, alg EdDSA). */
  jwks(): { keys: Ed25519PublicJwk[] } {
    if (this.#jwks) return this.#jwks;
    const rank: Record<KeyStatus, number> = { active: 0, next: 1, retired: 2 };
    const sorted = [...this.#entries].sort((a, b) => rank[a.stored.status] - rank[b.stored.status]);
    this.#jwks = Object.freeze({
      keys: Object.freeze(sorted.map((e) => Object.freeze({ ...e.signing.publicJwk }))),
    }) as {
      keys: Ed25519PublicJwk[];
    };
    return this.#jwks;
  }

  /** The key that signs now. */
  active(): SigningKey {
    return this.#entries.find((e) => e.stored.status === "active")!.signing;
  }

  /**
   * Resolver for {@link verifyProof}/{@link verifyApprovalToken} over this ring's own published keys,
   * with keys already imported (no per-call JWK import).
   */
  verificationKey(kid: string): VerificationKey | null {
    return this.#entries.find((e) => e.stored.kid === kid)?.verification ?? null;
  }

  /**
   * Rotate: the active key retires (published for `maxTokenTtlSeconds` plus the default clock
   * tolerance, so every token it signed can still be verified), `next` becomes active, and a new
   * `next` is generated and published.
   */
  async rotate(options: { now: Date; maxTokenTtlSeconds: number }): Promise<void> {
    const nowSeconds = epochSeconds(options?.now);
    const ttl = requireTtl(options.maxTokenTtlSeconds, "maxTokenTtlSeconds");
    const at = options.now.toISOString();
    const until = new Date((nowSeconds + ttl + DEFAULT_CLOCK_TOLERANCE_SECONDS) * 1000).toISOString();
    // A ring loaded without a next key gets one first; normally `next` has been published since the
    // previous rotation.
    const next =
      this.#entries.find((e) => e.stored.status === "next") ?? (await freshEntry("next", options.now));
    const fresh = await freshEntry("next", options.now);
    const active = this.#entries.find((e) => e.stored.status === "active")!;
    Object.assign(active.stored, { status: "retired", retiredAt: at, publishUntil: until });
    Object.assign(next.stored, { status: "active", activatedAt: at });
    this.#entries = [next, fresh, ...this.#entries.filter((e) => e !== next)];
    this.#jwks = null;
  }

  /** Drop retired keys whose last token has expired (their `publishUntil` is not after `now`). */
  prune(now: Date): void {
    const nowMs = epochSeconds(now) * 1000;
    this.#entries = this.#entries.filter(
      (e) => e.stored.status !== "retired" || Date.parse(e.stored.publishUntil ?? "") > nowMs,
    );
    this.#jwks = null;
  }
}
