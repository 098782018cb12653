/** An Ed25519 public key as an RFC 8037 OKP JWK. */
export type Ed25519PublicJwk = {
  kty: "OKP";
  crv: "Ed25519";
  /** base64url of the 32-byte public key. */
  x: string;
  /** RFC 7638 thumbprint of the key (this package always sets it that way). */
  kid?: string;
  use?: "sig";
  alg?: "EdDSA";
};

/** An Ed25519 private key as an RFC 8037 OKP JWK (`d` is the 32-byte seed). Keep it secret. */
export type Ed25519PrivateJwk = Ed25519PublicJwk & {
  d: string;
};

/** Anything with the members of a JWK; validated before use. */
export type JwkLike = { kty?: unknown; crv?: unknown; x?: unknown; [member: string]: unknown };

/** A private signing key held in native crypto. Same shape as the audit package's CheckpointSigner. */
export interface SigningKey {
  /** RFC 7638 thumbprint of the public key; goes into a JWS `kid` or an RFC 9421 `keyid`. */
  readonly kid: string;
  readonly alg: "EdDSA";
  /** The public half, with kid, use and alg set: ready to publish in a JWKS. */
  readonly publicJwk: Ed25519PublicJwk;
  /** Ed25519 signature (64 bytes) over `data`. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** A public verification key handle from {@link importVerificationKey}; cache it per key id. */
export interface VerificationKey {
  readonly kid: string;
  readonly alg: "EdDSA";
  readonly publicJwk: Ed25519PublicJwk;
  /** true when `signature` is a valid Ed25519 signature of `data` under this key. Never throws. */
  verify(data: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** A backend's verification function; `sync` is the same check without a promise (node:crypto). */
export type PublicVerify = ((data: Uint8Array, signature: Uint8Array) => Promise<boolean>) & {
  sync?: (data: Uint8Array, signature: Uint8Array) => boolean;
};

/** The Ed25519 implementations this package can run on, fastest first. */
export type CryptoBackendName = "node" | "webcrypto" | "tweetnacl";

/** The raw operations one Ed25519 implementation provides. Keys are validated before they get here. */
export interface Ed25519Backend {
  readonly name: CryptoBackendName;
  /** A fresh key pair: base64url public key `x` and seed `d`. */
  generate(): Promise<{ x: string; d: string }>;
  /** Import a private key; returns the signer and the public key derived from the seed. */
  importPrivate(
    x: string,
    d: string,
  ): Promise<{
    derivedX: string;
    sign: (data: Uint8Array) => Promise<Uint8Array>;
    /** A synchronous signer, when the implementation has one (node:crypto). */
    signSync?: (data: Uint8Array) => Uint8Array;
  }>;
  importPublic(x: string): Promise<PublicVerify>;
}
