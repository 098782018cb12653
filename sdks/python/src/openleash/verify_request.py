"""Verification of agent request signatures (PROTOCOL.md §3; RFC 9421 §3.2 with the OpenLeash
profile), for services that receive requests signed by OpenLeash agents."""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ._sf import InnerList, Item, SfError, parse_dictionary, serialize_inner_list
from .errors import InvalidKeyError, OpenLeashError
from .keys import public_key_from_jwk
from .signing import SIGNATURE_ALG, SIGNATURE_TAG, signature_base

__all__ = ["RequestSignatureError", "VerifiedRequest", "verify_request"]

KeyResolver = Callable[[str], "Ed25519PublicKey | Mapping[str, object] | None"]


class RequestSignatureError(OpenLeashError):
    """An agent request signature failed verification. Codes: ``MALFORMED_SIGNATURE``,
    ``MISSING_COMPONENT``, ``DIGEST_MISMATCH``, ``CLOCK_SKEW``, ``SIGNATURE_EXPIRED``,
    ``INVALID_SIGNATURE`` (also for an unknown key: the two are indistinguishable)."""


@dataclass(frozen=True)
class VerifiedRequest:
    """What a verified signature establishes. Record ``nonce`` for ``key_id`` (refusing a second
    use) only after verification succeeded."""

    key_id: str
    nonce: str
    created: int
    expires: int | None
    label: str


def _fail(code: str, message: str) -> RequestSignatureError:
    return RequestSignatureError(code, message)


def _field(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value.strip(" \t")
    return None


def _dictionary(headers: Mapping[str, str], name: str) -> dict[str, Item | InnerList]:
    value = _field(headers, name)
    if value is None:
        raise _fail("MALFORMED_SIGNATURE", f"{name} header is missing")
    try:
        return parse_dictionary(value)
    except SfError:
        raise _fail("MALFORMED_SIGNATURE", f"{name} is not a valid structured field") from None


def _select(
    inputs: dict[str, Item | InnerList], sigs: dict[str, Item | InnerList]
) -> tuple[str, InnerList, bytes]:
    tagged = [
        (k, m) for k, m in inputs.items() if isinstance(m, InnerList) and m.params.get("tag") == SIGNATURE_TAG
    ]
    if len(tagged) != 1:
        raise _fail("MALFORMED_SIGNATURE", f"expected exactly one signature tagged {SIGNATURE_TAG}")
    label, inner = tagged[0]
    assert isinstance(inner, InnerList)
    sig = sigs.get(label)
    if not isinstance(sig, Item) or not isinstance(sig.value, bytes) or len(sig.value) != 64:
        raise _fail("MALFORMED_SIGNATURE", f"Signature has no 64-byte value for {label}")
    return label, inner, sig.value


def _int_param(inner: InnerList, name: str, required: bool) -> int | None:
    value = inner.params.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail("MALFORMED_SIGNATURE", f"parameter {name} must be an integer")
    return value


def _str_param(inner: InnerList, name: str) -> str:
    value = inner.params.get(name)
    if not isinstance(value, str) or value == "":
        raise _fail("MALFORMED_SIGNATURE", f"parameter {name} must be a string")
    return value


def _check_coverage(inner: InnerList, query: str, has_body: bool) -> list[str]:
    covered = []
    for item in inner.items:
        if not isinstance(item.value, str) or item.value == "" or item.value != item.value.lower():
            raise _fail("MALFORMED_SIGNATURE", "component identifiers must be lowercase strings")
        if item.params:
            raise _fail("MALFORMED_SIGNATURE", f"component {item.value} has parameters")
        covered.append(item.value)
    required = (
        ["@method", "@path"]
        + (["@query"] if len(query) > 1 else [])
        + (["content-digest"] if has_body else [])
    )
    for name in required:
        if name not in covered:
            raise _fail("MISSING_COMPONENT", f"{name} is not covered")
    return covered


def _check_digest(headers: Mapping[str, str], body: bytes) -> None:
    value = _field(headers, "content-digest")
    if value is None:
        raise _fail("MISSING_COMPONENT", "content-digest is covered but absent")
    try:
        member = parse_dictionary(value).get("sha-256")
    except SfError:
        member = None
    if not isinstance(member, Item) or not isinstance(member.value, bytes) or len(member.value) != 32:
        raise _fail("MALFORMED_SIGNATURE", "Content-Digest has no valid sha-256 member")
    if not hmac.compare_digest(member.value, hashlib.sha256(body).digest()):
        raise _fail("DIGEST_MISMATCH", "Content-Digest does not match the body")


def _component(name: str, method: str, path: str, query: str, headers: Mapping[str, str]) -> str:
    if name == "@method":
        return method
    if name == "@path":
        return path or "/"
    if name == "@query":
        return query or "?"  # RFC 9421 §2.2.7: no query is "?"
    value = None if name.startswith("@") else _field(headers, name)
    if value is None:
        raise _fail("MALFORMED_SIGNATURE", f"component {name} is absent from the message")
    return value


def _resolve(resolve_key: KeyResolver, key_id: str) -> Ed25519PublicKey | None:
    found = resolve_key(key_id)
    if isinstance(found, Ed25519PublicKey) or found is None:
        return found
    try:
        return public_key_from_jwk(found)
    except InvalidKeyError:
        return None


def verify_request(
    *,
    method: str,
    path: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    resolve_key: KeyResolver,
    now: datetime | float | None = None,
    max_skew_seconds: int = 120,
) -> VerifiedRequest:
    """Verifies an OpenLeash agent request signature: strict structured-field parsing, the
    required coverage, ``alg="ed25519"`` and ``tag="openleash"``, ``created`` within
    ±``max_skew_seconds``, ``expires`` not past, Content-Digest equal to the body's SHA-256, then the
    Ed25519 signature with the key ``resolve_key(keyid)`` returns (a public key or JWK; None when
    unknown). ``path`` and ``query`` (``""`` or ``"?..."``) are exactly as received. Nonces are NOT
    checked here: record ``nonce`` for ``key_id`` after this returns, and refuse a second use.
    """
    if query and not query.startswith("?"):
        raise ValueError('query must be "" or start with "?"')
    label, inner, sig = _select(_dictionary(headers, "signature-input"), _dictionary(headers, "signature"))
    created = _int_param(inner, "created", True)
    expires = _int_param(inner, "expires", False)
    nonce, key_id = _str_param(inner, "nonce"), _str_param(inner, "keyid")
    assert created is not None
    if inner.params.get("alg") != SIGNATURE_ALG:
        raise _fail("MALFORMED_SIGNATURE", f"parameter alg must be {SIGNATURE_ALG}")
    if not 22 <= len(nonce) <= 256:
        raise _fail("MALFORMED_SIGNATURE", "nonce is too short or too long")
    if expires is not None and expires <= created:
        raise _fail("MALFORMED_SIGNATURE", "expires is not after created")
    covered = _check_coverage(inner, query, len(body) > 0)
    if now is None:
        now_s = math.floor(time.time())
    else:
        now_s = math.floor(now.timestamp() if isinstance(now, datetime) else now)
    if abs(now_s - created) > max_skew_seconds:
        raise _fail("CLOCK_SKEW", "created is outside the accepted window")
    if expires is not None and now_s >= expires:
        raise _fail("SIGNATURE_EXPIRED", "signature has expired")
    if "content-digest" in covered:
        _check_digest(headers, body)
    if len(set(covered)) != len(covered):
        raise _fail("MALFORMED_SIGNATURE", "a component is covered twice")
    try:
        components = [(name, _component(name, method, path, query, headers)) for name in covered]
        base = signature_base(components, serialize_inner_list(inner))
    except (ValueError, SfError) as err:
        if isinstance(err, RequestSignatureError):
            raise
        raise _fail("MALFORMED_SIGNATURE", "the signature base cannot be built") from None
    key = _resolve(resolve_key, key_id)
    try:
        if key is None:
            raise InvalidSignature
        key.verify(sig, base.encode("utf-8"))
    except InvalidSignature:
        raise _fail("INVALID_SIGNATURE", "signature does not verify") from None
    return VerifiedRequest(key_id=key_id, nonce=nonce, created=created, expires=expires, label=label)
