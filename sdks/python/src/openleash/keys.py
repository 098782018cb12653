"""Agent keys: Ed25519 (RFC 8032) as OKP JWKs (RFC 8037) with RFC 7638 key ids (PROTOCOL.md §3)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from ._encoding import b64url_decode, b64url_encode
from .errors import InvalidKeyError

__all__ = ["AgentKey", "generate_agent_key", "import_agent_key", "jwk_thumbprint", "public_key_from_jwk"]


def _public_jwk_of(public_key: Ed25519PublicKey) -> dict[str, str]:
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}


def _check_okp(jwk: Mapping[str, Any]) -> None:
    if not isinstance(jwk, Mapping) or jwk.get("kty") != "OKP" or jwk.get("crv") != "Ed25519":
        raise InvalidKeyError("not an OKP/Ed25519 JWK")


def jwk_thumbprint(jwk: Mapping[str, Any]) -> str:
    """RFC 7638 SHA-256 thumbprint (base64url) of an OKP/Ed25519 JWK: the hash of the required
    members ``crv``, ``kty``, ``x`` in lexicographic order without whitespace (RFC 8037 §2)."""
    _check_okp(jwk)
    x = jwk.get("x")
    if not isinstance(x, str) or b64url_decode(x) is None or len(b64url_decode(x) or b"") != 32:
        raise InvalidKeyError("x is not a 32-byte base64url value")
    text = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True)
    return b64url_encode(hashlib.sha256(text.encode("ascii")).digest())


def public_key_from_jwk(jwk: Mapping[str, Any]) -> Ed25519PublicKey:
    """Imports an OKP/Ed25519 public JWK; raises :class:`InvalidKeyError` when it is not one."""
    _check_okp(jwk)
    raw = b64url_decode(jwk.get("x", "")) if isinstance(jwk.get("x"), str) else None
    if raw is None or len(raw) != 32:
        raise InvalidKeyError("x is not a 32-byte base64url value")
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class AgentKey:
    """An agent's Ed25519 key: ``kid`` (RFC 7638 thumbprint, the RFC 9421 ``keyid``), the public
    JWK to register and the private key, which never leaves the agent.

    Store :attr:`private_jwk` secretly and reload it with :func:`import_agent_key`.
    """

    kid: str
    public_jwk: dict[str, str]
    _private_key: Ed25519PrivateKey = field(repr=False, compare=False)

    @property
    def private_jwk(self) -> dict[str, str]:
        """The private key as an RFC 8037 OKP JWK with ``d``. Keep it secret."""
        raw = self._private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return {**self.public_jwk, "d": b64url_encode(raw)}

    def sign(self, data: bytes) -> bytes:
        """Ed25519 signature (RFC 8032) of ``data``: 64 bytes."""
        return self._private_key.sign(data)


def _from_private_key(private_key: Ed25519PrivateKey) -> AgentKey:
    public_jwk = _public_jwk_of(private_key.public_key())
    return AgentKey(kid=jwk_thumbprint(public_jwk), public_jwk=public_jwk, _private_key=private_key)


def generate_agent_key() -> AgentKey:
    """Generates a fresh agent key pair (PROTOCOL.md §1: the private key never leaves the agent).

    Example::

        key = generate_agent_key()
        Path("agent-key.json").write_text(json.dumps(key.private_jwk))  # chmod 600
    """
    return _from_private_key(Ed25519PrivateKey.generate())


def import_agent_key(private_jwk: Mapping[str, Any]) -> AgentKey:
    """Loads an agent key from its private JWK (as written by :func:`generate_agent_key` or
    printed by ``openleash init``). Checks that ``x``, when present, is the public half of ``d``."""
    _check_okp(private_jwk)
    d = private_jwk.get("d")
    raw = b64url_decode(d) if isinstance(d, str) else None
    if raw is None or len(raw) != 32:
        raise InvalidKeyError("d is not a 32-byte base64url value")
    key = _from_private_key(Ed25519PrivateKey.from_private_bytes(raw))
    if "x" in private_jwk and private_jwk["x"] != key.public_jwk["x"]:
        raise InvalidKeyError("x is not the public key of d")
    return key
