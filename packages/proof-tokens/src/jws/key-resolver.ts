import { importVerificationKey, isVerificationKey } from "../crypto/keys.js";
import type { VerificationKey } from "../crypto/types.js";
import type { KidResolver } from "./compact.js";

/** A JWKS document (RFC 7517 §5). */
export interface Jwks {
  keys: object[];
}

/** Where verification keys come from: a JWKS, or a function from kid to a JWK or an imported key. */
export type KeySource =
  | Jwks
  | ((kid: string) => Promise<object | VerificationKey | null> | object | VerificationKey | null);

// Imported handles keyed by the JWK object they came from, so a JWKS held by the caller is imported
// once, not on every verification (import costs more than the Ed25519 verify itself).
const imported = new WeakMap<object, Promise<VerificationKey | null>>();

function importCached(jwk: object): Promise<VerificationKey | null> {
  let handle = imported.get(jwk);
  if (!handle) {
    // A JWKS may legitimately list keys we cannot use (RSA, another curve): those are not candidates.
    handle = importVerificationKey(jwk as Record<string, unknown>).catch(() => null);
    imported.set(jwk, handle);
  }
  return handle.then((key) =>
    key && key.publicJwk.x === (jwk as { x?: unknown }).x
      ? key
      : importVerificationKey(jwk as Record<string, unknown>).catch(() => null),
  );
}

/** Turn a JWKS or a resolver function into a {@link KidResolver}. */
export function kidResolver(source: KeySource): KidResolver {
  if (typeof source === "function") {
    return async (kid) => {
      const found = await source(kid);
      if (!found || typeof found !== "object") return null;
      const key = isVerificationKey(found) ? found : await importCached(found);
      return key && key.kid === kid ? key : null;
    };
  }
  if (!source || typeof source !== "object" || !Array.isArray(source.keys)) {
    throw new TypeError("jwks must be { keys: [...] } or a resolver function");
  }
  return async (kid) => {
    for (const jwk of source.keys) {
      const entryKid = jwk && typeof jwk === "object" ? (jwk as { kid?: unknown }).kid : null;
      // An entry without a kid is identified by its thumbprint (the kid this package always uses).
      if (entryKid === kid || entryKid === undefined) {
        const key = await importCached(jwk);
        // The kid in a JWKS entry is checked to be the thumbprint of its x on import, so a JWKS
        // entry cannot lend its kid to another key.
        if (key && key.kid === kid) return key;
      }
    }
    return null;
  };
}
