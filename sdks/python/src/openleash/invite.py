"""Agent registration from an owner's invite (``POST /v1/agents/register``, PROTOCOL.md §3)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import httpx

from ._generated.api.agent import post_v1_agents_register as _register_op
from ._generated.models.agent import Agent
from ._generated.models.register_request import RegisterRequest
from ._generated.models.register_response import RegisterResponse
from ._http import DEFAULT_TIMEOUT_SECONDS, normalize_base_url, signed_api, unwrap
from .agent import AsyncOpenLeashAgent, OpenLeashAgent
from .errors import OpenLeashError
from .keys import AgentKey
from .signing import SigningAuth

__all__ = ["AsyncRedeemedInvite", "RedeemedInvite", "parse_invite", "redeem_invite", "redeem_invite_async"]

_REGISTER_PATH = "/v1/agents/register"


@dataclass
class RedeemedInvite:
    """What :func:`redeem_invite` returns: the registered agent, its key id and a ready client."""

    agent: Agent
    kid: str
    client: OpenLeashAgent


@dataclass
class AsyncRedeemedInvite:
    """What :func:`redeem_invite_async` returns."""

    agent: Agent
    kid: str
    client: AsyncOpenLeashAgent


def parse_invite(invite_url_or_token: str, base_url: str | None = None) -> tuple[str, str]:
    """Splits an invite into (server base URL, token). Invite URLs look like
    ``https://leash.example/v1/agents/register#invite=<token>`` (the token sits in the fragment,
    which browsers and proxies never send or log); a bare token needs ``base_url``."""
    if not isinstance(invite_url_or_token, str) or invite_url_or_token.strip() == "":
        raise OpenLeashError("INVALID_INVITE", "the invite is empty")
    text = invite_url_or_token.strip()
    if not re.match(r"^https?://", text, re.IGNORECASE):
        if not base_url:
            raise OpenLeashError("INVALID_INVITE", "a bare invite token needs base_url")
        return normalize_base_url(base_url), text
    parts = urlsplit(text)
    found = parse_qs(parts.fragment).get("invite") or parse_qs(parts.query).get("invite") or [""]
    token = found[0]
    if not token:
        raise OpenLeashError("INVALID_INVITE", "the invite URL carries no #invite=<token>")
    at = parts.path.find(_REGISTER_PATH)
    prefix = parts.path[:at] if at >= 0 else ""
    return normalize_base_url(base_url or f"{parts.scheme}://{parts.netloc}{prefix}"), token


def _register_body(key: AgentKey, token: str, name: str | None) -> RegisterRequest:
    if not isinstance(key, AgentKey):
        raise TypeError("key must be an AgentKey (generate_agent_key / import_agent_key)")
    body: dict[str, object] = {"invite_token": token, "public_key": dict(key.public_jwk)}
    if name:
        body["name"] = name
    return RegisterRequest.from_dict(body)


def redeem_invite(
    invite_url_or_token: str,
    key: AgentKey,
    *,
    base_url: str | None = None,
    name: str | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> RedeemedInvite:
    """Registers the agent from an owner's invite: posts the public key, signed with that same key
    as proof of possession (PROTOCOL.md §3). The invite is single-use.

    Example::

        key = generate_agent_key()
        redeemed = redeem_invite(os.environ["OPENLEASH_INVITE_URL"], key)
        print(redeemed.agent.id, redeemed.client.me().kid)
    """
    url, token = parse_invite(invite_url_or_token, base_url)
    body = _register_body(key, token, name)
    with httpx.Client(base_url=url, auth=SigningAuth(key), timeout=timeout_seconds) as http:
        api = signed_api(url, http=http)
        registered: RegisterResponse = unwrap(_register_op.sync_detailed(client=api, body=body))
    return RedeemedInvite(
        agent=registered.agent,
        kid=registered.kid,
        client=OpenLeashAgent(url, key, timeout_seconds=timeout_seconds),
    )


async def redeem_invite_async(
    invite_url_or_token: str,
    key: AgentKey,
    *,
    base_url: str | None = None,
    name: str | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> AsyncRedeemedInvite:
    """:func:`redeem_invite` for asyncio code."""
    url, token = parse_invite(invite_url_or_token, base_url)
    body = _register_body(key, token, name)
    async with httpx.AsyncClient(base_url=url, auth=SigningAuth(key), timeout=timeout_seconds) as http:
        api = signed_api(url, async_http=http)
        registered: RegisterResponse = unwrap(await _register_op.asyncio_detailed(client=api, body=body))
    return AsyncRedeemedInvite(
        agent=registered.agent,
        kid=registered.kid,
        client=AsyncOpenLeashAgent(url, key, timeout_seconds=timeout_seconds),
    )
