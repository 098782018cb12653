"""A bounded cache of issuers' JWK Sets (RFC 7517) and ``verify_proof_offline`` on top of it."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from .errors import OpenLeashError, ProofTokenError
from .proofs import DEFAULT_CLOCK_TOLERANCE_SECONDS, VerifiedProof, verify_proof

__all__ = ["AsyncJwksCache", "JwksCache", "verify_proof_offline", "verify_proof_offline_async"]


@dataclass
class _Entry:
    jwks: dict[str, Any] | None = None
    fetched_at: float = float("-inf")
    failed_at: float = float("-inf")


def _parse_jwks(response: httpx.Response, max_bytes: int) -> dict[str, Any]:
    if response.status_code != 200:
        raise OpenLeashError("JWKS_UNAVAILABLE", f"JWKS answered HTTP {response.status_code}")
    if len(response.content) > max_bytes:
        raise OpenLeashError("JWKS_UNAVAILABLE", "JWKS is larger than max_bytes")
    try:
        body = response.json()
    except ValueError:
        raise OpenLeashError("JWKS_UNAVAILABLE", "JWKS is not JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("keys"), list):
        raise OpenLeashError("JWKS_UNAVAILABLE", "response is not a JWK Set")
    return body


class _CacheBase:
    def __init__(
        self,
        *,
        ttl_seconds: float = 300.0,
        min_refresh_interval_seconds: float = 30.0,
        max_entries: int = 32,
        max_bytes: int = 64 * 1024,
        timeout_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be >= 1")
        self.ttl_seconds = ttl_seconds
        self.min_refresh_interval_seconds = min_refresh_interval_seconds
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.timeout_seconds = timeout_seconds
        self._clock = clock
        self._entries: OrderedDict[str, _Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        """Forgets every cached JWKS."""
        self._entries.clear()

    def _touch(self, url: str) -> _Entry:
        entry = self._entries.pop(url, None) or _Entry()
        self._entries[url] = entry
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
        return entry

    def _cached(self, entry: _Entry, force_refresh: bool) -> dict[str, Any] | None:
        """The cached set when it may be used without fetching, else None (fetch)."""
        now = self._clock()
        age = now - entry.fetched_at
        if entry.jwks is not None and not force_refresh and age < self.ttl_seconds:
            return entry.jwks
        # An unknown kid refreshes at most once per interval: a flood of tokens with made-up kids
        # cannot become a flood of fetches.
        if entry.jwks is not None and force_refresh and age < self.min_refresh_interval_seconds:
            return entry.jwks
        if entry.jwks is None and now - entry.failed_at < self.min_refresh_interval_seconds:
            raise OpenLeashError("JWKS_UNAVAILABLE", "JWKS fetch failed recently")
        return None


class JwksCache(_CacheBase):
    """Thread-safe JWKS cache for synchronous code. A set is reused for ``ttl_seconds``; an unknown
    ``kid`` refreshes it at most once per ``min_refresh_interval_seconds`` (PROTOCOL.md §5: rotation
    publishes new keys before use, so a refresh finds them).

    Example::

        cache = JwksCache()
        proof = verify_proof_offline(token, issuer="http://127.0.0.1:8787", cache=cache,
                                     audience="storeco.example", action=action)
    """

    def __init__(self, *, http_client: httpx.Client | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._http = http_client
        self._lock = threading.Lock()

    def get(self, url: str, *, force_refresh: bool = False) -> dict[str, Any]:
        """The JWKS at ``url``, from the cache while fresh."""
        with self._lock:
            entry = self._touch(url)
            cached = self._cached(entry, force_refresh)
            if cached is not None:
                return cached
            try:
                if self._http is not None:
                    response = self._http.get(url, timeout=self.timeout_seconds)
                else:
                    response = httpx.get(url, timeout=self.timeout_seconds)
                entry.jwks = _parse_jwks(response, self.max_bytes)
            except httpx.HTTPError as err:
                entry.failed_at = self._clock()
                raise OpenLeashError("JWKS_UNAVAILABLE", f"JWKS fetch failed: {type(err).__name__}") from None
            except OpenLeashError:
                entry.failed_at = self._clock()
                raise
            entry.fetched_at = self._clock()
            return entry.jwks


class AsyncJwksCache(_CacheBase):
    """The :class:`JwksCache` for asyncio code (one fetch at a time per cache)."""

    def __init__(self, *, http_client: httpx.AsyncClient | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._http = http_client
        self._lock: asyncio.Lock | None = None

    async def get(self, url: str, *, force_refresh: bool = False) -> dict[str, Any]:
        """The JWKS at ``url``, from the cache while fresh."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            entry = self._touch(url)
            cached = self._cached(entry, force_refresh)
            if cached is not None:
                return cached
            try:
                if self._http is not None:
                    response = await self._http.get(url, timeout=self.timeout_seconds)
                else:
                    async with httpx.AsyncClient() as client:
                        response = await client.get(url, timeout=self.timeout_seconds)
                entry.jwks = _parse_jwks(response, self.max_bytes)
            except httpx.HTTPError as err:
                entry.failed_at = self._clock()
                raise OpenLeashError("JWKS_UNAVAILABLE", f"JWKS fetch failed: {type(err).__name__}") from None
            except OpenLeashError:
                entry.failed_at = self._clock()
                raise
            entry.fetched_at = self._clock()
            return entry.jwks


_default_cache: JwksCache | None = None
_default_async_cache: AsyncJwksCache | None = None


def _jwks_url(jwks: object, jwks_url: str | None, issuer: str | None) -> str | None:
    if jwks is not None and jwks_url is not None:
        raise TypeError("pass either jwks or jwks_url, not both")
    if jwks is None and jwks_url is None and not issuer:
        raise TypeError("pass jwks, jwks_url or issuer")
    if jwks is not None:
        return None
    return jwks_url or f"{(issuer or '').rstrip('/')}/.well-known/jwks.json"


def verify_proof_offline(
    token: str,
    *,
    jwks: Mapping[str, Any] | None = None,
    jwks_url: str | None = None,
    issuer: str | None = None,
    action: Mapping[str, Any] | None = None,
    action_hash: str | None = None,
    audience: str | None = None,
    now: datetime | float | None = None,
    clock_tolerance_seconds: float = DEFAULT_CLOCK_TOLERANCE_SECONDS,
    cache: JwksCache | None = None,
) -> VerifiedProof:
    """Verifies a proof token without calling OpenLeash (PROTOCOL.md §5). Keys come from ``jwks``,
    or from ``jwks_url`` / ``<issuer>/.well-known/jwks.json`` through ``cache`` (default: one shared
    cache per process), refreshed once when the token names an unknown ``kid``. Raises
    :class:`ProofTokenError` (``INVALID_SIGNATURE``, ``TOKEN_EXPIRED``, ``ACTION_HASH_MISMATCH``...).

    Pass ``issuer`` (and ``audience``, ``action``) whenever you know them: without ``issuer`` a token
    from any issuer whose keys you supplied would be accepted.

    Example::

        proof = verify_proof_offline(token, issuer="https://leash.alice.example",
                                     audience="storeco.example", action=received_action)
    """
    global _default_cache
    url = _jwks_url(jwks, jwks_url, issuer)
    options: dict[str, Any] = {
        "action": action,
        "action_hash": action_hash,
        "audience": audience,
        "issuer": issuer,
        "now": now,
        "clock_tolerance_seconds": clock_tolerance_seconds,
    }
    if url is None:
        assert jwks is not None
        return verify_proof(token, jwks, **options)
    if cache is None:
        _default_cache = _default_cache or JwksCache()
        cache = _default_cache
    try:
        return verify_proof(token, cache.get(url), **options)
    except ProofTokenError as err:
        if err.code != "UNKNOWN_KID":
            raise
    return verify_proof(token, cache.get(url, force_refresh=True), **options)


async def verify_proof_offline_async(
    token: str,
    *,
    jwks: Mapping[str, Any] | None = None,
    jwks_url: str | None = None,
    issuer: str | None = None,
    action: Mapping[str, Any] | None = None,
    action_hash: str | None = None,
    audience: str | None = None,
    now: datetime | float | None = None,
    clock_tolerance_seconds: float = DEFAULT_CLOCK_TOLERANCE_SECONDS,
    cache: AsyncJwksCache | None = None,
) -> VerifiedProof:
    """:func:`verify_proof_offline` for asyncio code (the JWKS is fetched with ``httpx.AsyncClient``)."""
    global _default_async_cache
    url = _jwks_url(jwks, jwks_url, issuer)
    options: dict[str, Any] = {
        "action": action,
        "action_hash": action_hash,
        "audience": audience,
        "issuer": issuer,
        "now": now,
        "clock_tolerance_seconds": clock_tolerance_seconds,
    }
    if url is None:
        assert jwks is not None
        return verify_proof(token, jwks, **options)
    if cache is None:
        _default_async_cache = _default_async_cache or AsyncJwksCache()
        cache = _default_async_cache
    try:
        return verify_proof(token, await cache.get(url), **options)
    except ProofTokenError as err:
        if err.code != "UNKNOWN_KID":
            raise
    return verify_proof(token, await cache.get(url, force_refresh=True), **options)
