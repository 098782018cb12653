"""Contains all the data models used in inputs/outputs"""

from .action import Action
from .action_payload import ActionPayload
from .action_relying_party import ActionRelyingParty
from .add_key_request import AddKeyRequest
from .add_policy_version_request import AddPolicyVersionRequest
from .agent import Agent
from .agent_approval_view import AgentApprovalView
from .agent_approval_view_assurance_type_1 import AgentApprovalViewAssuranceType1
from .agent_approval_view_assurance_type_2_type_1 import (
    AgentApprovalViewAssuranceType2Type1,
)
from .agent_approval_view_assurance_type_3_type_1 import (
    AgentApprovalViewAssuranceType3Type1,
)
from .agent_approval_view_status import AgentApprovalViewStatus
from .agent_attributes import AgentAttributes
from .agent_key import AgentKey
from .agent_key_status import AgentKeyStatus
from .agent_me import AgentMe
from .agent_status import AgentStatus
from .api_token import ApiToken
from .approval_request import ApprovalRequest
from .approval_request_action import ApprovalRequestAction
from .approval_request_assurance_type_1 import ApprovalRequestAssuranceType1
from .approval_request_assurance_type_2_type_1 import ApprovalRequestAssuranceType2Type1
from .approval_request_assurance_type_3_type_1 import ApprovalRequestAssuranceType3Type1
from .approval_request_kind import ApprovalRequestKind
from .approval_request_min_assurance import ApprovalRequestMinAssurance
from .approval_request_status import ApprovalRequestStatus
from .audit_page import AuditPage
from .audit_record import AuditRecord
from .authorize_request import AuthorizeRequest
from .authorize_response import AuthorizeResponse
from .authorize_response_decision import AuthorizeResponseDecision
from .binding import Binding
from .binding_scope import BindingScope
from .create_api_token_request import CreateApiTokenRequest
from .create_binding_request import CreateBindingRequest
from .create_binding_request_scope import CreateBindingRequestScope
from .create_group_request import CreateGroupRequest
from .create_invite_request import CreateInviteRequest
from .create_owner_request import CreateOwnerRequest
from .create_owner_request_type import CreateOwnerRequestType
from .create_policy_request import CreatePolicyRequest
from .created_api_token import CreatedApiToken
from .created_invite import CreatedInvite
from .created_owner import CreatedOwner
from .created_policy import CreatedPolicy
from .decide_approval_request import DecideApprovalRequest
from .decision_record import DecisionRecord
from .decision_record_decision import DecisionRecordDecision
from .discovery import Discovery
from .discovery_endpoints import DiscoveryEndpoints
from .discovery_protocol_version import DiscoveryProtocolVersion
from .discovery_signature_profile import DiscoverySignatureProfile
from .discovery_signature_profile_alg import DiscoverySignatureProfileAlg
from .discovery_signature_profile_tag import DiscoverySignatureProfileTag
from .dry_run_request import DryRunRequest
from .dry_run_response import DryRunResponse
from .dry_run_response_charges_item import DryRunResponseChargesItem
from .dry_run_response_decision import DryRunResponseDecision
from .get_v1_admin_audit_decision import GetV1AdminAuditDecision
from .get_v1_admin_audit_order import GetV1AdminAuditOrder
from .get_v1_admin_owners_response_200 import GetV1AdminOwnersResponse200
from .get_v1_owner_agent_invites_response_200 import GetV1OwnerAgentInvitesResponse200
from .get_v1_owner_agents_agent_id_keys_response_200 import (
    GetV1OwnerAgentsAgentIdKeysResponse200,
)
from .get_v1_owner_agents_response_200 import GetV1OwnerAgentsResponse200
from .get_v1_owner_api_tokens_response_200 import GetV1OwnerApiTokensResponse200
from .get_v1_owner_approval_requests_response_200 import (
    GetV1OwnerApprovalRequestsResponse200,
)
from .get_v1_owner_approval_requests_status import GetV1OwnerApprovalRequestsStatus
from .get_v1_owner_audit_decision import GetV1OwnerAuditDecision
from .get_v1_owner_audit_order import GetV1OwnerAuditOrder
from .get_v1_owner_bindings_response_200 import GetV1OwnerBindingsResponse200
from .get_v1_owner_decisions_decision import GetV1OwnerDecisionsDecision
from .get_v1_owner_decisions_response_200 import GetV1OwnerDecisionsResponse200
from .get_v1_owner_groups_response_200 import GetV1OwnerGroupsResponse200
from .get_v1_owner_policies_response_200 import GetV1OwnerPoliciesResponse200
from .group import Group
from .group_with_members import GroupWithMembers
from .health import Health
from .health_status import HealthStatus
from .instance_key import InstanceKey
from .instance_key_list import InstanceKeyList
from .instance_key_status import InstanceKeyStatus
from .instance_public_jwk import InstancePublicJwk
from .instance_public_jwk_alg import InstancePublicJwkAlg
from .instance_public_jwk_crv import InstancePublicJwkCrv
from .instance_public_jwk_kty import InstancePublicJwkKty
from .instance_public_jwk_use import InstancePublicJwkUse
from .invite import Invite
from .jwks import Jwks
from .obligation import Obligation
from .obligation_params import ObligationParams
from .owner import Owner
from .owner_me import OwnerMe
from .owner_me_assurance import OwnerMeAssurance
from .owner_type import OwnerType
from .policy import Policy
from .policy_version import PolicyVersion
from .policy_version_meta import PolicyVersionMeta
from .policy_with_versions import PolicyWithVersions
from .post_v1_admin_keys_rotate_response_200 import PostV1AdminKeysRotateResponse200
from .post_v1_admin_keys_rotate_response_200_jwks import (
    PostV1AdminKeysRotateResponse200Jwks,
)
from .post_v1_admin_keys_rotate_response_200_jwks_keys_item import (
    PostV1AdminKeysRotateResponse200JwksKeysItem,
)
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .public_jwk import PublicJwk
from .public_jwk_crv import PublicJwkCrv
from .public_jwk_kty import PublicJwkKty
from .register_request import RegisterRequest
from .register_response import RegisterResponse
from .update_agent_request import UpdateAgentRequest
from .update_agent_request_status import UpdateAgentRequestStatus
from .verify_proof_request import VerifyProofRequest
from .verify_proof_response import VerifyProofResponse
from .verify_proof_response_claims_type_0 import VerifyProofResponseClaimsType0

__all__ = (
    "Action",
    "ActionPayload",
    "ActionRelyingParty",
    "AddKeyRequest",
    "AddPolicyVersionRequest",
    "Agent",
    "AgentApprovalView",
    "AgentApprovalViewAssuranceType1",
    "AgentApprovalViewAssuranceType2Type1",
    "AgentApprovalViewAssuranceType3Type1",
    "AgentApprovalViewStatus",
    "AgentAttributes",
    "AgentKey",
    "AgentKeyStatus",
    "AgentMe",
    "AgentStatus",
    "ApiToken",
    "ApprovalRequest",
    "ApprovalRequestAction",
    "ApprovalRequestAssuranceType1",
    "ApprovalRequestAssuranceType2Type1",
    "ApprovalRequestAssuranceType3Type1",
    "ApprovalRequestKind",
    "ApprovalRequestMinAssurance",
    "ApprovalRequestStatus",
    "AuditPage",
    "AuditRecord",
    "AuthorizeRequest",
    "AuthorizeResponse",
    "AuthorizeResponseDecision",
    "Binding",
    "BindingScope",
    "CreateApiTokenRequest",
    "CreateBindingRequest",
    "CreateBindingRequestScope",
    "CreatedApiToken",
    "CreatedInvite",
    "CreatedOwner",
    "CreatedPolicy",
    "CreateGroupRequest",
    "CreateInviteRequest",
    "CreateOwnerRequest",
    "CreateOwnerRequestType",
    "CreatePolicyRequest",
    "DecideApprovalRequest",
    "DecisionRecord",
    "DecisionRecordDecision",
    "Discovery",
    "DiscoveryEndpoints",
    "DiscoveryProtocolVersion",
    "DiscoverySignatureProfile",
    "DiscoverySignatureProfileAlg",
    "DiscoverySignatureProfileTag",
    "DryRunRequest",
    "DryRunResponse",
    "DryRunResponseChargesItem",
    "DryRunResponseDecision",
    "GetV1AdminAuditDecision",
    "GetV1AdminAuditOrder",
    "GetV1AdminOwnersResponse200",
    "GetV1OwnerAgentInvitesResponse200",
    "GetV1OwnerAgentsAgentIdKeysResponse200",
    "GetV1OwnerAgentsResponse200",
    "GetV1OwnerApiTokensResponse200",
    "GetV1OwnerApprovalRequestsResponse200",
    "GetV1OwnerApprovalRequestsStatus",
    "GetV1OwnerAuditDecision",
    "GetV1OwnerAuditOrder",
    "GetV1OwnerBindingsResponse200",
    "GetV1OwnerDecisionsDecision",
    "GetV1OwnerDecisionsResponse200",
    "GetV1OwnerGroupsResponse200",
    "GetV1OwnerPoliciesResponse200",
    "Group",
    "GroupWithMembers",
    "Health",
    "HealthStatus",
    "InstanceKey",
    "InstanceKeyList",
    "InstanceKeyStatus",
    "InstancePublicJwk",
    "InstancePublicJwkAlg",
    "InstancePublicJwkCrv",
    "InstancePublicJwkKty",
    "InstancePublicJwkUse",
    "Invite",
    "Jwks",
    "Obligation",
    "ObligationParams",
    "Owner",
    "OwnerMe",
    "OwnerMeAssurance",
    "OwnerType",
    "Policy",
    "PolicyVersion",
    "PolicyVersionMeta",
    "PolicyWithVersions",
    "PostV1AdminKeysRotateResponse200",
    "PostV1AdminKeysRotateResponse200Jwks",
    "PostV1AdminKeysRotateResponse200JwksKeysItem",
    "Problem",
    "ProblemErrorsItem",
    "PublicJwk",
    "PublicJwkCrv",
    "PublicJwkKty",
    "RegisterRequest",
    "RegisterResponse",
    "UpdateAgentRequest",
    "UpdateAgentRequestStatus",
    "VerifyProofRequest",
    "VerifyProofResponse",
    "VerifyProofResponseClaimsType0",
)
