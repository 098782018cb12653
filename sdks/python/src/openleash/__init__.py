"""OpenLeash SDK for Python: agents ask before acting (RFC 9421-signed ``POST /v1/authorize``),
owners decide, counterparties verify proof tokens offline.

The HTTP client is generated from ``spec/openapi.json`` (``openleash._generated``, never edited by
hand); the helpers here add request signing, offline verification, action hashing and waiting.
"""

from .action import create_action
from .agent import AsyncOpenLeashAgent, OpenLeashAgent
from .errors import CanonicalizationError, InvalidKeyError, OpenLeashApiError, OpenLeashError, ProofTokenError
from .invite import AsyncRedeemedInvite, RedeemedInvite, parse_invite, redeem_invite, redeem_invite_async
from .jcs import action_hash, canonicalize
from .jwks import AsyncJwksCache, JwksCache, verify_proof_offline, verify_proof_offline_async
from .keys import AgentKey, generate_agent_key, import_agent_key, jwk_thumbprint
from .owner import AsyncOpenLeashOwner, OpenLeashAdmin, OpenLeashOwner
from .proofs import (
    APPROVAL_TYP,
    PROOF_TYP,
    VerifiedProof,
    verify_approval_token,
    verify_proof,
    verify_proof_chain,
)
from .signing import SigningAuth, sign_request
from .verify_request import RequestSignatureError, VerifiedRequest, verify_request

__version__ = "0.1.0"

__all__ = [
    "APPROVAL_TYP",
    "PROOF_TYP",
    "AgentKey",
    "AsyncJwksCache",
    "AsyncOpenLeashAgent",
    "AsyncOpenLeashOwner",
    "AsyncRedeemedInvite",
    "CanonicalizationError",
    "InvalidKeyError",
    "JwksCache",
    "OpenLeashAdmin",
    "OpenLeashAgent",
    "OpenLeashApiError",
    "OpenLeashError",
    "OpenLeashOwner",
    "ProofTokenError",
    "RedeemedInvite",
    "RequestSignatureError",
    "SigningAuth",
    "VerifiedProof",
    "VerifiedRequest",
    "__version__",
    "action_hash",
    "canonicalize",
    "create_action",
    "generate_agent_key",
    "import_agent_key",
    "jwk_thumbprint",
    "parse_invite",
    "redeem_invite",
    "redeem_invite_async",
    "sign_request",
    "verify_approval_token",
    "verify_proof",
    "verify_proof_chain",
    "verify_proof_offline",
    "verify_proof_offline_async",
    "verify_request",
]
