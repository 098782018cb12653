import { randomBytes } from "node:crypto";

/** Generates identifiers; injected so tests and other backends can supply their own. */
export type IdGenerator = (prefix: string) => string;

/** Default ids: `<prefix>_<128 random bits, base64url>` (e.g. `agt_3q2...`). */
export const randomId: IdGenerator = (prefix) => `${prefix}_${randomBytes(16).toString("base64url")}`;
