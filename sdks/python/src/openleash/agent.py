"""The agent side: every request RFC 9421-signed with the agent's key (PROTOCOL.md §3, §4, §6)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from typing import Any

import httpx

from ._generated.api.agent import get_v1_agent_approval_requests_id as _approval_op
from ._generated.api.agent import get_v1_agent_me as _me_op
from ._generated.api.agent import post_v1_authorize as _authorize_op
from ._generated.models.agent_approval_view import AgentApprovalView
from ._generated.models.agent_me import AgentMe
from ._generated.models.authorize_request import AuthorizeRequest
from ._generated.models.authorize_response import AuthorizeResponse
from ._http import DEFAULT_TIMEOUT_SECONDS, normalize_base_url, signed_api, unwrap
from .errors import OpenLeashError
from .keys import AgentKey
from .signing import SigningAuth

__all__ = ["AsyncOpenLeashAgent", "OpenLeashAgent"]

DEFAULT_APPROVAL_TIMEOUT_SECONDS = 15 * 60.0
DEFAULT_POLL_SECONDS = 25
# A server that answers PENDING at once (long-poll disabled) must not turn waiting into a busy loop.
MIN_POLL_INTERVAL_SECONDS = 1.0
_PENDING = ("REQUIRE_APPROVAL", "REQUIRE_STEP_UP")


def _authorize_body(
    action: Mapping[str, Any],
    approval_token: str | None,
    presented_proofs: Sequence[str] | None,
    explain: bool | None,
) -> AuthorizeRequest:
    if not isinstance(action, Mapping):
        raise TypeError("action must be a dict (see create_action)")
    body: dict[str, Any] = {"action": dict(action)}
    if approval_token is not None:
        body["approval_token"] = approval_token
    if presented_proofs:
        body["presented_proofs"] = list(presented_proofs)
    if explain is not None:
        body["explain"] = explain
    try:
        return AuthorizeRequest.from_dict(body)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        # The generated model needs id, type and payload (PROTOCOL.md §2); say which is missing.
        raise TypeError(f"action is not an action object (see create_action): {err!r}") from None


def _check_poll(timeout_seconds: float, poll_seconds: int) -> None:
    if not timeout_seconds >= 0:
        raise ValueError("timeout_seconds must be >= 0")
    if isinstance(poll_seconds, bool) or not isinstance(poll_seconds, int) or not 0 <= poll_seconds <= 120:
        raise ValueError("poll_seconds must be an int from 0 to 120")


def _final_view(view: AgentApprovalView) -> str:
    """The approval token of an APPROVED view, else the SDK error for DENIED/EXPIRED/USED."""
    status = str(view.status.value if hasattr(view.status, "value") else view.status)
    if status == "DENIED":
        raise OpenLeashError("APPROVAL_DENIED", f"approval {view.id} was denied")
    if status != "APPROVED" or not isinstance(view.approval_token, str):
        raise OpenLeashError("APPROVAL_EXPIRED", f"approval {view.id} is {status}")
    return view.approval_token


def _status(view: AgentApprovalView) -> str:
    return str(view.status.value if hasattr(view.status, "value") else view.status)


def _key_from_env(env: Mapping[str, str] | None) -> tuple[str, AgentKey]:
    """OPENLEASH_URL and OPENLEASH_PRIVATE_KEY_JWK (the agent.env written by ``openleash init``)."""
    import json
    import os

    from .keys import import_agent_key

    values = os.environ if env is None else env
    base_url, jwk = values.get("OPENLEASH_URL"), values.get("OPENLEASH_PRIVATE_KEY_JWK")
    if not base_url or not jwk:
        raise TypeError("OPENLEASH_URL and OPENLEASH_PRIVATE_KEY_JWK must be set (see agent.env)")
    try:
        private_jwk = json.loads(jwk)
    except ValueError:
        raise TypeError("OPENLEASH_PRIVATE_KEY_JWK is not JSON") from None
    return base_url, import_agent_key(private_jwk)


class OpenLeashAgent:
    """Synchronous agent client. Call :meth:`authorize` before anything risky; act only on ALLOW.

    ``api`` is the generated client (``openleash._generated``) with request signing, for endpoints
    without a helper. Use as a context manager, or call :meth:`close`.

    Example::

        with OpenLeashAgent("http://127.0.0.1:8787", key) as agent:
            r = agent.authorize(create_action("purchase", {"amount_minor": 8500, "currency": "USD"}))
            if r.decision == "ALLOW":
                buy(proof=r.proof_token)
    """

    def __init__(
        self,
        base_url: str,
        key: AgentKey,
        *,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        expires_in_seconds: int | None = None,
    ) -> None:
        if not isinstance(key, AgentKey):
            raise TypeError("key must be an AgentKey (generate_agent_key / import_agent_key)")
        self.base_url = normalize_base_url(base_url)
        self.kid = key.kid
        self._timeout = timeout_seconds
        self._http = httpx.Client(
            base_url=self.base_url,
            auth=SigningAuth(key, expires_in_seconds=expires_in_seconds),
            timeout=timeout_seconds,
        )
        self.api = signed_api(self.base_url, http=self._http)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> OpenLeashAgent:
        """The agent of ``OPENLEASH_URL`` + ``OPENLEASH_PRIVATE_KEY_JWK`` (``os.environ`` by default;
        the ``agent.env`` that ``openleash init`` writes)."""
        base_url, key = _key_from_env(env)
        return cls(base_url, key, **options)

    def __enter__(self) -> OpenLeashAgent:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection pool."""
        self._http.close()

    def authorize(
        self,
        action: Mapping[str, Any],
        *,
        approval_token: str | None = None,
        presented_proofs: Sequence[str] | None = None,
        explain: bool | None = None,
    ) -> AuthorizeResponse:
        """Asks whether the agent may perform ``action`` (``POST /v1/authorize``). Every decision is
        an answer, DENY included; only a refused request (bad signature, replay, invalid body, used
        approval token...) raises :class:`OpenLeashApiError`."""
        body = _authorize_body(action, approval_token, presented_proofs, explain)
        result: AuthorizeResponse = unwrap(_authorize_op.sync_detailed(client=self.api, body=body))
        return result

    def wait_for_approval(
        self,
        approval_request_id: str,
        *,
        timeout_seconds: float = DEFAULT_APPROVAL_TIMEOUT_SECONDS,
        poll_seconds: int = DEFAULT_POLL_SECONDS,
    ) -> AgentApprovalView:
        """Waits for the owner to decide, long-polling ``GET /v1/agent/approval-requests/{id}?wait=``
        (each poll freshly signed). Returns the final view (APPROVED with its single-use
        ``approval_token``, DENIED, EXPIRED or USED); raises ``APPROVAL_TIMEOUT`` after
        ``timeout_seconds``."""
        if not isinstance(approval_request_id, str) or approval_request_id == "":
            raise TypeError("approval_request_id is required")
        _check_poll(timeout_seconds, poll_seconds)
        deadline = time.monotonic() + timeout_seconds
        while True:
            started = time.monotonic()
            # A poll must end before the HTTP read timeout does.
            wait = max(0, min(poll_seconds, int(deadline - started), int(self._timeout) - 5))
            view: AgentApprovalView = unwrap(
                _approval_op.sync_detailed(approval_request_id, client=self.api, wait=wait)
            )
            if _status(view) != "PENDING":
                return view
            left = deadline - time.monotonic()
            if left <= 0:
                raise OpenLeashError(
                    "APPROVAL_TIMEOUT", f"approval {view.id} still pending after {timeout_seconds} s"
                )
            elapsed = time.monotonic() - started
            if elapsed < MIN_POLL_INTERVAL_SECONDS:
                time.sleep(min(MIN_POLL_INTERVAL_SECONDS - elapsed, left))

    def authorize_and_wait(
        self,
        action: Mapping[str, Any],
        *,
        presented_proofs: Sequence[str] | None = None,
        explain: bool | None = None,
        timeout_seconds: float = DEFAULT_APPROVAL_TIMEOUT_SECONDS,
        poll_seconds: int = DEFAULT_POLL_SECONDS,
    ) -> AuthorizeResponse:
        """:meth:`authorize`, and when a human must approve: wait, then authorize again with the
        approval token (limits are charged then). Raises ``APPROVAL_DENIED``/``APPROVAL_EXPIRED``
        when the owner said no or time ran out on their side, ``APPROVAL_TIMEOUT`` when ours did."""
        first = self.authorize(action, presented_proofs=presented_proofs, explain=explain)
        if str(first.decision.value) not in _PENDING:
            return first
        if not isinstance(first.approval_request_id, str):
            raise OpenLeashError("UNEXPECTED_RESPONSE", f"{first.decision.value} without approval_request_id")
        view = self.wait_for_approval(
            first.approval_request_id, timeout_seconds=timeout_seconds, poll_seconds=poll_seconds
        )
        token = _final_view(view)
        return self.authorize(
            action, approval_token=token, presented_proofs=presented_proofs, explain=explain
        )

    def me(self) -> AgentMe:
        """The calling agent as the server sees it (``GET /v1/agent/me``): checks that signing works."""
        result: AgentMe = unwrap(_me_op.sync_detailed(client=self.api))
        return result


class AsyncOpenLeashAgent:
    """The :class:`OpenLeashAgent` for asyncio code (``httpx.AsyncClient`` underneath).

    Example::

        async with AsyncOpenLeashAgent("http://127.0.0.1:8787", key) as agent:
            r = await agent.authorize(action)
    """

    def __init__(
        self,
        base_url: str,
        key: AgentKey,
        *,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        expires_in_seconds: int | None = None,
    ) -> None:
        if not isinstance(key, AgentKey):
            raise TypeError("key must be an AgentKey (generate_agent_key / import_agent_key)")
        self.base_url = normalize_base_url(base_url)
        self.kid = key.kid
        self._timeout = timeout_seconds
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            auth=SigningAuth(key, expires_in_seconds=expires_in_seconds),
            timeout=timeout_seconds,
        )
        self.api = signed_api(self.base_url, async_http=self._http)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **options: Any) -> AsyncOpenLeashAgent:
        """See :meth:`OpenLeashAgent.from_env`."""
        base_url, key = _key_from_env(env)
        return cls(base_url, key, **options)

    async def __aenter__(self) -> AsyncOpenLeashAgent:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Closes the connection pool."""
        await self._http.aclose()

    async def authorize(
        self,
        action: Mapping[str, Any],
        *,
        approval_token: str | None = None,
        presented_proofs: Sequence[str] | None = None,
        explain: bool | None = None,
    ) -> AuthorizeResponse:
        """See :meth:`OpenLeashAgent.authorize`."""
        body = _authorize_body(action, approval_token, presented_proofs, explain)
        result: AuthorizeResponse = unwrap(await _authorize_op.asyncio_detailed(client=self.api, body=body))
        return result

    async def wait_for_approval(
        self,
        approval_request_id: str,
        *,
        timeout_seconds: float = DEFAULT_APPROVAL_TIMEOUT_SECONDS,
        poll_seconds: int = DEFAULT_POLL_SECONDS,
    ) -> AgentApprovalView:
        """See :meth:`OpenLeashAgent.wait_for_approval` (cancel the task to stop waiting)."""
        if not isinstance(approval_request_id, str) or approval_request_id == "":
            raise TypeError("approval_request_id is required")
        _check_poll(timeout_seconds, poll_seconds)
        deadline = time.monotonic() + timeout_seconds
        while True:
            started = time.monotonic()
            # A poll must end before the HTTP read timeout does.
            wait = max(0, min(poll_seconds, int(deadline - started), int(self._timeout) - 5))
            view: AgentApprovalView = unwrap(
                await _approval_op.asyncio_detailed(approval_request_id, client=self.api, wait=wait)
            )
            if _status(view) != "PENDING":
                return view
            left = deadline - time.monotonic()
            if left <= 0:
                raise OpenLeashError(
                    "APPROVAL_TIMEOUT", f"approval {view.id} still pending after {timeout_seconds} s"
                )
            elapsed = time.monotonic() - started
            if elapsed < MIN_POLL_INTERVAL_SECONDS:
                await asyncio.sleep(min(MIN_POLL_INTERVAL_SECONDS - elapsed, left))

    async def authorize_and_wait(
        self,
        action: Mapping[str, Any],
        *,
        presented_proofs: Sequence[str] | None = None,
        explain: bool | None = None,
        timeout_seconds: float = DEFAULT_APPROVAL_TIMEOUT_SECONDS,
        poll_seconds: int = DEFAULT_POLL_SECONDS,
    ) -> AuthorizeResponse:
        """See :meth:`OpenLeashAgent.authorize_and_wait`."""
        first = await self.authorize(action, presented_proofs=presented_proofs, explain=explain)
        if str(first.decision.value) not in _PENDING:
            return first
        if not isinstance(first.approval_request_id, str):
            raise OpenLeashError("UNEXPECTED_RESPONSE", f"{first.decision.value} without approval_request_id")
        view = await self.wait_for_approval(
            first.approval_request_id, timeout_seconds=timeout_seconds, poll_seconds=poll_seconds
        )
        token = _final_view(view)
        return await self.authorize(
            action, approval_token=token, presented_proofs=presented_proofs, explain=explain
        )

    async def me(self) -> AgentMe:
        """See :meth:`OpenLeashAgent.me`."""
        result: AgentMe = unwrap(await _me_op.asyncio_detailed(client=self.api))
        return result
