import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env";
import { adminAudit, adminAuditRoute } from "./admin/audit";
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
import { approve, approveRoute } from "./owner/approvals-approve";
import { deny, denyRoute } from "./owner/approvals-deny";
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

/**
 * Registers every OpenAPI route. Used both by the running app and by `buildOpenApiDocument`, so
 * the committed spec and the served routes cannot drift apart.
 */
export function registerRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(healthRoute, health);
  app.openapi(jwksRoute, jwks);
  app.openapi(discoveryRoute, discovery);
  app.openapi(verifyProofRoute, verifyProofHandler);

  app.openapi(registerRoute, register);
  app.openapi(authorizeRoute, authorize);
  app.openapi(agentApprovalRoute, agentApproval);
  app.openapi(agentMeRoute, agentMe);

  app.openapi(ownerMeRoute, ownerMe);
  app.openapi(createTokenRoute, createToken);
  app.openapi(listTokensRoute, listTokens);
  app.openapi(revokeTokenRoute, revokeToken);
  app.openapi(listAgentsRoute, listAgents);
  app.openapi(getAgentRoute, getAgent);
  app.openapi(updateAgentRoute, updateAgent);
  app.openapi(createInviteRoute, createInvite);
  app.openapi(listInvitesRoute, listInvites);
  app.openapi(listKeysRoute, listKeys);
  app.openapi(addKeyRoute, addKey);
  app.openapi(revokeKeyRoute, revokeKey);
  app.openapi(createGroupRoute, createGroup);
  app.openapi(listGroupsRoute, listGroups);
  app.openapi(getGroupRoute, getGroup);
  app.openapi(deleteGroupRoute, deleteGroup);
  app.openapi(addMemberRoute, addMember);
  app.openapi(removeMemberRoute, removeMember);
  // dry-run before {policy_id} so the literal path wins.
  app.openapi(dryRunRoute, dryRun);
  app.openapi(createPolicyRoute, createPolicy);
  app.openapi(listPoliciesRoute, listPolicies);
  app.openapi(getPolicyRoute, getPolicy);
  app.openapi(addPolicyVersionRoute, addPolicyVersion);
  app.openapi(getPolicyVersionRoute, getPolicyVersion);
  app.openapi(createBindingRoute, createBinding);
  app.openapi(listBindingsRoute, listBindings);
  app.openapi(deleteBindingRoute, deleteBinding);
  app.openapi(listApprovalsRoute, listApprovals);
  app.openapi(getApprovalRoute, getApproval);
  app.openapi(approveRoute, approve);
  app.openapi(denyRoute, deny);
  app.openapi(listDecisionsRoute, listDecisions);
  app.openapi(ownerAuditRoute, ownerAudit);

  app.openapi(createOwnerRoute, createOwner);
  app.openapi(listOwnersRoute, listOwners);
  app.openapi(rotateKeysRoute, rotateKeys);
  app.openapi(adminAuditRoute, adminAudit);
}
