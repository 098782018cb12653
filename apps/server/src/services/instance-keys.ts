import { KeyRing, type SigningKey } from "@openleash/proof-tokens";
import type { Storage } from "../storage/types";

const KEYRING_SETTING = "instance_keyring";

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
