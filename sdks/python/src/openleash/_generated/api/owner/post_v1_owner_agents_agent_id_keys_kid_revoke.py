from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_key import AgentKey
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    agent_id: str,
    kid: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/owner/agents/{agent_id}/keys/{kid}/revoke".format(
            agent_id=quote(str(agent_id), safe=""),
            kid=quote(str(kid), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AgentKey | Problem | None:
    if response.status_code == 200:
        response_200 = AgentKey.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AgentKey | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    agent_id: str,
    kid: str,
    *,
    client: AuthenticatedClient,
) -> Response[AgentKey | Problem]:
    """Revoke one of an agent's keys

    Args:
        agent_id (str):  Example: agt_x.
        kid (str):  Example: x7Yq....

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentKey | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        kid=kid,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    agent_id: str,
    kid: str,
    *,
    client: AuthenticatedClient,
) -> AgentKey | Problem | None:
    """Revoke one of an agent's keys

    Args:
        agent_id (str):  Example: agt_x.
        kid (str):  Example: x7Yq....

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentKey | Problem
    """

    return sync_detailed(
        agent_id=agent_id,
        kid=kid,
        client=client,
    ).parsed


async def asyncio_detailed(
    agent_id: str,
    kid: str,
    *,
    client: AuthenticatedClient,
) -> Response[AgentKey | Problem]:
    """Revoke one of an agent's keys

    Args:
        agent_id (str):  Example: agt_x.
        kid (str):  Example: x7Yq....

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AgentKey | Problem]
    """

    kwargs = _get_kwargs(
        agent_id=agent_id,
        kid=kid,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    agent_id: str,
    kid: str,
    *,
    client: AuthenticatedClient,
) -> AgentKey | Problem | None:
    """Revoke one of an agent's keys

    Args:
        agent_id (str):  Example: agt_x.
        kid (str):  Example: x7Yq....

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AgentKey | Problem
    """

    return (
        await asyncio_detailed(
            agent_id=agent_id,
            kid=kid,
            client=client,
        )
    ).parsed
