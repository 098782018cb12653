from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.audit_page import AuditPage
from ...models.get_v1_admin_audit_decision import GetV1AdminAuditDecision
from ...models.get_v1_admin_audit_order import GetV1AdminAuditOrder
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agent_id: str | Unset = UNSET,
    type_: str | Unset = UNSET,
    decision: GetV1AdminAuditDecision | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,
    order: GetV1AdminAuditOrder | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agent_id"] = agent_id

    params["type"] = type_

    json_decision: str | Unset = UNSET
    if not isinstance(decision, Unset):
        json_decision = decision.value

    params["decision"] = json_decision

    params["since"] = since

    params["until"] = until

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["limit"] = limit

    params["cursor"] = cursor

    params["owner_id"] = owner_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/admin/audit",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AuditPage | Problem | None:
    if response.status_code == 200:
        response_200 = AuditPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AuditPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    type_: str | Unset = UNSET,
    decision: GetV1AdminAuditDecision | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,
    order: GetV1AdminAuditOrder | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """All audit records

    Args:
        agent_id (str | Unset):
        type_ (str | Unset):
        decision (GetV1AdminAuditDecision | Unset):
        since (str | Unset):
        until (str | Unset):
        order (GetV1AdminAuditOrder | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        type_=type_,
        decision=decision,
        since=since,
        until=until,
        order=order,
        limit=limit,
        cursor=cursor,
        owner_id=owner_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    type_: str | Unset = UNSET,
    decision: GetV1AdminAuditDecision | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,
    order: GetV1AdminAuditOrder | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> AuditPage | Problem | None:
    """All audit records

    Args:
        agent_id (str | Unset):
        type_ (str | Unset):
        decision (GetV1AdminAuditDecision | Unset):
        since (str | Unset):
        until (str | Unset):
        order (GetV1AdminAuditOrder | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return sync_detailed(
        client=client,
        agent_id=agent_id,
        type_=type_,
        decision=decision,
        since=since,
        until=until,
        order=order,
        limit=limit,
        cursor=cursor,
        owner_id=owner_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    type_: str | Unset = UNSET,
    decision: GetV1AdminAuditDecision | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,
    order: GetV1AdminAuditOrder | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> Response[AuditPage | Problem]:
    """All audit records

    Args:
        agent_id (str | Unset):
        type_ (str | Unset):
        decision (GetV1AdminAuditDecision | Unset):
        since (str | Unset):
        until (str | Unset):
        order (GetV1AdminAuditOrder | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AuditPage | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        type_=type_,
        decision=decision,
        since=since,
        until=until,
        order=order,
        limit=limit,
        cursor=cursor,
        owner_id=owner_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    type_: str | Unset = UNSET,
    decision: GetV1AdminAuditDecision | Unset = UNSET,
    since: str | Unset = UNSET,
    until: str | Unset = UNSET,
    order: GetV1AdminAuditOrder | Unset = UNSET,
    limit: int | Unset = 100,
    cursor: str | Unset = UNSET,
    owner_id: str | Unset = UNSET,
) -> AuditPage | Problem | None:
    """All audit records

    Args:
        agent_id (str | Unset):
        type_ (str | Unset):
        decision (GetV1AdminAuditDecision | Unset):
        since (str | Unset):
        until (str | Unset):
        order (GetV1AdminAuditOrder | Unset):
        limit (int | Unset):  Default: 100.
        cursor (str | Unset):
        owner_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AuditPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            agent_id=agent_id,
            type_=type_,
            decision=decision,
            since=since,
            until=until,
            order=order,
            limit=limit,
            cursor=cursor,
            owner_id=owner_id,
        )
    ).parsed
