from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_v1_owner_approval_requests_response_200 import (
    GetV1OwnerApprovalRequestsResponse200,
)
from ...models.get_v1_owner_approval_requests_status import (
    GetV1OwnerApprovalRequestsStatus,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: GetV1OwnerApprovalRequestsStatus | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/owner/approval-requests",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GetV1OwnerApprovalRequestsResponse200 | Problem | None:
    if response.status_code == 200:
        response_200 = GetV1OwnerApprovalRequestsResponse200.from_dict(response.json())

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
) -> Response[GetV1OwnerApprovalRequestsResponse200 | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: GetV1OwnerApprovalRequestsStatus | Unset = UNSET,
) -> Response[GetV1OwnerApprovalRequestsResponse200 | Problem]:
    """List approval requests

    Args:
        status (GetV1OwnerApprovalRequestsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1OwnerApprovalRequestsResponse200 | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: GetV1OwnerApprovalRequestsStatus | Unset = UNSET,
) -> GetV1OwnerApprovalRequestsResponse200 | Problem | None:
    """List approval requests

    Args:
        status (GetV1OwnerApprovalRequestsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1OwnerApprovalRequestsResponse200 | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: GetV1OwnerApprovalRequestsStatus | Unset = UNSET,
) -> Response[GetV1OwnerApprovalRequestsResponse200 | Problem]:
    """List approval requests

    Args:
        status (GetV1OwnerApprovalRequestsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetV1OwnerApprovalRequestsResponse200 | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: GetV1OwnerApprovalRequestsStatus | Unset = UNSET,
) -> GetV1OwnerApprovalRequestsResponse200 | Problem | None:
    """List approval requests

    Args:
        status (GetV1OwnerApprovalRequestsStatus | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetV1OwnerApprovalRequestsResponse200 | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
        )
    ).parsed
