import {
  type Ed25519PrivateJwk,
  type Ed25519PublicJwk,
  generateKeyPair,
  importSigningKey,
  type SigningKey,
} from "@openleash/proof-tokens";

/**
 * An agent's Ed25519 key: the private JWK to store (secretly), the public JWK to register, its
 * key id (RFC 7638 thumbprint, the RFC 9421 `keyid`) and the imported native signing key.
 */
export interface AgentKey {
  /** RFC 7638 SHA-256 thumbprint of the public key (PROTOCOL.md §3 `keyid`). */
  readonly kid: string;
  /** The public half, as registered with OpenLeash. */
  readonly publicJwk: Ed25519PublicJwk;
  /** The private key (RFC 8037 OKP JWK with `d`). Keep it secret; never send it anywhere. */
  readonly privateJwk: Ed25519PrivateJwk;
  /** The key imported into the platform's crypto (node:crypto or WebCrypto), ready to sign. */
  readonly signingKey: SigningKey;
}

/**
 * Generates a fresh agent key pair with the platform's native Ed25519 (PROTOCOL.md §1: the private
 * key never leaves the agent). Store `privateJwk` and reload it with {@link importAgentKey}.
 *
 * @example
 * const key = await generateAgentKey();
 * await writeFile("agent-key.json", JSON.stringify(key.privateJwk), { mode: 0o600 });
 */
export async function generateAgentKey(): Promise<AgentKey> {
  const pair = await generateKeyPair();
  const signingKey = await importSigningKey(pair.privateJwk);
  return { kid: pair.kid, publicJwk: pair.publicJwk, privateJwk: pair.privateJwk, signingKey };
}

/**
 * Loads an agent key from its private JWK (as written by {@link generateAgentKey} or printed by
 * `openleash init`). Checks that `x` is the public half of `d`; throws a `KeyError` otherwise.
 *
 * @example
 * const key = await importAgentKey(JSON.parse(process.env.OPENLEASH_AGENT_KEY!));
 */
export async function importAgentKey(privateJwk: Ed25519PrivateJwk): Promise<AgentKey> {
  const signingKey = await importSigningKey(privateJwk);
  const publicJwk = signingKey.publicJwk;
  return {
    kid: signingKey.kid,
    publicJwk,
    privateJwk: { ...publicJwk, d: privateJwk.d },
    signingKey,
  };
}
