import { ApiError } from "../errors";
import type { ApiTokenRow, OwnerRow, OwnerType } from "../storage/types";
import { digestsEqual, hashSecret, newSecret, TOKEN_PREFIX } from "../util/secrets";
import type { Actor, ServiceContext } from "./context";

const ADMIN_TOKEN_SETTING = "admin_token_sha256";

/** An authenticated owner and how it authenticated (which decides its assurance level). */
export type OwnerPrincipal = { owner: OwnerRow; tokenId: string; assurance: "LOW" };

/** Owners, their API tokens and the admin credential. Secrets are returned once and stored hashed. */
export class OwnerService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Creates an owner and its first API token (the secret is only in the return value). */
  async createOwner(input: { name: string; type: OwnerType }, actor: Actor) {
    const now = this.ctx.clock().toISOString();
    const owner: OwnerRow = { id: this.ctx.ids("own"), type: input.type, name: input.name, created_at: now };
    const apiToken = newSecret(TOKEN_PREFIX.owner);
    const row = this.tokenRow(owner.id, "initial", apiToken, now);
    await this.ctx.storage.createOwner(owner, row);
    await this.ctx.audit.record({
      type: "owner.created",
      owner_id: owner.id,
      actor,
      data: { name: owner.name },
    });
    return { owner, apiToken, tokenId: row.id };
  }

  /** Lists every owner (admin). */
  listOwners(): Promise<OwnerRow[]> {
    return this.ctx.storage.listOwners();
  }

  /** Finds an owner or throws 404. */
  async getOwner(id: string): Promise<OwnerRow> {
    const o = await this.ctx.storage.getOwner(id);
    if (!o) throw new ApiError("NOT_FOUND", "owner not found");
    return o;
  }

  private tokenRow(ownerId: string, name: string, secret: string, now: string): ApiTokenRow {
    return {
      id: this.ctx.ids("tok"),
      owner_id: ownerId,
      name,
      token_hash: hashSecret(secret),
      created_at: now,
      revoked_at: null,
    };
  }

  /** Issues another API token for an owner. */
  async createApiToken(ownerId: string, name: string) {
    const secret = newSecret(TOKEN_PREFIX.owner);
    const row = this.tokenRow(ownerId, name, secret, this.ctx.clock().toISOString());
    await this.ctx.storage.createApiToken(row);
    await this.ctx.audit.record({
      type: "owner.token_created",
      owner_id: ownerId,
      actor: { type: "owner", id: ownerId },
      data: { token_id: row.id },
    });
    return { token: secret, row };
  }

  /** Lists an owner's tokens (hashes never leave the service layer through routes). */
  listApiTokens(ownerId: string): Promise<ApiTokenRow[]> {
    return this.ctx.storage.listApiTokens(ownerId);
  }

  /** Revokes one of the owner's tokens; 404 when it is not theirs or already revoked. */
  async revokeApiToken(ownerId: string, tokenId: string) {
    const ok = await this.ctx.storage.revokeApiToken(ownerId, tokenId, this.ctx.clock().toISOString());
    if (!ok) throw new ApiError("NOT_FOUND", "token not found");
    await this.ctx.audit.record({
      type: "owner.token_revoked",
      owner_id: ownerId,
      actor: { type: "owner", id: ownerId },
      data: { token_id: tokenId },
    });
  }

  /** Resolves a bearer API token to its owner; null for unknown or revoked tokens. */
  async authenticate(secret: string): Promise<OwnerPrincipal | null> {
    if (!secret.startsWith(TOKEN_PREFIX.owner)) return null;
    const hash = hashSecret(secret);
    const row = await this.ctx.storage.findApiToken(hash);
    // The lookup is by a SHA-256 of a 256-bit secret; the constant-time compare guards the equality itself.
    if (!row || row.revoked_at !== null || !digestsEqual(row.token_hash, hash)) return null;
    const owner = await this.ctx.storage.getOwner(row.owner_id);
    return owner ? { owner, tokenId: row.id, assurance: "LOW" } : null;
  }

  /**
   * First start only: creates the admin credential and returns it (to be shown once); null when
   * one exists already. There is no default password anywhere.
   */
  async bootstrapAdmin(): Promise<string | null> {
    const secret = newSecret(TOKEN_PREFIX.admin);
    const created = await this.ctx.storage.setSettingIfAbsent(ADMIN_TOKEN_SETTING, hashSecret(secret));
    if (!created) return null;
    await this.ctx.audit.record({ type: "admin.token_created", actor: { type: "system", id: "bootstrap" } });
    return secret;
  }

  /** Replaces the admin credential (CLI on the data folder); returns the new secret once. */
  async resetAdminToken(): Promise<string> {
    const secret = newSecret(TOKEN_PREFIX.admin);
    await this.ctx.storage.setSetting(ADMIN_TOKEN_SETTING, hashSecret(secret));
    await this.ctx.audit.record({ type: "admin.token_reset", actor: { type: "system", id: "cli" } });
    return secret;
  }

  /** Whether `secret` is the admin credential (constant-time). */
  async authenticateAdmin(secret: string): Promise<boolean> {
    if (!secret.startsWith(TOKEN_PREFIX.admin)) return false;
    const stored = await this.ctx.storage.getSetting(ADMIN_TOKEN_SETTING);
    return stored !== null && digestsEqual(stored, hashSecret(secret));
  }
}
