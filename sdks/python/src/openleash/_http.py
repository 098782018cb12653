"""Plumbing between the helpers and the generated client: building clients, unwrapping answers."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import httpx

from ._generated.client import AuthenticatedClient
from ._generated.models.problem import Problem
from ._generated.types import Response
from .errors import OpenLeashApiError, OpenLeashError

DEFAULT_TIMEOUT_SECONDS = 30.0
"""Per-request time limit; long-polls add their wait on top of it."""


def normalize_base_url(base_url: str) -> str:
    """Strips trailing slashes and checks that the base URL is absolute http(s)."""
    if not isinstance(base_url, str):
        raise TypeError("base_url must be a string")
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"base_url is not an absolute http(s) URL: {base_url}")
    return base_url.rstrip("/")


def unwrap(response: Response[Any], *, empty_ok: bool = False) -> Any:
    """The parsed body of a 2xx answer, or :class:`OpenLeashApiError` with the RFC 9457 problem."""
    status = int(response.status_code)
    if 200 <= status < 300:
        if isinstance(response.parsed, Problem) or (response.parsed is None and not empty_ok):
            raise OpenLeashError("UNEXPECTED_RESPONSE", f"HTTP {status} without the documented body")
        return response.parsed
    raise OpenLeashApiError.from_response(status, response.content)


def signed_api(
    base_url: str, http: httpx.Client | None = None, async_http: httpx.AsyncClient | None = None
) -> AuthenticatedClient:
    """The generated client for agent endpoints over an httpx client that signs every request
    (:class:`~openleash.signing.SigningAuth`). Their security scheme (``agentSignature``) is the
    RFC 9421 signature itself, so the bearer token of ``AuthenticatedClient`` stays unused: a
    client handed over with ``set_httpx_client`` is used as is, without an Authorization header."""
    api = AuthenticatedClient(base_url=base_url, token="")
    if http is not None:
        api.set_httpx_client(http)
    if async_http is not None:
        api.set_async_httpx_client(async_http)
    return api
