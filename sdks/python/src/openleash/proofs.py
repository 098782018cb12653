"""Offline verification of OpenLeash proof tokens (PROTOCOL.md §5): EdDSA JWS (RFC 7515, RFC 8037)
verified with PyJWT against the issuer's JWKS, then the claims and the recomputed action hash."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ._encoding import b64url_decode
from .errors import InvalidKeyError, ProofTokenError
from .jcs import action_hash as compute_action_hash
from .keys import jwk_thumbprint, public_key_from_jwk

__all__ = [
    "APPROVAL_TYP",
    "DEFAULT_CLOCK_TOLERANCE_SECONDS",
    "MAX_TOKEN_LENGTH",
    "PROOF_TYP",
    "KeySource",
    "VerifiedProof",
    "check_proof_claims",
    "key_for_kid",
    "verify_approval_token",
    "verify_proof",
    "verify_proof_chain",
]

PROOF_TYP = "openleash-proof+jwt"
"""JWS ``typ`` of proof tokens (RFC 8725 §3.11 explicit typing)."""
APPROVAL_TYP = "openleash-approval+jwt"
"""JWS ``typ`` of approval tokens (PROTOCOL.md §6)."""
MAX_TOKEN_LENGTH = 16_384
"""Longer tokens are refused before any parsing."""
DEFAULT_CLOCK_TOLERANCE_SECONDS = 5.0
"""Slack applied to ``exp``/``nbf``/``iat``."""
_ASSURANCE = ("LOW", "SUBSTANTIAL", "HIGH")

KeySource = Mapping[str, Any] | Callable[[str], Mapping[str, Any] | None]
"""A JWKS (``{"keys": [...]}``) or a function from ``kid`` to a public JWK (or None)."""


@dataclass(frozen=True)
class VerifiedProof:
    """A verified proof: its claims (``iss``, ``sub``, ``aud``, ``exp``, ``jti``, ``action_hash``,
    ``owner``, ``policy_version``, ``matched_rule``, ...) and its JWS protected header."""

    claims: dict[str, Any]
    header: dict[str, Any]


def _fail(code: str, message: str, claim: str | None = None) -> ProofTokenError:
    return ProofTokenError(code, message, claim)


def key_for_kid(source: KeySource, kid: str) -> Ed25519PublicKey | None:
    """The Ed25519 key whose RFC 7638 thumbprint is ``kid`` in a JWKS (or from a resolver). An
    entry's own ``kid`` must be its thumbprint, so no entry can lend its kid to another key; entries
    that are not Ed25519 keys (RSA, another curve) are skipped."""
    if callable(source):
        candidates: list[Any] = [source(kid)]
    else:
        keys = source.get("keys") if isinstance(source, Mapping) else None
        if not isinstance(keys, list):
            raise TypeError('jwks must be {"keys": [...]} or a function of kid')
        candidates = [k for k in keys if isinstance(k, Mapping) and k.get("kid", kid) == kid]
    for jwk in candidates:
        if not isinstance(jwk, Mapping):
            continue
        try:
            if jwk_thumbprint(jwk) == kid:
                return public_key_from_jwk(jwk)
        except InvalidKeyError:
            continue
    return None


def _decode_header(token: str) -> dict[str, Any]:
    if not isinstance(token, str) or token == "":
        raise _fail("MALFORMED_TOKEN", "token is not a string")
    if len(token) > MAX_TOKEN_LENGTH:
        raise _fail("MALFORMED_TOKEN", "token is too long")
    parts = token.split(".")
    if len(parts) != 3 or any(b64url_decode(p) is None for p in parts):
        raise _fail("MALFORMED_TOKEN", "token is not a JWS compact serialization")
    try:
        header = json.loads(b64url_decode(parts[0]) or b"")
    except ValueError:
        raise _fail("MALFORMED_TOKEN", "header is not UTF-8 JSON") from None
    if not isinstance(header, dict):
        raise _fail("MALFORMED_TOKEN", "header is not an object")
    return header


def _verify_signature(
    token: str, source: KeySource, typ: str = PROOF_TYP
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Structure, alg allow-list (EdDSA only: no ``none``, no HMAC/RSA confusion), key by ``kid``,
    the Ed25519 signature (PyJWT), then ``typ``. Returns (header, payload)."""
    header = _decode_header(token)
    if header.get("alg") != "EdDSA":
        raise _fail("UNSUPPORTED_ALGORITHM", "alg is not EdDSA")
    # RFC 7515 §4.1.11: extensions we do not implement (b64=false...) make the token invalid.
    if "crit" in header:
        raise _fail("MALFORMED_TOKEN", "crit header parameters are not supported")
    kid = header.get("kid")
    if not isinstance(kid, str) or kid == "":
        raise _fail("MALFORMED_TOKEN", "kid is missing")
    key = key_for_kid(source, kid)
    if key is None:
        raise _fail("UNKNOWN_KID", f"no key with kid {kid}")
    try:
        decoded = jwt.api_jws.PyJWS().decode_complete(token, key=key, algorithms=["EdDSA"])
    except jwt.exceptions.InvalidSignatureError:
        raise _fail("INVALID_SIGNATURE", "signature does not verify") from None
    except jwt.exceptions.PyJWTError:
        raise _fail("MALFORMED_TOKEN", "token could not be decoded") from None
    if header.get("typ") != typ:
        raise _fail("WRONG_TYP", f"typ is not {typ}")
    try:
        payload = json.loads(decoded["payload"])
    except ValueError:
        raise _fail("MALFORMED_TOKEN", "payload is not UTF-8 JSON") from None
    if not isinstance(payload, dict):
        raise _fail("MALFORMED_TOKEN", "payload is not an object")
    return header, payload


def _string_claim(payload: Mapping[str, Any], claim: str, required: bool = True) -> str | None:
    value = payload.get(claim)
    if value is None and not required and claim not in payload:
        return None
    if not isinstance(value, str) or value == "":
        raise _fail("MALFORMED_TOKEN", f"claim {claim} must be a non-empty string", claim)
    return value


def _numeric_date(payload: Mapping[str, Any], claim: str, required: bool) -> float | None:
    if claim not in payload and not required:
        return None
    value = payload.get(claim)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail("MALFORMED_TOKEN", f"claim {claim} must be a NumericDate", claim)
    return float(value)


def _check_times(payload: Mapping[str, Any], now: float, tolerance: float) -> None:
    # RFC 7519 §4.1.4-§4.1.6 with `tolerance` seconds of slack.
    exp = _numeric_date(payload, "exp", True)
    iat = _numeric_date(payload, "iat", True)
    nbf = _numeric_date(payload, "nbf", False)
    assert exp is not None and iat is not None
    if now - tolerance >= exp:
        raise _fail("TOKEN_EXPIRED", "token has expired", "exp")
    if nbf is not None and now + tolerance < nbf:
        raise _fail("NOT_YET_VALID", "token is not valid yet", "nbf")
    if now + tolerance < iat:
        raise _fail("NOT_YET_VALID", "token is issued in the future", "iat")


def _check_audience(payload: Mapping[str, Any], audience: str | None) -> None:
    aud = payload.get("aud")
    if "aud" in payload and not (
        isinstance(aud, str) or (isinstance(aud, list) and all(isinstance(a, str) for a in aud))
    ):
        raise _fail("MALFORMED_TOKEN", "claim aud must be a string or an array of strings", "aud")
    if audience is None:
        return
    ok = aud == audience if isinstance(aud, str) else isinstance(aud, list) and audience in aud
    if not ok:
        raise _fail("AUDIENCE_MISMATCH", "token is not for this audience", "aud")


def check_proof_claims(payload: Mapping[str, Any]) -> None:
    """Structural checks of a verified proof payload (the claims table of PROTOCOL.md §5)."""
    for claim in ("sub", "jti", "action_type", "action_hash", "owner", "policy_version"):
        _string_claim(payload, claim)
    if payload.get("matched_rule") is not None or "matched_rule" not in payload:
        _string_claim(payload, "matched_rule")
    _string_claim(payload, "approval_id", required=False)
    if "assurance" in payload and payload["assurance"] not in _ASSURANCE:
        raise _fail("MALFORMED_TOKEN", "claim assurance is not a level", "assurance")
    if "chain" in payload:
        chain = payload["chain"]
        ok = isinstance(chain, list) and all(
            isinstance(link, Mapping)
            and isinstance(link.get("jti"), str)
            and link["jti"] != ""
            and isinstance(link.get("iss"), str)
            and link["iss"] != ""
            for link in chain
        )
        if not ok:
            raise _fail("MALFORMED_TOKEN", "claim chain is malformed", "chain")


def _now_seconds(now: datetime | float | None) -> float:
    if now is None:
        return float(math.floor(time.time()))
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        return float(math.floor(now.timestamp()))
    return float(math.floor(now))


def verify_proof(
    token: str,
    jwks: KeySource,
    *,
    action: Mapping[str, Any] | None = None,
    action_hash: str | None = None,
    audience: str | None = None,
    issuer: str | None = None,
    now: datetime | float | None = None,
    clock_tolerance_seconds: float = DEFAULT_CLOCK_TOLERANCE_SECONDS,
) -> VerifiedProof:
    """Verifies a proof token against a JWKS you already hold (PROTOCOL.md §5): signature first
    (a bad signature wins over every claim problem), then ``typ``, ``iss``, ``aud``, ``exp``/
    ``nbf``/``iat`` and the recomputed hash of the ``action`` the verifier actually received.
    Raises :class:`ProofTokenError` with a stable ``code``.

    Example::

        proof = verify_proof(token, jwks, issuer="https://leash.example",
                             audience="storeco.example", action=received_action)
        print(proof.claims["sub"], proof.claims["policy_version"])
    """
    if clock_tolerance_seconds < 0 or not math.isfinite(clock_tolerance_seconds):
        raise ValueError("clock_tolerance_seconds must be a non-negative number")
    header, payload = _verify_signature(token, jwks)
    iss = _string_claim(payload, "iss")
    if issuer is not None and iss != issuer:
        raise _fail("ISSUER_MISMATCH", "unexpected issuer", "iss")
    _check_audience(payload, audience)
    _check_times(payload, _now_seconds(now), clock_tolerance_seconds)
    check_proof_claims(payload)
    _check_action_hash(payload["action_hash"], action, action_hash)
    return VerifiedProof(claims=payload, header=header)


def _check_action_hash(token_hash: str, action: Mapping[str, Any] | None, action_hash: str | None) -> None:
    expected = action_hash
    if action is not None:
        recomputed = compute_action_hash(action)
        if expected is not None and expected != recomputed:
            raise ValueError("action and action_hash disagree")
        expected = recomputed
    if expected is not None and expected != token_hash:
        raise _fail("ACTION_HASH_MISMATCH", "token is for another action", "action_hash")


def verify_approval_token(
    token: str,
    jwks: KeySource,
    *,
    issuer: str,
    agent_id: str | None = None,
    action: Mapping[str, Any] | None = None,
    action_hash: str | None = None,
    min_assurance: str | None = None,
    audience: str | None = None,
    now: datetime | float | None = None,
    clock_tolerance_seconds: float = DEFAULT_CLOCK_TOLERANCE_SECONDS,
) -> VerifiedProof:
    """Verifies an approval token (``typ: openleash-approval+jwt``, PROTOCOL.md §6) offline: the
    signature, ``iss`` and ``aud`` (both the issuing instance), the times, that it was granted to
    ``agent_id`` (``SUBJECT_MISMATCH``) for ``action`` and at least ``min_assurance``
    (``INSUFFICIENT_ASSURANCE``). Single use is enforced by the server, not here."""
    header, payload = _verify_signature(token, jwks, APPROVAL_TYP)
    if _string_claim(payload, "iss") != issuer:
        raise _fail("ISSUER_MISMATCH", "unexpected issuer", "iss")
    _check_audience(payload, audience or issuer)
    _check_times(payload, _now_seconds(now), clock_tolerance_seconds)
    sub = _string_claim(payload, "sub")
    for claim in ("jti", "approval_id", "action_hash"):
        _string_claim(payload, claim)
    assurance = payload.get("assurance")
    if assurance not in _ASSURANCE:
        raise _fail("MALFORMED_TOKEN", "claim assurance is not a level", "assurance")
    if agent_id is not None and sub != agent_id:
        raise _fail("SUBJECT_MISMATCH", "token was granted to another agent", "sub")
    _check_action_hash(payload["action_hash"], action, action_hash)
    if min_assurance is not None and _ASSURANCE.index(assurance) < _ASSURANCE.index(min_assurance):
        raise _fail("INSUFFICIENT_ASSURANCE", "approval level is too low", "assurance")
    return VerifiedProof(claims=payload, header=header)


def _unverified_issuer(token: str) -> str:
    _decode_header(token)
    try:
        iss = json.loads(b64url_decode(token.split(".")[1]) or b"").get("iss")
    except (ValueError, AttributeError):
        raise _fail("MALFORMED_TOKEN", "payload is not a JSON object") from None
    if not isinstance(iss, str) or iss == "":
        raise _fail("MALFORMED_TOKEN", "claim iss is missing", "iss")
    return iss


def verify_proof_chain(
    tokens: list[str],
    jwks_by_issuer: Mapping[str, KeySource] | Callable[[str], KeySource | None],
    *,
    now: datetime | float | None = None,
    clock_tolerance_seconds: float = DEFAULT_CLOCK_TOLERANCE_SECONDS,
) -> list[VerifiedProof]:
    """Verifies a chain of proofs from possibly different OpenLeash instances, oldest first (the
    buyer's proof, then the seller's proof whose ``chain`` names it; PROTOCOL.md §5). Each token is
    verified against its own issuer's keys (an issuer you did not list is ``UNKNOWN_ISSUER``); the
    newest at ``now``, each earlier one at its successor's ``iat`` (proofs are short-lived), and
    each must be named in its successor's ``chain`` by ``jti`` and ``iss`` (``CHAIN_BROKEN``).

    Example::

        links = verify_proof_chain([buyer_proof, seller_proof], {
            "https://leash.alice.example": jwks_a, "https://leash.storeco.example": jwks_b})
    """
    if not isinstance(tokens, list) or not tokens:
        raise TypeError("tokens must be a non-empty list")
    at: datetime | float | None = now
    links: list[VerifiedProof] = []
    for token in reversed(tokens):
        issuer = _unverified_issuer(token)
        keys = jwks_by_issuer(issuer) if callable(jwks_by_issuer) else jwks_by_issuer.get(issuer)
        if keys is None:
            raise _fail("UNKNOWN_ISSUER", f"no keys for issuer {issuer}", "iss")
        link = verify_proof(
            token, keys, issuer=issuer, now=at, clock_tolerance_seconds=clock_tolerance_seconds
        )
        if links:
            successor = links[0].claims
            named = any(
                isinstance(ref, Mapping)
                and ref.get("jti") == link.claims["jti"]
                and ref.get("iss") == link.claims["iss"]
                for ref in successor.get("chain") or []
            )
            if not named:
                raise _fail(
                    "CHAIN_BROKEN", f"proof {successor['jti']} does not name {link.claims['jti']}", "chain"
                )
        links.insert(0, link)
        at = float(link.claims["iat"])
    return links
