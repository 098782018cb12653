from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.policy_version import PolicyVersion
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    policy_id: str,
    version: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/owner/policies/{policy_id}/versions/{version}".format(
            policy_id=quote(str(policy_id), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PolicyVersion | Problem | None:
    if response.status_code == 200:
        response_200 = PolicyVersion.from_dict(response.json())

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
) -> Response[PolicyVersion | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    policy_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
) -> Response[PolicyVersion | Problem]:
    """One policy version with its YAML source

    Args:
        policy_id (str):  Example: pol_x.
        version (int):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PolicyVersion | Problem]
    """

    kwargs = _get_kwargs(
        policy_id=policy_id,
        version=version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    policy_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
) -> PolicyVersion | Problem | None:
    """One policy version with its YAML source

    Args:
        policy_id (str):  Example: pol_x.
        version (int):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PolicyVersion | Problem
    """

    return sync_detailed(
        policy_id=policy_id,
        version=version,
        client=client,
    ).parsed


async def asyncio_detailed(
    policy_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
) -> Response[PolicyVersion | Problem]:
    """One policy version with its YAML source

    Args:
        policy_id (str):  Example: pol_x.
        version (int):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PolicyVersion | Problem]
    """

    kwargs = _get_kwargs(
        policy_id=policy_id,
        version=version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    policy_id: str,
    version: int,
    *,
    client: AuthenticatedClient,
) -> PolicyVersion | Problem | None:
    """One policy version with its YAML source

    Args:
        policy_id (str):  Example: pol_x.
        version (int):  Example: 1.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PolicyVersion | Problem
    """

    return (
        await asyncio_detailed(
            policy_id=policy_id,
            version=version,
            client=client,
        )
    ).parsed
