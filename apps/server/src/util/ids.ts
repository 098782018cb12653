import { randomFillSync } from "node:crypto";

/** Generates identifiers; injected so tests and other backends can supply their own. */
export type IdGenerator = (prefix: string) => string;

const ID_BYTES = 16;
// One CSPRNG call per 256 ids instead of one per id: the call's fixed cost dominated the draw.
const POOL_BYTES = ID_BYTES * 256;
const pool = Buffer.allocUnsafe(POOL_BYTES);
let offset = POOL_BYTES;

/** Default ids: `<prefix>_<128 random bits, base64url>` (e.g. `agt_3q2...`). */
export const randomId: IdGenerator = (prefix) => {
  if (offset === POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += ID_BYTES;
  return `${prefix}_${pool.toString("base64url", start, offset)}`;
};
