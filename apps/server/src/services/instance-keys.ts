import { KeyRing, type SigningKey } from "@openleash/proof-tokens";
import type { Storage } from "../storage/types";

const KEYRING_SETTING = "instance_keyring";

/**
 * What an operator may see of one instance key: its lifecycle, never its private half. `next` is
 * published ahead of use, `active` signs, `retired` stays published until `publish_until` so the
 * tokens it signed still verify (PROTOCOL.md §5).
 */
export type InstanceKeyInfo = {
  kid: string;
  status: "active" | "next" | "retired";
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
  publish_until: string | null;
  /** The public JWK exactly as `/.well-known/jwks.json` publishes it. */
  public_jwk: Record<string, unknown>;
};

/**
 * The instance's signing keys (proof and approval tokens, audit checkpoints): a @openleash/proof-tokens
 * KeyRing persisted in storage. The JWKS document is serialised once per change, not per request.
 */
export class InstanceKeys {
  private jwksCache: { keys: object[] };
  private jwksJson: string;

  private constructor(
    private ring: KeyRing,
    private readonly storage: Storage,
  ) {
    this.jwksCache = ring.jwks();
    this.jwksJson = JSON.stringify(this.jwksCache);
  }

  /** Loads the persisted ring, or generates and persists a fresh one on first start. */
  static async load(storage: Storage, now: Date): Promise<InstanceKeys> {
    const stored = await storage.getSetting(KEYRING_SETTING);
    if (stored) return new InstanceKeys(await KeyRing.fromJSON(JSON.parse(stored)), storage);
    const ring = await KeyRing.generate({ now });
    const state = JSON.stringify(ring.toJSON());
    // Two processes racing on a fresh folder cannot both win: the lock prevents it, and this is set-if-absent.
    if (!(await storage.setSettingIfAbsent(KEYRING_SETTING, state))) {
      const winner = await storage.getSetting(KEYRING_SETTING);
      return new InstanceKeys(await KeyRing.fromJSON(JSON.parse(winner!)), storage);
    }
    return new InstanceKeys(ring, storage);
  }

  /** The key that signs now. */
  active(): SigningKey {
    return this.ring.active();
  }

  /** Published keys (RFC 7517 JWK Set). */
  jwks(): { keys: object[] } {
    return this.jwksCache;
  }

  /** The JWK Set already serialised. */
  jwksText(): string {
    return this.jwksJson;
  }

  /**
   * Every key of the ring with its lifecycle dates, in JWKS order (active, next, retired). Built
   * from the public JWKS plus the stored metadata; the private JWKs never leave this method.
   */
  list(): InstanceKeyInfo[] {
    const stored = new Map(this.ring.toJSON().keys.map((k) => [k.kid, k]));
    return this.jwksCache.keys.map((jwk) => {
      const publicJwk = { ...(jwk as Record<string, unknown>) };
      const meta = stored.get(String(publicJwk.kid))!;
      return {
        kid: meta.kid,
        status: meta.status,
        created_at: meta.createdAt,
        activated_at: meta.activatedAt ?? null,
        retired_at: meta.retiredAt ?? null,
        publish_until: meta.publishUntil ?? null,
        public_jwk: publicJwk,
      };
    });
  }

  /** Resolves a kid to one of the published public keys. */
  publicKey(kid: string): object | null {
    return this.jwksCache.keys.find((k) => (k as { kid?: string }).kid === kid) ?? null;
  }

  /**
   * Rotates: the next key becomes active, a new next key is published, and the old active key stays
   * published until every token it signed has expired (PROTOCOL.md §5).
   */
  async rotate(
    now: Date,
    maxTokenTtlSeconds: number,
  ): Promise<{ active_kid: string; jwks: { keys: object[] } }> {
    await this.ring.rotate({ now, maxTokenTtlSeconds });
    this.ring.prune(now);
    await this.storage.setSetting(KEYRING_SETTING, JSON.stringify(this.ring.toJSON()));
    this.jwksCache = this.ring.jwks();
    this.jwksJson = JSON.stringify(this.jwksCache);
    return { active_kid: this.ring.active().kid, jwks: this.jwksCache };
  }
}
