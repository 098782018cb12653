"""Base64 helpers (RFC 4648): base64url without padding for JOSE, standard base64 for RFC 9421."""

from __future__ import annotations

import base64
import binascii
import re

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")


def b64url_encode(data: bytes) -> str:
    """base64url without padding (RFC 7515 §2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes | None:
    """Strict base64url without padding; None when ``text`` is not canonical base64url."""
    if not isinstance(text, str) or not _B64URL.match(text) or len(text) % 4 == 1:
        return None
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    # Reject non-canonical encodings (stray bits in the last character).
    return data if b64url_encode(data) == text else None


def b64_encode(data: bytes) -> str:
    """Standard base64 with padding (RFC 8941 byte sequences, RFC 9530 digests)."""
    return base64.b64encode(data).decode("ascii")
