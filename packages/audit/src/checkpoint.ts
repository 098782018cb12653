import { createPublicKey, createHash, verify as nodeVerify, type KeyObject } from "node:crypto";
import { canonicalJson } from "./canonical";

/**
 * Signs checkpoints: same shape as `SigningKey` of @openleash/proof-tokens (an Ed25519 key whose
 * `kid` is its RFC 7638 thumbprint), injected so this package needs no key management.
 */
export interface CheckpointSigner {
  kid: string;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** Value of `typ` in every checkpoint; part of the signed bytes, so a signature made for another purpose never verifies as a checkpoint. */
export const CHECKPOINT_TYP = "openleash.audit.checkpoint" as const;

/**
 * One line of `checkpoints.jsonl`: the head of the log (seq and hash of the last record, or
 * 0 and GENESIS_HASH for an empty log) signed with Ed25519.
 */
export interface Checkpoint {
  v: 1;
  typ: typeof CHECKPOINT_TYP;
  seq: number;
  hash: string;
  ts: string;
  kid: string;
  /** base64url (no padding) Ed25519 signature over {@link checkpointSigningInput}. */
  sig: string;
}

/**
 * The exact bytes a checkpoint signature covers: UTF-8 of the RFC 8785 canonical JSON of the
 * checkpoint without `sig`, i.e. `{"hash":..,"kid":..,"seq":..,"ts":..,"typ":"openleash.audit.checkpoint","v":1}`.
 */
export function checkpointSigningInput(cp: Omit<Checkpoint, "sig">): Uint8Array {
  const { v, typ, seq, hash, ts, kid } = cp;
  return Buffer.from(canonicalJson({ v, typ, seq, hash, ts, kid }), "utf8");
}

/** Signs the head `{ seq, hash }` at time `ts` with `signer`. */
export async function signCheckpoint(
  signer: CheckpointSigner,
  head: { seq: number; hash: string },
  ts: string,
): Promise<Checkpoint> {
  const body = { v: 1 as const, typ: CHECKPOINT_TYP, seq: head.seq, hash: head.hash, ts, kid: signer.kid };
  const sig = await signer.sign(checkpointSigningInput(body));
  return { ...body, sig: Buffer.from(sig).toString("base64url") };
}

/** Serialized checkpoint line (without the newline), members in a fixed order. */
export function serializeCheckpoint(cp: Checkpoint): string {
  return JSON.stringify({
    v: cp.v,
    typ: cp.typ,
    seq: cp.seq,
    hash: cp.hash,
    ts: cp.ts,
    kid: cp.kid,
    sig: cp.sig,
  });
}

/** Returns why a parsed value is not a checkpoint, or null. */
export function checkpointSchemaProblem(value: unknown): string | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "not a JSON object";
  const c = value as Record<string, unknown>;
  const allowed = new Set(["v", "typ", "seq", "hash", "ts", "kid", "sig"]);
  for (const k of Object.keys(c)) if (!allowed.has(k)) return `unknown member "${k}"`;
  if (c.v !== 1 || c.typ !== CHECKPOINT_TYP) return "not a v1 checkpoint";
  if (typeof c.seq !== "number" || !Number.isSafeInteger(c.seq) || c.seq < 0) return "bad seq";
  if (typeof c.hash !== "string" || !/^[0-9a-f]{64}$/.test(c.hash)) return "bad hash";
  if (typeof c.ts !== "string" || Number.isNaN(Date.parse(c.ts))) return "bad ts";
  if (typeof c.kid !== "string" || c.kid.length === 0) return "bad kid";
  if (typeof c.sig !== "string" || !/^[A-Za-z0-9_-]+$/.test(c.sig)) return "bad sig";
  return null;
}

/** An Ed25519 public JWK (RFC 8037 §2). */
interface OkpJwk {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid?: string;
}

function isEd25519Jwk(k: unknown): k is OkpJwk {
  const j = k as Record<string, unknown>;
  return !!j && j.kty === "OKP" && j.crv === "Ed25519" && typeof j.x === "string";
}

/** RFC 7638 §3 thumbprint of an OKP key (RFC 8037 §2: members crv, kty, x). */
function thumbprint(jwk: OkpJwk): string {
  const json = `{"crv":"Ed25519","kty":"OKP","x":${JSON.stringify(jwk.x)}}`;
  return createHash("sha256").update(json).digest("base64url");
}

/**
 * Public keys for checkpoint verification, looked up by `kid` (the JWK's `kid`, or its RFC 7638
 * thumbprint when the JWK has none). Non-Ed25519 keys in the set are ignored.
 */
export class CheckpointKeys {
  readonly #byKid = new Map<string, KeyObject>();

  constructor(jwks: { keys: object[] }) {
    for (const k of jwks.keys ?? []) {
      if (!isEd25519Jwk(k)) continue;
      const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: k.x }, format: "jwk" });
      this.#byKid.set(k.kid ?? thumbprint(k), key);
      this.#byKid.set(thumbprint(k), key);
    }
  }

  /** "ok", or why the signature does not check out. */
  check(cp: Checkpoint): "ok" | "unknown_kid" | "bad_signature" {
    const key = this.#byKid.get(cp.kid);
    if (!key) return "unknown_kid";
    const sig = Buffer.from(cp.sig, "base64url");
    // RFC 8032 §5.1.7: Ed25519 is verified with no pre-hash ("null" digest in node:crypto).
    return sig.length === 64 && nodeVerify(null, checkpointSigningInput(cp), key, sig)
      ? "ok"
      : "bad_signature";
  }
}
