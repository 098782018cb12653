import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { adminAudit, adminAuditRoute } from "./admin/audit";
import { listInstanceKeys, listInstanceKeysRoute } from "./admin/keys-list";
import { rotateKeys, rotateKeysRoute } from "./admin/keys-rotate";
import { createOwner, createOwnerRoute } from "./admin/owners-create";
import { listOwners, listOwnersRoute } from "./admin/owners-list";
import { agentApproval, agentApprovalRoute } from "./agent/approval-request";
import { authorize, authorizeRoute } from "./agent/authorize";
import { agentMe, agentMeRoute } from "./agent/me";
import { register, registerRoute } from "./agent/register";
import { getAgent, getAgentRoute } from "./owner/agents-get";
import { listAgents, listAgentsRoute } from "./owner/agents-list";
import { updateAgent, updateAgentRoute } from "./owner/agents-update";
import { approve, approveRoute, deny, denyRoute } from "./owner/approvals-decide";
import { getApproval, getApprovalRoute } from "./owner/approvals-get";
import { listApprovals, listApprovalsRoute } from "./owner/approvals-list";
import { ownerAudit, ownerAuditRoute } from "./owner/audit";
import { createBinding, createBindingRoute } from "./owner/bindings-create";
import { deleteBinding, deleteBindingRoute } from "./owner/bindings-delete";
import { listBindings, listBindingsRoute } from "./owner/bindings-list";
import { listDecisions, listDecisionsRoute } from "./owner/decisions-list";
import { createGroup, createGroupRoute } from "./owner/groups-create";
import { deleteGroup, deleteGroupRoute } from "./owner/groups-delete";
import { getGroup, getGroupRoute } from "./owner/groups-get";
import { listGroups, listGroupsRoute } from "./owner/groups-list";
import { addMember, addMemberRoute } from "./owner/groups-member-add";
import { removeMember, removeMemberRoute } from "./owner/groups-member-remove";
import { createInvite, createInviteRoute } from "./owner/invites-create";
import { listInvites, listInvitesRoute } from "./owner/invites-list";
import { addKey, addKeyRoute } from "./owner/keys-add";
import { listKeys, listKeysRoute } from "./owner/keys-list";
import { revokeKey, revokeKeyRoute } from "./owner/keys-revoke";
import { ownerMe, ownerMeRoute } from "./owner/me";
import { createToken, createTokenRoute } from "./owner/tokens-create";
import { listTokens, listTokensRoute } from "./owner/tokens-list";
import { revokeToken, revokeTokenRoute } from "./owner/tokens-revoke";
import { createPolicy, createPolicyRoute } from "./owner/policies-create";
import { dryRun, dryRunRoute } from "./owner/policies-dry-run";
import { getPolicy, getPolicyRoute } from "./owner/policies-get";
import { listPolicies, listPoliciesRoute } from "./owner/policies-list";
import { addPolicyVersion, addPolicyVersionRoute } from "./owner/policies-version-add";
import { getPolicyVersion, getPolicyVersionRoute } from "./owner/policies-version-get";
import { discovery, discoveryRoute } from "./public/discovery";
import { health, healthRoute } from "./public/health";
import { jwks, jwksRoute } from "./public/jwks";
import { verifyProofHandler, verifyProofRoute } from "./public/verify-proof";

/** Declares which security scheme (registered in app.ts) a route requires, for the OpenAPI document. */
function secured<R extends object>(route: R, scheme: "agentSignature" | "ownerToken" | "adminToken") {
  return { ...route, security: [{ [scheme]: [] }] };
}

/**
 * Registers every OpenAPI route. Used both by the running app and by `buildOpenApiDocument`, so
 * the committed spec and the served routes cannot drift apart.
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, health);
  app.openapi(jwksRoute, jwks);
  app.openapi(discoveryRoute, discovery);
  app.openapi(verifyProofRoute, verifyProofHandler);

  app.openapi(secured(registerRoute, "agentSignature"), register);
  app.openapi(secured(authorizeRoute, "agentSignature"), authorize);
  app.openapi(secured(agentApprovalRoute, "agentSignature"), agentApproval);
  app.openapi(secured(agentMeRoute, "agentSignature"), agentMe);

  app.openapi(secured(ownerMeRoute, "ownerToken"), ownerMe);
  app.openapi(secured(createTokenRoute, "ownerToken"), createToken);
  app.openapi(secured(listTokensRoute, "ownerToken"), listTokens);
  app.openapi(secured(revokeTokenRoute, "ownerToken"), revokeToken);
  app.openapi(secured(listAgentsRoute, "ownerToken"), listAgents);
  app.openapi(secured(getAgentRoute, "ownerToken"), getAgent);
  app.openapi(secured(updateAgentRoute, "ownerToken"), updateAgent);
  app.openapi(secured(createInviteRoute, "ownerToken"), createInvite);
  app.openapi(secured(listInvitesRoute, "ownerToken"), listInvites);
  app.openapi(secured(listKeysRoute, "ownerToken"), listKeys);
  app.openapi(secured(addKeyRoute, "ownerToken"), addKey);
  app.openapi(secured(revokeKeyRoute, "ownerToken"), revokeKey);
  app.openapi(secured(createGroupRoute, "ownerToken"), createGroup);
  app.openapi(secured(listGroupsRoute, "ownerToken"), listGroups);
  app.openapi(secured(getGroupRoute, "ownerToken"), getGroup);
  app.openapi(secured(deleteGroupRoute, "ownerToken"), deleteGroup);
  app.openapi(secured(addMemberRoute, "ownerToken"), addMember);
  app.openapi(secured(removeMemberRoute, "ownerToken"), removeMember);
  // dry-run before {policy_id} so the literal path wins.
  app.openapi(secured(dryRunRoute, "ownerToken"), dryRun);
  app.openapi(secured(createPolicyRoute, "ownerToken"), createPolicy);
  app.openapi(secured(listPoliciesRoute, "ownerToken"), listPolicies);
  app.openapi(secured(getPolicyRoute, "ownerToken"), getPolicy);
  app.openapi(secured(addPolicyVersionRoute, "ownerToken"), addPolicyVersion);
  app.openapi(secured(getPolicyVersionRoute, "ownerToken"), getPolicyVersion);
  app.openapi(secured(createBindingRoute, "ownerToken"), createBinding);
  app.openapi(secured(listBindingsRoute, "ownerToken"), listBindings);
  app.openapi(secured(deleteBindingRoute, "ownerToken"), deleteBinding);
  app.openapi(secured(listApprovalsRoute, "ownerToken"), listApprovals);
  app.openapi(secured(getApprovalRoute, "ownerToken"), getApproval);
  app.openapi(secured(approveRoute, "ownerToken"), approve);
  app.openapi(secured(denyRoute, "ownerToken"), deny);
  app.openapi(secured(listDecisionsRoute, "ownerToken"), listDecisions);
  app.openapi(secured(ownerAuditRoute, "ownerToken"), ownerAudit);

  app.openapi(secured(createOwnerRoute, "adminToken"), createOwner);
  app.openapi(secured(listOwnersRoute, "adminToken"), listOwners);
  app.openapi(secured(listInstanceKeysRoute, "adminToken"), listInstanceKeys);
  app.openapi(secured(rotateKeysRoute, "adminToken"), rotateKeys);
  app.openapi(secured(adminAuditRoute, "adminToken"), adminAudit);
}
