import type Database from "better-sqlite3";
import { MAX_BATCH_ENTRIES, nonceKey, packNonces } from "./nonce-guard";

/**
 * Schema migrations, applied in order inside one transaction each; `schema_version` records the
 * last one applied. Never edit a released migration: append a new one. A migration is SQL, or a
 * function when rows have to be rewritten in JavaScript.
 */
export const MIGRATIONS: Array<string | ((db: Database.Database) => void)> = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE owners (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id), name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, revoked_at TEXT);
  CREATE INDEX api_tokens_owner ON api_tokens(owner_id);
  CREATE TABLE agents (
    id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id), name TEXT NOT NULL,
    status TEXT NOT NULL, attributes TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX agents_owner ON agents(owner_id);
  CREATE TABLE agent_keys (
    kid TEXT PRIMARY KEY, agent_id TEXT NOT NULL REFERENCES agents(id), public_jwk TEXT NOT NULL,
    status TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
  CREATE INDEX agent_keys_agent ON agent_keys(agent_id);
  CREATE TABLE invites (
    id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id), token_hash TEXT NOT NULL UNIQUE,
    agent_name TEXT, group_ids TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    used_at TEXT, agent_id TEXT);
  CREATE INDEX invites_owner ON invites(owner_id);
  CREATE TABLE groups (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id), name TEXT NOT NULL,
    created_at TEXT NOT NULL, UNIQUE(owner_id, name));
  CREATE TABLE group_members (group_id TEXT NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    agent_id TEXT NOT NULL REFERENCES agents(id), PRIMARY KEY(group_id, agent_id));
  CREATE INDEX group_members_agent ON group_members(agent_id);
  CREATE TABLE policies (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id), name TEXT NOT NULL,
    latest_version INTEGER NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
  CREATE INDEX policies_owner ON policies(owner_id);
  CREATE TABLE policy_versions (policy_id TEXT NOT NULL REFERENCES policies(id), version INTEGER NOT NULL,
    source TEXT NOT NULL, sha256 TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY(policy_id, version));
  CREATE TABLE bindings (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners(id),
    policy_id TEXT NOT NULL REFERENCES policies(id), policy_version INTEGER, scope TEXT NOT NULL,
    target_id TEXT, position INTEGER NOT NULL, created_at TEXT NOT NULL);
  CREATE INDEX bindings_owner ON bindings(owner_id);
  CREATE TABLE nonces (kid TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY(kid, nonce)) WITHOUT ROWID;
  CREATE TABLE charges (key TEXT NOT NULL, ts INTEGER NOT NULL, amount REAL NOT NULL, cum REAL NOT NULL,
    expires_at INTEGER NOT NULL);
  CREATE INDEX charges_key_ts ON charges(key, ts);
  CREATE INDEX charges_expiry ON charges(expires_at);
  CREATE TABLE used_jtis (jti TEXT PRIMARY KEY, expires_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE TABLE approvals (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL, agent_id TEXT NOT NULL, kind TEXT NOT NULL,
    status TEXT NOT NULL, action TEXT NOT NULL, action_hash TEXT NOT NULL, action_type TEXT NOT NULL,
    decision_id TEXT NOT NULL, reason TEXT NOT NULL, matched_rule TEXT, policy_version TEXT NOT NULL,
    min_assurance TEXT NOT NULL, obligations TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,
    decided_at TEXT, decided_by TEXT, assurance TEXT, decision_note TEXT);
  CREATE INDEX approvals_owner ON approvals(owner_id, status);
  `,
  // 2: nonces become an append-only log of 64-bit SHA-256 keys behind the in-memory guard
  // (nonce-guard.ts); a random-key B-tree insert per authorization is what it replaces.
  (db) => {
    db.exec("CREATE TABLE nonce_log (h1 INTEGER NOT NULL, h2 INTEGER NOT NULL, expires_at INTEGER NOT NULL)");
    const insert = db.prepare("INSERT INTO nonce_log (h1, h2, expires_at) VALUES (?, ?, ?)");
    const rows = db.prepare("SELECT kid, nonce, expires_at FROM nonces").all() as Array<{
      kid: string;
      nonce: string;
      expires_at: number;
    }>;
    for (const { kid, nonce, expires_at } of rows) {
      const key = nonceKey(kid, nonce);
      insert.run(key.h1, key.h2, expires_at);
    }
    db.exec("DROP TABLE nonces");
  },
  // 3: nonces are written many to a row, as blobs (nonce-guard.ts `packNonces`): a restart after
  // sustained load read ≈ 530 000 rows of nonce_log one by one (≈ 0.4 s of the 0.8 s it took).
  (db) => {
    db.exec("CREATE TABLE nonce_batches (expires_at INTEGER NOT NULL, keys BLOB NOT NULL)");
    const insert = db.prepare("INSERT INTO nonce_batches (expires_at, keys) VALUES (?, ?)");
    let flat: number[] = [];
    const flush = () => {
      if (flat.length === 0) return;
      const { keys, expiresAt } = packNonces(flat);
      insert.run(expiresAt, keys);
      flat = [];
    };
    // Read a slice at a time: a connection runs no other statement while one iterates.
    const slice = db.prepare(
      "SELECT rowid, h1, h2, expires_at FROM nonce_log WHERE rowid > ? ORDER BY rowid LIMIT ?",
    );
    for (let after = 0; ; ) {
      const rows = slice.raw().all(after, MAX_BATCH_ENTRIES) as Array<[number, number, number, number]>;
      if (rows.length === 0) break;
      for (const [rowid, h1, h2, expiresAt] of rows) {
        flat.push(h1, h2, expiresAt);
        after = rowid;
      }
      flush();
    }
    db.exec("DROP TABLE nonce_log");
  },
];

/** Applies pending migrations; returns the resulting schema version. */
export function migrate(db: Database.Database): number {
  db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
  const row = db.prepare("SELECT version FROM schema_version").get() as { version: number } | undefined;
  let version = row?.version ?? 0;
  if (version > MIGRATIONS.length) {
    throw new Error(`database schema version ${version} is newer than this server (${MIGRATIONS.length})`);
  }
  for (; version < MIGRATIONS.length; version++) {
    const next = version + 1;
    db.transaction(() => {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === "string") db.exec(migration);
      else migration(db);
      if (next === 1) db.prepare("INSERT INTO schema_version (version) VALUES (?)").run(next);
      else db.prepare("UPDATE schema_version SET version = ?").run(next);
    })();
  }
  return version;
}
