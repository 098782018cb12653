from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_v1_owner_decisions_decision import GetV1OwnerDecisionsDecision
from ...models.get_v1_owner_decisions_response_200 import GetV1OwnerDecisionsResponse200
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    agent_id: str | Unset = UNSET,
    decision: GetV1OwnerDecisionsDecision | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["agent_id"] = agent_id

    json_decision: str | Unset = UNSET
    if not isinstance(decision, Unset):
        json_decision = decision.value

    params["decision"] = json_decision

    params["limit"] = limit

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/owner/decisions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetV1OwnerDecisionsResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = GetV1OwnerDecisionsResponse200.from_dict(response.json())

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
) -> Response[GetV1OwnerDecisionsResponse200 | Problem]:
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
    decision: GetV1OwnerDecisionsDecision | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[GetV1OwnerDecisionsResponse200 | Problem]:
    """The owner's authorization decisions, newest first (read from the audit log)

    Args:
        agent_id (str | Unset):
        decision (GetV1OwnerDecisionsDecision | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1OwnerDecisionsResponse200 | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        decision=decision,
        limit=limit,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    decision: GetV1OwnerDecisionsDecision | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> GetV1OwnerDecisionsResponse200 | Problem | None:
    """The owner's authorization decisions, newest first (read from the audit log)

    Args:
        agent_id (str | Unset):
        decision (GetV1OwnerDecisionsDecision | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1OwnerDecisionsResponse200 | Problem
    """

    return sync_detailed(
        client=client,
        agent_id=agent_id,
        decision=decision,
        limit=limit,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    decision: GetV1OwnerDecisionsDecision | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> Response[GetV1OwnerDecisionsResponse200 | Problem]:
    """The owner's authorization decisions, newest first (read from the audit log)

    Args:
        agent_id (str | Unset):
        decision (GetV1OwnerDecisionsDecision | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1OwnerDecisionsResponse200 | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        decision=decision,
        limit=limit,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    agent_id: str | Unset = UNSET,
    decision: GetV1OwnerDecisionsDecision | Unset = UNSET,
    limit: int | Unset = 50,
    cursor: str | Unset = UNSET,
) -> GetV1OwnerDecisionsResponse200 | Problem | None:
    """The owner's authorization decisions, newest first (read from the audit log)

    Args:
        agent_id (str | Unset):
        decision (GetV1OwnerDecisionsDecision | Unset):
        limit (int | Unset):  Default: 50.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1OwnerDecisionsResponse200 | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            agent_id=agent_id,
            decision=decision,
            limit=limit,
            cursor=cursor,
        )
    ).parsed
