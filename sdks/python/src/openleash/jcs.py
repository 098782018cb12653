"""RFC 8785 JSON Canonicalization Scheme and the OpenLeash action hash (PROTOCOL.md §2)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from typing import Any

import rfc8785

from ._encoding import b64url_encode
from .errors import CanonicalizationError

__all__ = ["action_hash", "canonicalize", "canonicalize_bytes"]

# Integers outside ±(2**53 - 1) have no exact IEEE 754 double: a JSON parser in JavaScript (the
# server) reads them as the nearest double, so the canonical form is that double's (RFC 8785
# §3.2.2.3, ECMAScript Number::toString). float(int) rounds to nearest, ties to even, like JSON.parse.
_SAFE_INT = 2**53 - 1
_MAX_DEPTH = 1000


def _to_json_model(value: Any, path: str, depth: int) -> Any:
    """Copies ``value`` into the I-JSON data model of RFC 8785 §3.1, or raises with the path."""
    if depth > _MAX_DEPTH:
        raise CanonicalizationError(f"nesting deeper than {_MAX_DEPTH} at {path or '/'}")
    if value is None or isinstance(value, (bool, str)):
        if isinstance(value, str):
            _check_text(value, path)
        return value
    if isinstance(value, int):
        return float(value) if abs(value) > _SAFE_INT else int(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise CanonicalizationError(f"non-finite number at {path or '/'}")
        return float(value)
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, member in value.items():
            if not isinstance(key, str):
                raise CanonicalizationError(f"object key is not a string at {path or '/'}")
            _check_text(key, path)
            out[key] = _to_json_model(member, f"{path}/{_pointer(key)}", depth + 1)
        return out
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray, memoryview)):
        return [_to_json_model(item, f"{path}/{i}", depth + 1) for i, item in enumerate(value)]
    raise CanonicalizationError(f"{type(value).__name__} is not a JSON value at {path or '/'}")


def _pointer(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _check_text(text: str, path: str) -> None:
    # A lone surrogate (from json.loads of "\ud800", say) has no UTF-8 encoding (RFC 8785 §3.2.2.2).
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalizationError(f"lone surrogate in a string at {path or '/'}") from None


def canonicalize_bytes(value: Any) -> bytes:
    """The RFC 8785 canonical form of ``value`` as UTF-8 bytes.

    ``value`` is JSON data as ``json.loads`` returns it (dict, list, str, int, float, bool, None;
    any Mapping/Sequence is accepted). Raises :class:`CanonicalizationError` for anything else.
    """
    model = _to_json_model(value, "", 0)
    try:
        return rfc8785.dumps(model)
    except rfc8785.CanonicalizationError as err:  # pragma: no cover - pre-checked above
        raise CanonicalizationError(str(err)) from None


def canonicalize(value: Any) -> str:
    """The RFC 8785 (JCS) canonical JSON text of ``value``.

    Example::

        >>> canonicalize({"b": 1.50, "a": [1e21, "€"]})
        '{"a":[1e+21,"€"],"b":1.5}'
    """
    return canonicalize_bytes(value).decode("utf-8")


def action_hash(action: Mapping[str, Any]) -> str:
    """``action_hash`` of PROTOCOL.md §2: base64url (no padding) of SHA-256 over the UTF-8 bytes of
    the RFC 8785 canonical form of the action exactly as sent.

    Example::

        >>> action_hash({"id": "a1", "type": "purchase", "payload": {"amount_minor": 8500}})
        'pDUgo...'  # 43 characters
    """
    if not isinstance(action, Mapping):
        raise TypeError("action must be a JSON object (a dict)")
    return b64url_encode(hashlib.sha256(canonicalize_bytes(action)).digest())
