import type { components } from "./generated/schema";

type Schemas = components["schemas"];

/** The action an agent asks to perform (PROTOCOL.md §2). */
export type Action = Schemas["Action"];
/** Body of `POST /v1/authorize` (PROTOCOL.md §4). */
export type AuthorizeRequest = Schemas["AuthorizeRequest"];
/** The decision: ALLOW (with `proof_token`), DENY, REQUIRE_APPROVAL / REQUIRE_STEP_UP (with `approval_request_id`). */
export type AuthorizeResult = Schemas["AuthorizeResponse"];
/** One of the four decisions. */
export type DecisionKind = AuthorizeResult["decision"];
/** What the agent sees of an approval request while waiting (PROTOCOL.md §6). */
export type ApprovalView = Schemas["AgentApprovalView"];
/** `GET /v1/agent/me`. */
export type AgentMe = Schemas["AgentMe"];
/** An agent as the server stores it. */
export type AgentRecord = Schemas["Agent"];
/** `POST /v1/agents/register` answer. */
export type RegisterResult = Schemas["RegisterResponse"];
/** An agent key as the server stores it. */
export type AgentKeyRecord = Schemas["AgentKey"];
/** An invite as listed (never with its token). */
export type Invite = Schemas["Invite"];
/** A freshly created invite: its token and URL are shown once. */
export type CreatedInvite = Schemas["CreatedInvite"];
/** Options of an invite. */
export type CreateInviteRequest = Schemas["CreateInviteRequest"];
/** An agent group. */
export type Group = Schemas["Group"];
/** A group with its members. */
export type GroupWithMembers = Schemas["GroupWithMembers"];
/** A policy (its versions are immutable). */
export type Policy = Schemas["Policy"];
/** A created policy with its first version. */
export type CreatedPolicy = Schemas["CreatedPolicy"];
/** A policy with the list of its versions. */
export type PolicyWithVersions = Schemas["PolicyWithVersions"];
/** Metadata of one policy version. */
export type PolicyVersionMeta = Schemas["PolicyVersionMeta"];
/** One policy version with its YAML source. */
export type PolicyVersion = Schemas["PolicyVersion"];
/** Body of a dry run. */
export type DryRunRequest = Schemas["DryRunRequest"];
/** A dry run's decision and trace. */
export type DryRunResult = Schemas["DryRunResponse"];
/** A policy binding (owner-wide, group or agent). */
export type Binding = Schemas["Binding"];
/** Body of a binding creation. */
export type CreateBindingRequest = Schemas["CreateBindingRequest"];
/** An approval request as the owner sees it. */
export type ApprovalRequest = Schemas["ApprovalRequest"];
/** One recorded decision. */
export type DecisionRecord = Schemas["DecisionRecord"];
/** A page of audit records. */
export type AuditPage = Schemas["AuditPage"];
/** An owner. */
export type Owner = Schemas["Owner"];
/** `GET /v1/owner/me`. */
export type OwnerMe = Schemas["OwnerMe"];
/** An owner created by an admin, with its first API token (shown once). */
export type CreatedOwner = Schemas["CreatedOwner"];
/** An owner API token as listed (never the secret). */
export type ApiToken = Schemas["ApiToken"];
/** A new owner API token: `api_token` is shown once. */
export type CreatedApiToken = Schemas["CreatedApiToken"];
/** An instance signing key with its status (active, next, retired) and dates (`GET /v1/admin/keys`). */
export type InstanceKey = Schemas["InstanceKey"];
/** A JWK Set (RFC 7517) as served at `/.well-known/jwks.json`. */
export type JwksDocument = Schemas["Jwks"];
/** The discovery document at `/.well-known/openleash`. */
export type Discovery = Schemas["Discovery"];
/** Answer of `POST /v1/verify-proof`. */
export type VerifyProofOnlineResult = Schemas["VerifyProofResponse"];
