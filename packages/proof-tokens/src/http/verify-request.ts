import { isVerificationKey, syncVerifier } from "../crypto/keys.js";
import type { VerificationKey } from "../crypto/types.js";
import { utf8 } from "../encoding.js";
import { RequestSignatureError, type RequestSignatureErrorCode } from "../errors.js";
import { epochSeconds } from "../jws/claims.js";
import { checkContentDigest } from "./content-digest.js";
import { type HeaderGet, type PreparedSignature, prepareFast } from "./fast-verify.js";
import { type HeadersLike, headerGetter } from "./headers.js";
import {
  DEFAULT_MAX_SKEW_SECONDS,
  MAX_NONCE_LENGTH,
  MIN_NONCE_LENGTH,
  SIGNATURE_ALG,
  SIGNATURE_TAG,
} from "./profile.js";
import { ComponentError, fieldValue, signatureBase } from "./signature-base.js";
import {
  type BareItem,
  type Dictionary,
  type InnerList,
  isInnerList,
  parseDictionary,
  StructuredFieldError,
} from "./structured-fields.js";

/** Options of {@link verifyRequest}. */
export interface VerifyRequestOptions {
  method: string;
  /** The request path exactly as received (percent-encoding preserved). */
  path: string;
  /** "" or the query with its leading "?", exactly as received. */
  query: string;
  headers: HeadersLike;
  body: Uint8Array;
  now: Date;
  /** Accepted distance of `created` from `now`, default 120 s. */
  maxSkewSeconds?: number;
  /** The agent key for a `keyid`, or null when unknown/revoked (reported as INVALID_SIGNATURE). */
  resolveKey: (keyId: string) => Promise<VerificationKey | null> | VerificationKey | null;
}

/** What a verified request signature establishes. */
export interface VerifiedRequest {
  keyId: string;
  nonce: string;
  created: number;
  expires: number | null;
  key: VerificationKey;
  /** The signature label that verified (e.g. `sig1`). */
  label: string;
}

function fail(code: RequestSignatureErrorCode, message: string): never {
  throw new RequestSignatureError(code, message);
}

function parseField(get: HeaderGet, name: string): Dictionary {
  const value = fieldValue(get(name));
  if (value === null) fail("MALFORMED_SIGNATURE", `${name} header is missing`);
  try {
    return parseDictionary(value);
  } catch (e) {
    if (e instanceof StructuredFieldError)
      fail("MALFORMED_SIGNATURE", `${name} is not a valid structured field`);
    throw e;
  }
}

/** The one signature tagged "openleash" among possibly several (RFC 9421 §4.3 allows many). */
function selectSignature(
  inputs: Dictionary,
  signatures: Dictionary,
): { label: string; input: InnerList; sig: Uint8Array } {
  const tagged = [...inputs].filter(([, m]) => isInnerList(m) && m.params.get("tag") === SIGNATURE_TAG);
  if (tagged.length !== 1)
    fail("MALFORMED_SIGNATURE", `expected exactly one signature tagged ${SIGNATURE_TAG}`);
  const [label, input] = tagged[0] as [string, InnerList];
  const sig = signatures.get(label);
  if (!sig || isInnerList(sig) || !(sig.value instanceof Uint8Array) || sig.value.length !== 64) {
    fail("MALFORMED_SIGNATURE", `Signature has no 64-byte value for ${label}`);
  }
  return { label, input, sig: sig.value };
}

function stringParam(value: BareItem | undefined, name: string): string {
  if (typeof value !== "string" || value === "")
    fail("MALFORMED_SIGNATURE", `parameter ${name} must be a string`);
  return value;
}

function intParam(value: BareItem | undefined, name: string): number {
  if (typeof value !== "number") fail("MALFORMED_SIGNATURE", `parameter ${name} must be an integer`);
  return value;
}

function checkParams(input: InnerList) {
  const p = input.params;
  const created = intParam(p.get("created"), "created");
  const expires = p.has("expires") ? intParam(p.get("expires"), "expires") : null;
  const nonce = stringParam(p.get("nonce"), "nonce");
  const keyId = stringParam(p.get("keyid"), "keyid");
  if (p.get("alg") !== SIGNATURE_ALG) fail("MALFORMED_SIGNATURE", `parameter alg must be ${SIGNATURE_ALG}`);
  if (nonce.length < MIN_NONCE_LENGTH || nonce.length > MAX_NONCE_LENGTH) {
    fail("MALFORMED_SIGNATURE", "nonce is too short or too long");
  }
  if (expires !== null && expires <= created) fail("MALFORMED_SIGNATURE", "expires is not after created");
  return { created, expires, nonce, keyId };
}

/** PROTOCOL.md §3: what must be covered for this request. */
function checkCoverage(input: InnerList, query: string, hasBody: boolean): void {
  const covered = new Set<string>();
  for (const item of input.items) {
    if (typeof item.value !== "string" || item.value === "" || item.value !== item.value.toLowerCase()) {
      fail("MALFORMED_SIGNATURE", "component identifiers must be lowercase strings");
    }
    // Component parameters (;sf, ;key, ;bs, ;req...) are outside this profile.
    if (item.params.size > 0) fail("MALFORMED_SIGNATURE", `component ${item.value} has parameters`);
    covered.add(item.value);
  }
  const required = ["@method", "@path"];
  if (query.length > 1) required.push("@query");
  if (hasBody) required.push("content-digest");
  for (const name of required) if (!covered.has(name)) fail("MISSING_COMPONENT", `${name} is not covered`);
}

/**
 * Verify an agent request signature (PROTOCOL.md §3; RFC 9421 §3.2 with the OpenLeash profile):
 * strict structured-field parsing, required coverage, `alg="ed25519"` and `tag="openleash"`,
 * `created` within ±maxSkewSeconds, `expires` not past, Content-Digest equal to the body's SHA-256,
 * then the Ed25519 signature. An unknown key is INVALID_SIGNATURE, like a bad signature.
 * Nonces are NOT checked here: record `nonce` for `keyId` only after this resolves.
 *
 * @example
 * const { keyId, nonce } = await verifyRequest({ method: req.method, path, query, headers: req.headers,
 *   body, now: new Date(), resolveKey: (kid) => keyCache.get(kid) ?? null });
 * if (!nonces.recordOnce(keyId, nonce)) throw new Error("NONCE_REPLAY");
 */
export async function verifyRequest(options: VerifyRequestOptions): Promise<VerifiedRequest> {
  const nowSeconds = epochSeconds(options.now);
  const maxSkew = options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  if (!(options.body instanceof Uint8Array)) throw new TypeError("body must be a Uint8Array");
  if (typeof options.query !== "string" || (options.query !== "" && !options.query.startsWith("?"))) {
    throw new TypeError('query must be "" or start with "?"');
  }
  const get = headerGetter(options.headers);
  // The canonical shape takes the fast path; anything else (and every failure) the general one.
  const prepared =
    prepareFast(options, get, nowSeconds, maxSkew) ??
    (await prepareGeneral(options, get, nowSeconds, maxSkew));
  const key = await options.resolveKey(prepared.keyId);
  // An unknown key and a bad signature are deliberately indistinguishable (PROTOCOL.md §3).
  if (!key || !isVerificationKey(key) || !(await checkSignature(key, prepared))) {
    fail("INVALID_SIGNATURE", "signature does not verify");
  }
  const { keyId, nonce, created, expires, label } = prepared;
  return { keyId, nonce, created, expires, key, label };
}

/** The Ed25519 check of the base, synchronously when the key was imported on node:crypto. */
function checkSignature(key: VerificationKey, prepared: PreparedSignature): boolean | Promise<boolean> {
  const data = utf8(prepared.base);
  const sync = syncVerifier(key);
  return sync ? sync(data, prepared.sig) : key.verify(data, prepared.sig);
}

/**
 * Every check before the key lookup, over the full RFC 8941 data model: any Signature-Input and
 * Signature the profile accepts, and the source of every error code and message.
 */
export async function prepareGeneral(
  options: VerifyRequestOptions,
  get: HeaderGet,
  nowSeconds: number,
  maxSkew: number,
): Promise<PreparedSignature> {
  const { label, input, sig } = selectSignature(
    parseField(get, "signature-input"),
    parseField(get, "signature"),
  );
  const { created, expires, nonce, keyId } = checkParams(input);
  checkCoverage(input, options.query, options.body.length > 0);
  if (Math.abs(nowSeconds - created) > maxSkew) fail("CLOCK_SKEW", "created is outside the accepted window");
  if (expires !== null && nowSeconds >= expires) fail("SIGNATURE_EXPIRED", "signature has expired");
  const covered = input.items.map((i) => i.value);
  if (covered.includes("content-digest")) {
    const digest = fieldValue(get("content-digest"));
    if (digest === null) fail("MISSING_COMPONENT", "content-digest is covered but absent");
    const result = await checkContentDigest(digest, options.body);
    if (result === "malformed") fail("MALFORMED_SIGNATURE", "Content-Digest has no valid sha-256 member");
    if (result === "mismatch") fail("DIGEST_MISMATCH", "Content-Digest does not match the body");
  }
  const base = buildBase(input, options, get);
  return { label, keyId, nonce, created, expires, base, sig };
}

function buildBase(input: InnerList, options: VerifyRequestOptions, get: HeaderGet): string {
  try {
    return signatureBase(input, (name) => {
      if (name === "@method") return options.method;
      if (name === "@path") return options.path === "" ? "/" : options.path;
      // §2.2.7: with no query the value is "?" alone.
      if (name === "@query") return options.query === "" ? "?" : options.query;
      if (name.startsWith("@")) return null;
      return fieldValue(get(name));
    });
  } catch (e) {
    if (e instanceof ComponentError) fail("MALFORMED_SIGNATURE", e.message);
    throw e;
  }
}
