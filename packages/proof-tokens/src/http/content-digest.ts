import { sha256, sha256Sync } from "../crypto/sha256.js";
import { bytesEqual, toBase64 } from "../encoding.js";
import { parseDictionary } from "./structured-fields.js";

/** RFC 9530 `Content-Digest` value for a body: `sha-256=:<base64>:`. */
export async function contentDigest(body: Uint8Array): Promise<string> {
  return `sha-256=:${toBase64(sha256Sync(body) ?? (await sha256(body)))}:`;
}

/**
 * Check a received Content-Digest (RFC 9530 §2) against the body: the `sha-256` member must be present
 * and equal SHA-256 of the body. Other algorithms are ignored (they are covered by the signature but
 * this profile only relies on sha-256). Returns "malformed" when the field does not parse.
 */
export async function checkContentDigest(
  field: string,
  body: Uint8Array,
): Promise<"ok" | "mismatch" | "malformed"> {
  let dict: ReturnType<typeof parseDictionary>;
  try {
    dict = parseDictionary(field);
  } catch {
    return "malformed";
  }
  const member = dict.get("sha-256");
  if (!member || "items" in member || !(member.value instanceof Uint8Array) || member.value.length !== 32) {
    return "malformed";
  }
  return bytesEqual(member.value, sha256Sync(body) ?? (await sha256(body))) ? "ok" : "mismatch";
}
