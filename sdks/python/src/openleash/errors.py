"""Errors of the OpenLeash SDK.

One base class, :class:`OpenLeashError`, with a stable machine-readable ``code`` (the same codes as
the TypeScript and Go SDKs). Problems the server answered with keep their RFC 9457 members.
Messages never contain a token, a key or a signature.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "CanonicalizationError",
    "InvalidKeyError",
    "OpenLeashApiError",
    "OpenLeashError",
    "ProofTokenError",
]


class OpenLeashError(Exception):
    """Base class of every error the SDK raises (caller misuse is a ``TypeError``/``ValueError``).

    ``code`` is one of the SDK's codes (``APPROVAL_TIMEOUT``, ``APPROVAL_DENIED``,
    ``APPROVAL_EXPIRED``, ``INVALID_INVITE``, ``JWKS_UNAVAILABLE``, ``UNEXPECTED_RESPONSE``), a token
    or signature code, or the server's problem ``code``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.code}: {self.args[0]}"


class OpenLeashApiError(OpenLeashError):
    """The server refused a request (4xx/5xx) with an RFC 9457 problem document.

    A DENY decision is not an error: it is a 200 answer of ``authorize``.
    """

    def __init__(self, status: int, problem: Mapping[str, Any]) -> None:
        title = str(problem.get("title") or f"HTTP {status}")
        detail = problem.get("detail")
        code = problem.get("code")
        super().__init__(
            code if isinstance(code, str) and code else f"HTTP_{status}",
            f"{title}: {detail}" if detail else title,
        )
        self.status = status
        self.title = title
        self.detail = detail if isinstance(detail, str) else None
        self.problem: dict[str, Any] = dict(problem)

    @classmethod
    def from_response(cls, status: int, content: bytes) -> OpenLeashApiError:
        """Builds the error from a failed response; a body that is not a problem document (a
        proxy's HTML page, say) still yields an error with code ``HTTP_<status>``."""
        import json

        try:
            body = json.loads(content)
        except ValueError:
            body = None
        if (
            isinstance(body, dict)
            and isinstance(body.get("code"), str)
            and isinstance(body.get("title"), str)
        ):
            return cls(status, body)
        return cls(
            status,
            {"title": f"HTTP {status}", "detail": "the server did not answer with a problem document"},
        )


class ProofTokenError(OpenLeashError):
    """A proof token failed verification (PROTOCOL.md §5).

    Codes: ``MALFORMED_TOKEN``, ``UNSUPPORTED_ALGORITHM``, ``UNKNOWN_KID``, ``INVALID_SIGNATURE``,
    ``WRONG_TYP``, ``ISSUER_MISMATCH``, ``AUDIENCE_MISMATCH``, ``TOKEN_EXPIRED``, ``NOT_YET_VALID``,
    ``ACTION_HASH_MISMATCH``.
    """

    def __init__(self, code: str, message: str, claim: str | None = None) -> None:
        super().__init__(code, message)
        self.claim = claim


class CanonicalizationError(OpenLeashError):
    """A value cannot be canonicalized per RFC 8785 (NaN, infinity, a non-string key, a lone
    surrogate, a value that is not JSON). Code ``INVALID_JSON_VALUE``."""

    def __init__(self, message: str) -> None:
        super().__init__("INVALID_JSON_VALUE", message)


class InvalidKeyError(OpenLeashError):
    """A JWK is not a valid OKP/Ed25519 key, or ``x`` is not the public half of ``d``.
    Code ``INVALID_KEY``."""

    def __init__(self, message: str) -> None:
        super().__init__("INVALID_KEY", message)
