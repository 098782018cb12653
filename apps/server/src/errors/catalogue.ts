/**
 * The one catalogue of error codes the server answers with (PROTOCOL.md §7). Every problem+json
 * response carries one of these `code`s; its HTTP status and title come from here, never from a handler.
 */
export const ERROR_CATALOGUE = {
  INVALID_REQUEST: { status: 400, title: "Invalid request" },
  MALFORMED_JSON: { status: 400, title: "Malformed JSON body" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  INVALID_POLICY: { status: 400, title: "Invalid policy" },
  INVALID_KEY: { status: 400, title: "Invalid public key" },
  // Agent authentication (RFC 9421), PROTOCOL.md §3: always 401, nothing written.
  INVALID_SIGNATURE: { status: 401, title: "Invalid request signature" },
  MALFORMED_SIGNATURE: { status: 401, title: "Malformed request signature" },
  MISSING_COMPONENT: { status: 401, title: "Required signature component not covered" },
  DIGEST_MISMATCH: { status: 401, title: "Content-Digest does not match the body" },
  CLOCK_SKEW: { status: 401, title: "Signature creation time outside the allowed window" },
  SIGNATURE_EXPIRED: { status: 401, title: "Signature expired" },
  NONCE_REPLAY: { status: 401, title: "Nonce already used" },
  AGENT_INACTIVE: { status: 401, title: "Agent is not active" },
  // Owner / admin bearer authentication.
  UNAUTHENTICATED: { status: 401, title: "Authentication required" },
  INVALID_TOKEN: { status: 401, title: "Invalid credentials" },
  // Registration and approvals.
  INVITE_INVALID: { status: 403, title: "Invite is unknown, used or expired" },
  APPROVAL_TOKEN_INVALID: { status: 403, title: "Approval token is not valid for this request" },
  APPROVAL_TOKEN_USED: { status: 403, title: "Approval token already used" },
  ASSURANCE_TOO_LOW: { status: 403, title: "Authentication assurance too low for this approval" },
  APPROVAL_NOT_PENDING: { status: 409, title: "Approval request is no longer pending" },
  // Generic.
  NOT_FOUND: { status: 404, title: "Not found" },
  CONFLICT: { status: 409, title: "Conflict" },
  KEY_EXISTS: { status: 409, title: "Key already registered" },
  AGENT_REVOKED: { status: 409, title: "Agent is revoked" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Request body too large" },
  HEADERS_TOO_LARGE: { status: 431, title: "Request headers too large" },
  RATE_LIMITED: { status: 429, title: "Too many requests" },
  INTERNAL: { status: 500, title: "Internal server error" },
} as const satisfies Record<string, { status: number; title: string }>;

/** A stable, machine-readable error code from {@link ERROR_CATALOGUE}. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** All codes, for documentation and exhaustive tests. */
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
