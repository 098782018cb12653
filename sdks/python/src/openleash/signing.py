"""RFC 9421 HTTP Message Signatures for agent requests, OpenLeash profile (PROTOCOL.md §3).

Covered components: ``"@method" "@path"``, plus ``"@query"`` when the request has a query and
``"content-digest"`` (RFC 9530, sha-256) when it has a body. Parameters, in this order:
``created``, ``nonce``, ``keyid``, ``alg="ed25519"``, ``tag="openleash"`` and optionally ``expires``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from collections.abc import Generator
from datetime import datetime
from urllib.parse import urlsplit

import httpx

from ._encoding import b64_encode, b64url_encode
from .keys import AgentKey

__all__ = [
    "SIGNATURE_ALG",
    "SIGNATURE_LABEL",
    "SIGNATURE_TAG",
    "SigningAuth",
    "content_digest",
    "prepare_signature",
    "signature_base",
    "sign_request",
    "split_target",
]

SIGNATURE_TAG = "openleash"
"""The ``tag`` parameter that marks an OpenLeash agent signature (RFC 9421 §2.3)."""
SIGNATURE_ALG = "ed25519"
"""RFC 9421 §6.2.2 algorithm name."""
SIGNATURE_LABEL = "sig1"
"""The signature label this SDK writes."""

_NONCE = re.compile(r"^[\x21-\x7e]{22,256}$")  # ≥ 128 bits as base64url is 22 characters


def content_digest(body: bytes) -> str:
    """RFC 9530 ``Content-Digest`` value: ``sha-256=:<base64 of SHA-256(body)>:``."""
    return f"sha-256=:{b64_encode(hashlib.sha256(body).digest())}:"


def split_target(url: str) -> tuple[str, str]:
    """The RFC 9421 ``@path`` and ``@query`` (``""`` or ``"?..."``) of an absolute URL or of a
    ``path?query`` target, exactly as it goes on the wire (percent-encoding kept)."""
    if not isinstance(url, str) or url == "":
        raise TypeError("url must be a non-empty string")
    target = url
    if not url.startswith("/"):
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
    target = target.split("#", 1)[0]
    path, sep, query = target.partition("?")
    # RFC 9421 §2.2.6: an empty path is "/"; §2.2.7: a lone "?" carries nothing to protect.
    return (path or "/", f"?{query}" if sep and query else "")


def _sf_string(value: str) -> str:
    """RFC 8941 §4.1.6 sf-string: printable ASCII with ``\\`` and ``"`` escaped."""
    if not all(0x20 <= ord(c) <= 0x7E for c in value):
        raise ValueError("structured-field strings must be printable ASCII")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def signature_base(components: list[tuple[str, str]], signature_params: str) -> str:
    """The RFC 9421 §2.5 signature base: one ``"<name>": <value>`` line per covered component,
    then ``"@signature-params": <params>``, joined by LF without a trailing LF."""
    lines = []
    for name, value in components:
        if "\r" in value or "\n" in value:
            raise ValueError(f"component {name} contains a line break")
        lines.append(f'"{name}": {value}')
    lines.append(f'"@signature-params": {signature_params}')
    return "\n".join(lines)


def _created_of(now: datetime | float | None) -> int:
    if now is None:
        return int(time.time())
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return int(now.timestamp() // 1)
    return int(now // 1)


def prepare_signature(
    method: str,
    url: str,
    key_id: str,
    body: bytes | str | None = None,
    *,
    now: datetime | float | None = None,
    nonce: str | None = None,
    expires_in_seconds: int | None = None,
) -> tuple[dict[str, str], str]:
    """The headers to send except ``signature`` (``content-digest`` when there is a body, and
    ``signature-input``) and the RFC 9421 signature base to sign with the key ``key_id``: for
    signing with a key held elsewhere (an HSM, a KMS). :func:`sign_request` does both steps."""
    if not isinstance(method, str) or method == "":
        raise TypeError("method must be a non-empty string")
    path, query = split_target(url)
    data = body.encode("utf-8") if isinstance(body, str) else (body or b"")
    nonce = nonce if nonce is not None else b64url_encode(secrets.token_bytes(16))
    if not _NONCE.match(nonce):
        raise ValueError("nonce must be 22-256 printable ASCII characters")
    created = _created_of(now)
    headers: dict[str, str] = {}
    components: list[tuple[str, str]] = [("@method", method.upper()), ("@path", path)]
    if query:
        components.append(("@query", query))
    if data:
        headers["content-digest"] = content_digest(data)
        components.append(("content-digest", headers["content-digest"]))
    params = (
        f";created={created};nonce={_sf_string(nonce)};keyid={_sf_string(key_id)}"
        f';alg="{SIGNATURE_ALG}";tag="{SIGNATURE_TAG}"'
    )
    if expires_in_seconds is not None:
        if isinstance(expires_in_seconds, bool) or not isinstance(expires_in_seconds, int):
            raise TypeError("expires_in_seconds must be an int")
        if expires_in_seconds <= 0:
            raise ValueError("expires_in_seconds must be positive")
        params += f";expires={created + expires_in_seconds}"
    inner = "(" + " ".join(f'"{name}"' for name, _ in components) + ")" + params
    headers["signature-input"] = f"{SIGNATURE_LABEL}={inner}"
    return headers, signature_base(components, inner)


def sign_request(
    method: str,
    url: str,
    key: AgentKey,
    body: bytes | str | None = None,
    *,
    now: datetime | float | None = None,
    nonce: str | None = None,
    expires_in_seconds: int | None = None,
) -> dict[str, str]:
    """Signs an agent request (PROTOCOL.md §3) and returns the headers to add:
    ``content-digest`` (when there is a body), ``signature-input`` and ``signature``.

    ``url`` is absolute or ``path?query`` exactly as sent; ``now`` (a timezone-aware datetime or
    unix seconds) defaults to the current time; ``nonce`` to 16 fresh random bytes (base64url).

    Example::

        body = json.dumps({"action": action}).encode()
        headers = sign_request("POST", "http://127.0.0.1:8787/v1/authorize", key, body)
        httpx.post("http://127.0.0.1:8787/v1/authorize", content=body,
                   headers={**headers, "content-type": "application/json"})
    """
    headers, base = prepare_signature(
        method, url, key.kid, body, now=now, nonce=nonce, expires_in_seconds=expires_in_seconds
    )
    headers["signature"] = f"{SIGNATURE_LABEL}=:{b64_encode(key.sign(base.encode('utf-8')))}:"
    return headers


class SigningAuth(httpx.Auth):
    """An ``httpx`` authentication flow that signs every request with the agent's key
    (RFC 9421, PROTOCOL.md §3): works with ``httpx.Client`` and ``httpx.AsyncClient`` and with
    the generated client (``httpx_args={"auth": SigningAuth(key)}``). Each request, retries
    included, gets a fresh nonce, since the server refuses a replayed one.
    """

    requires_request_body = True

    def __init__(self, key: AgentKey, *, expires_in_seconds: int | None = None) -> None:
        self.key = key
        self.expires_in_seconds = expires_in_seconds

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        # raw_path is the path and query exactly as httpx sends them (percent-encoding kept).
        target = request.url.raw_path.decode("ascii")
        headers = sign_request(
            request.method,
            target,
            self.key,
            request.content,
            expires_in_seconds=self.expires_in_seconds,
        )
        for name, value in headers.items():
            request.headers[name] = value
        yield request
