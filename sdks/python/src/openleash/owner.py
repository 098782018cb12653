"""The owner API (``Authorization: Bearer <owner API token>``) and the admin API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._generated.api.admin import post_v1_admin_owners as _create_owner_op
from ._generated.api.owner import get_v1_owner_agents as _list_agents_op
from ._generated.api.owner import get_v1_owner_approval_requests as _list_approvals_op
from ._generated.api.owner import get_v1_owner_decisions as _list_decisions_op
from ._generated.api.owner import get_v1_owner_me as _owner_me_op
from ._generated.api.owner import patch_v1_owner_agents_agent_id as _update_agent_op
from ._generated.api.owner import post_v1_owner_agent_invites as _create_invite_op
from ._generated.api.owner import post_v1_owner_agents_agent_id_keys as _add_key_op
from ._generated.api.owner import post_v1_owner_agents_agent_id_keys_kid_revoke as _revoke_key_op
from ._generated.api.owner import post_v1_owner_approval_requests_id_approve as _approve_op
from ._generated.api.owner import post_v1_owner_approval_requests_id_deny as _deny_op
from ._generated.api.owner import post_v1_owner_bindings as _create_binding_op
from ._generated.api.owner import post_v1_owner_policies as _create_policy_op
from ._generated.client import AuthenticatedClient
from ._generated.models.add_key_request import AddKeyRequest
from ._generated.models.agent import Agent
from ._generated.models.agent_key import AgentKey as AgentKeyRecord
from ._generated.models.approval_request import ApprovalRequest
from ._generated.models.binding import Binding
from ._generated.models.create_binding_request import CreateBindingRequest
from ._generated.models.create_invite_request import CreateInviteRequest
from ._generated.models.create_owner_request import CreateOwnerRequest
from ._generated.models.create_policy_request import CreatePolicyRequest
from ._generated.models.created_invite import CreatedInvite
from ._generated.models.created_owner import CreatedOwner
from ._generated.models.created_policy import CreatedPolicy
from ._generated.models.decide_approval_request import DecideApprovalRequest
from ._generated.models.decision_record import DecisionRecord
from ._generated.models.get_v1_owner_approval_requests_status import GetV1OwnerApprovalRequestsStatus
from ._generated.models.get_v1_owner_decisions_decision import GetV1OwnerDecisionsDecision
from ._generated.models.owner_me import OwnerMe
from ._generated.models.update_agent_request import UpdateAgentRequest
from ._generated.types import UNSET, Unset
from ._http import DEFAULT_TIMEOUT_SECONDS, normalize_base_url, unwrap

__all__ = ["AsyncOpenLeashOwner", "OpenLeashAdmin", "OpenLeashOwner"]


def _bearer_client(base_url: str, token: str, timeout_seconds: float) -> AuthenticatedClient:
    if not isinstance(token, str) or token == "":
        raise TypeError("token is required")
    return AuthenticatedClient(
        base_url=normalize_base_url(base_url), token=token, timeout=httpx.Timeout(timeout_seconds)
    )


def _compact(**members: Any) -> dict[str, Any]:
    return {k: v for k, v in members.items() if v is not None}


def _public_key(jwk: Mapping[str, Any]) -> AddKeyRequest:
    # Only the public members: a private "d" must never leave the agent.
    return AddKeyRequest.from_dict({"public_key": {k: jwk[k] for k in ("kty", "crv", "x") if k in jwk}})


def _decision_filter(decision: str | None) -> GetV1OwnerDecisionsDecision | Unset:
    return GetV1OwnerDecisionsDecision(decision) if decision is not None else UNSET


class OpenLeashOwner:
    """Synchronous owner client: invites, agents, policies, bindings and approvals. Every call
    returns the generated model or raises :class:`OpenLeashApiError`; ``api`` is the generated
    client (bearer token set) for every other endpoint.

    Example::

        owner = OpenLeashOwner("http://127.0.0.1:8787", token=os.environ["OPENLEASH_OWNER_TOKEN"])
        invite = owner.create_invite(name="shopper")
        for a in owner.list_approvals("PENDING"):
            owner.approve(a.id)
    """

    def __init__(
        self, base_url: str, token: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        self.api = _bearer_client(base_url, token, timeout_seconds)

    def __enter__(self) -> OpenLeashOwner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection pool."""
        self.api.get_httpx_client().close()

    def me(self) -> OwnerMe:
        """The owner behind the token and the assurance level it authenticates at."""
        result: OwnerMe = unwrap(_owner_me_op.sync_detailed(client=self.api))
        return result

    def create_invite(
        self,
        *,
        name: str | None = None,
        group_ids: list[str] | None = None,
        expires_in_seconds: int | None = None,
    ) -> CreatedInvite:
        """Creates a single-use agent invite; its ``invite_url`` (shown once) is what the agent redeems."""
        body = CreateInviteRequest.from_dict(
            _compact(name=name, group_ids=group_ids, expires_in_seconds=expires_in_seconds)
        )
        result: CreatedInvite = unwrap(_create_invite_op.sync_detailed(client=self.api, body=body))
        return result

    def list_agents(self) -> list[Agent]:
        """The owner's agents."""
        return list(unwrap(_list_agents_op.sync_detailed(client=self.api)).agents)

    def create_policy(self, name: str, source: str) -> CreatedPolicy:
        """Uploads a policy (YAML source); a validation error is a 400 with line and column."""
        body = CreatePolicyRequest(name=name, source=source)
        result: CreatedPolicy = unwrap(_create_policy_op.sync_detailed(client=self.api, body=body))
        return result

    def create_binding(
        self,
        policy_id: str,
        scope: str,
        *,
        target_id: str | None = None,
        version: int | None = None,
        position: int | None = None,
    ) -> Binding:
        """Binds a policy owner-wide (``scope="owner"``), to a group or to an agent (``target_id``)."""
        body = CreateBindingRequest.from_dict(
            _compact(
                policy_id=policy_id, scope=scope, target_id=target_id, version=version, position=position
            )
        )
        result: Binding = unwrap(_create_binding_op.sync_detailed(client=self.api, body=body))
        return result

    def list_approvals(self, status: str | None = None) -> list[ApprovalRequest]:
        """Approval requests, optionally filtered by status (``PENDING``, ``APPROVED``...)."""
        flt = GetV1OwnerApprovalRequestsStatus(status) if status is not None else UNSET
        return list(unwrap(_list_approvals_op.sync_detailed(client=self.api, status=flt)).approval_requests)

    def approve(self, approval_request_id: str, *, note: str | None = None) -> ApprovalRequest:
        """Approves a pending request (an API token authenticates at assurance LOW)."""
        body = DecideApprovalRequest.from_dict(_compact(note=note))
        result: ApprovalRequest = unwrap(
            _approve_op.sync_detailed(approval_request_id, client=self.api, body=body)
        )
        return result

    def deny(self, approval_request_id: str, *, note: str | None = None) -> ApprovalRequest:
        """Denies a pending request."""
        body = DecideApprovalRequest.from_dict(_compact(note=note))
        result: ApprovalRequest = unwrap(
            _deny_op.sync_detailed(approval_request_id, client=self.api, body=body)
        )
        return result

    def update_agent(self, agent_id: str, *, name: str | None = None, status: str | None = None) -> Agent:
        """Renames an agent or changes its status (``SUSPENDED`` agents are refused until ``ACTIVE``
        again; ``REVOKED`` is final)."""
        body = UpdateAgentRequest.from_dict(_compact(name=name, status=status))
        result: Agent = unwrap(_update_agent_op.sync_detailed(agent_id, client=self.api, body=body))
        return result

    def add_agent_key(self, agent_id: str, public_jwk: Mapping[str, Any]) -> AgentKeyRecord:
        """Adds a public key to an agent (key rotation: add the new key, switch, revoke the old one)."""
        body = _public_key(public_jwk)
        result: AgentKeyRecord = unwrap(_add_key_op.sync_detailed(agent_id, client=self.api, body=body))
        return result

    def revoke_agent_key(self, agent_id: str, kid: str) -> AgentKeyRecord:
        """Revokes one key of an agent: requests signed with it are refused from now on."""
        result: AgentKeyRecord = unwrap(_revoke_key_op.sync_detailed(agent_id, kid, client=self.api))
        return result

    def list_decisions(
        self, *, agent_id: str | None = None, decision: str | None = None, limit: int | None = None
    ) -> list[DecisionRecord]:
        """The owner's authorization decisions, newest first (one page)."""
        page = unwrap(
            _list_decisions_op.sync_detailed(
                client=self.api,
                agent_id=agent_id if agent_id is not None else UNSET,
                decision=_decision_filter(decision),
                limit=limit if limit is not None else UNSET,
            )
        )
        return list(page.decisions)


class AsyncOpenLeashOwner:
    """The :class:`OpenLeashOwner` for asyncio code."""

    def __init__(
        self, base_url: str, token: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        self.api = _bearer_client(base_url, token, timeout_seconds)

    async def __aenter__(self) -> AsyncOpenLeashOwner:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the connection pool."""
        await self.api.get_async_httpx_client().aclose()

    async def me(self) -> OwnerMe:
        """See :meth:`OpenLeashOwner.me`."""
        result: OwnerMe = unwrap(await _owner_me_op.asyncio_detailed(client=self.api))
        return result

    async def create_invite(
        self,
        *,
        name: str | None = None,
        group_ids: list[str] | None = None,
        expires_in_seconds: int | None = None,
    ) -> CreatedInvite:
        """See :meth:`OpenLeashOwner.create_invite`."""
        body = CreateInviteRequest.from_dict(
            _compact(name=name, group_ids=group_ids, expires_in_seconds=expires_in_seconds)
        )
        result: CreatedInvite = unwrap(await _create_invite_op.asyncio_detailed(client=self.api, body=body))
        return result

    async def list_agents(self) -> list[Agent]:
        """See :meth:`OpenLeashOwner.list_agents`."""
        return list(unwrap(await _list_agents_op.asyncio_detailed(client=self.api)).agents)

    async def create_policy(self, name: str, source: str) -> CreatedPolicy:
        """See :meth:`OpenLeashOwner.create_policy`."""
        body = CreatePolicyRequest(name=name, source=source)
        result: CreatedPolicy = unwrap(await _create_policy_op.asyncio_detailed(client=self.api, body=body))
        return result

    async def create_binding(
        self,
        policy_id: str,
        scope: str,
        *,
        target_id: str | None = None,
        version: int | None = None,
        position: int | None = None,
    ) -> Binding:
        """See :meth:`OpenLeashOwner.create_binding`."""
        body = CreateBindingRequest.from_dict(
            _compact(
                policy_id=policy_id, scope=scope, target_id=target_id, version=version, position=position
            )
        )
        result: Binding = unwrap(await _create_binding_op.asyncio_detailed(client=self.api, body=body))
        return result

    async def list_approvals(self, status: str | None = None) -> list[ApprovalRequest]:
        """See :meth:`OpenLeashOwner.list_approvals`."""
        flt = GetV1OwnerApprovalRequestsStatus(status) if status is not None else UNSET
        page = unwrap(await _list_approvals_op.asyncio_detailed(client=self.api, status=flt))
        return list(page.approval_requests)

    async def approve(self, approval_request_id: str, *, note: str | None = None) -> ApprovalRequest:
        """See :meth:`OpenLeashOwner.approve`."""
        body = DecideApprovalRequest.from_dict(_compact(note=note))
        response = await _approve_op.asyncio_detailed(approval_request_id, client=self.api, body=body)
        result: ApprovalRequest = unwrap(response)
        return result

    async def deny(self, approval_request_id: str, *, note: str | None = None) -> ApprovalRequest:
        """See :meth:`OpenLeashOwner.deny`."""
        body = DecideApprovalRequest.from_dict(_compact(note=note))
        result: ApprovalRequest = unwrap(
            await _deny_op.asyncio_detailed(approval_request_id, client=self.api, body=body)
        )
        return result

    async def update_agent(
        self, agent_id: str, *, name: str | None = None, status: str | None = None
    ) -> Agent:
        """See :meth:`OpenLeashOwner.update_agent`."""
        body = UpdateAgentRequest.from_dict(_compact(name=name, status=status))
        result: Agent = unwrap(await _update_agent_op.asyncio_detailed(agent_id, client=self.api, body=body))
        return result

    async def add_agent_key(self, agent_id: str, public_jwk: Mapping[str, Any]) -> AgentKeyRecord:
        """See :meth:`OpenLeashOwner.add_agent_key`."""
        body = _public_key(public_jwk)
        result: AgentKeyRecord = unwrap(
            await _add_key_op.asyncio_detailed(agent_id, client=self.api, body=body)
        )
        return result

    async def revoke_agent_key(self, agent_id: str, kid: str) -> AgentKeyRecord:
        """See :meth:`OpenLeashOwner.revoke_agent_key`."""
        result: AgentKeyRecord = unwrap(await _revoke_key_op.asyncio_detailed(agent_id, kid, client=self.api))
        return result

    async def list_decisions(
        self, *, agent_id: str | None = None, decision: str | None = None, limit: int | None = None
    ) -> list[DecisionRecord]:
        """See :meth:`OpenLeashOwner.list_decisions`."""
        page = unwrap(
            await _list_decisions_op.asyncio_detailed(
                client=self.api,
                agent_id=agent_id if agent_id is not None else UNSET,
                decision=_decision_filter(decision),
                limit=limit if limit is not None else UNSET,
            )
        )
        return list(page.decisions)


class OpenLeashAdmin:
    """The admin API (``Authorization: Bearer <admin token>``): creates owners.

    Example::

        admin = OpenLeashAdmin("http://127.0.0.1:8787", token=admin_token)
        created = admin.create_owner("Alice")   # created.api_token is shown once
    """

    def __init__(
        self, base_url: str, token: str, *, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        self.api = _bearer_client(base_url, token, timeout_seconds)

    def __enter__(self) -> OpenLeashAdmin:
        return self

    def __exit__(self, *exc: object) -> None:
        self.api.get_httpx_client().close()

    def create_owner(self, name: str, *, type: str = "user") -> CreatedOwner:
        """Creates an owner (``user`` or ``org``) and its first API token (returned once)."""
        body = CreateOwnerRequest.from_dict({"name": name, "type": type})
        result: CreatedOwner = unwrap(_create_owner_op.sync_detailed(client=self.api, body=body))
        return result
