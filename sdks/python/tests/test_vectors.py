"""spec/vectors: every case of the action-hash, request-signature and proof-token vectors."""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

import pytest
from conftest import load_vectors

from openleash import (
    CanonicalizationError,
    ProofTokenError,
    RequestSignatureError,
    action_hash,
    canonicalize,
    import_agent_key,
    verify_approval_token,
    verify_proof,
    verify_proof_chain,
    verify_request,
)
from openleash.keys import jwk_thumbprint, public_key_from_jwk
from openleash.signing import prepare_signature, sign_request, split_target

ACTIONS = load_vectors("action-hash.json")
SIGNATURES = load_vectors("request-signatures.json")
PROOFS = load_vectors("proof-tokens.json")


def _ids(cases: list[dict[str, Any]]) -> list[str]:
    return [c["name"] for c in cases]


def test_vector_files_have_the_expected_kinds() -> None:
    assert ACTIONS["kind"] == "action-hash"
    assert SIGNATURES["kind"] == "request-signatures"
    assert PROOFS["kind"] == "proof-tokens"
    assert len(ACTIONS["cases"]) > 0 and len(SIGNATURES["cases"]) > 0 and len(PROOFS["cases"]) > 0


@pytest.mark.parametrize("case", ACTIONS["cases"], ids=_ids(ACTIONS["cases"]))
def test_action_hash_vector(case: dict[str, Any]) -> None:
    action = json.loads(case["input_json"])
    assert canonicalize(action) == case["canonical"]
    assert action_hash(action) == case["action_hash"]


@pytest.mark.parametrize("case", ACTIONS["must_reject"], ids=_ids(ACTIONS["must_reject"]))
def test_action_hash_rejects(case: dict[str, Any]) -> None:
    action = json.loads(case["input_json"])
    with pytest.raises(CanonicalizationError) as err:
        action_hash(action)
    assert err.value.code == case["expected_error"]


def test_agent_key_of_the_signature_vectors() -> None:
    agent = SIGNATURES["agent_key"]
    key = import_agent_key(agent["private_jwk"])
    assert key.kid == agent["kid"] == jwk_thumbprint(agent["public_jwk"])
    assert key.public_jwk == {k: agent["public_jwk"][k] for k in ("kty", "crv", "x")}


@pytest.mark.parametrize("case", SIGNATURES["cases"], ids=_ids(SIGNATURES["cases"]))
def test_request_signature_vector(case: dict[str, Any]) -> None:
    key = import_agent_key(SIGNATURES["agent_key"]["private_jwk"])
    request, params, expected = case["request"], case["params"], case["expected"]
    assert params["keyid"] == key.kid
    assert split_target(request["url"]) == (request["path"], request["query"])
    body = None if request["body_base64"] is None else base64.b64decode(request["body_base64"])
    expires = None if params["expires"] is None else params["expires"] - params["created"]
    options: dict[str, Any] = {
        "now": params["created"],
        "nonce": params["nonce"],
        "expires_in_seconds": expires,
    }
    headers, base = prepare_signature(request["method"], request["url"], key.kid, body, **options)
    assert base == expected["signature_base"]
    signed = sign_request(request["method"], request["url"], key, body, **options)
    assert signed.get("content-digest") == expected["content_digest"]
    assert signed["signature-input"] == expected["signature_input"] == headers["signature-input"]
    assert signed["signature"] == expected["signature"]


def test_rfc9421_b26_ed25519_example() -> None:
    b26 = SIGNATURES["rfc9421_b26"]
    label, _, encoded = b26["signature"].partition("=")
    signature = base64.b64decode(encoded.strip(":"))
    # The published signature verifies over the published base with the published key...
    public_key_from_jwk(b26["public_jwk"]).verify(signature, b26["signature_base"].encode())
    # ...and deterministic Ed25519 (RFC 8032) re-creates it from the private key.
    private = import_agent_key(b26["private_jwk"])
    assert private.sign(b26["signature_base"].encode()) == signature
    assert label == "sig-b26"


def _verify_case(case: dict[str, Any]) -> str:
    v = case["verify"]
    try:
        verify_proof(
            case["token"],
            PROOFS["jwks"],
            issuer=v.get("issuer"),
            audience=v.get("audience"),
            action=v.get("action"),
            now=datetime.fromisoformat(v["now"].replace("Z", "+00:00")),
            clock_tolerance_seconds=v.get("clock_tolerance_seconds", 5),
        )
    except ProofTokenError as err:
        return err.code
    return "valid"


@pytest.mark.parametrize("case", PROOFS["cases"], ids=_ids(PROOFS["cases"]))
def test_proof_token_vector(case: dict[str, Any]) -> None:
    assert _verify_case(case) == case["expected"]
    if "claims" in case:
        v = case["verify"]
        now = datetime.fromisoformat(v["now"].replace("Z", "+00:00"))
        proof = verify_proof(case["token"], PROOFS["jwks"], now=now, issuer=v.get("issuer"))
        assert proof.claims == case["claims"]
        assert proof.header["typ"] == "openleash-proof+jwt"


CHAINS = load_vectors("chains.json")


@pytest.mark.parametrize("case", CHAINS["cases"], ids=_ids(CHAINS["cases"]))
def test_chain_vector(case: dict[str, Any]) -> None:
    issuers = CHAINS["jwks_by_issuer"]
    if "only_issuers" in case:
        issuers = {iss: jwks for iss, jwks in issuers.items() if iss in case["only_issuers"]}
    now = datetime.fromisoformat(case["now"].replace("Z", "+00:00"))
    try:
        links = verify_proof_chain(
            case["tokens"], issuers, now=now, clock_tolerance_seconds=case.get("clock_tolerance_seconds", 5)
        )
        outcome = "valid"
        assert len(links) == len(case["tokens"])
    except ProofTokenError as err:
        outcome = err.code
    assert outcome == case["expected"]


@pytest.mark.parametrize("case", SIGNATURES["verification"], ids=_ids(SIGNATURES["verification"]))
def test_request_verification_vector(case: dict[str, Any]) -> None:
    agent = SIGNATURES["agent_key"]
    request = case["request"]
    body = b"" if request["body_base64"] is None else base64.b64decode(request["body_base64"])

    def resolve(kid: str) -> dict[str, str] | None:
        return agent["public_jwk"] if kid == agent["kid"] else None

    try:
        verified = verify_request(
            method=request["method"],
            path=request["path"],
            query=request["query"],
            headers=request["headers"],
            body=body,
            resolve_key=resolve,
            now=datetime.fromisoformat(case["now"].replace("Z", "+00:00")),
            max_skew_seconds=case["max_skew_seconds"],
        )
        outcome = "valid"
        assert verified.key_id == agent["kid"]
    except RequestSignatureError as err:
        outcome = err.code
    assert outcome == case["expected"]


def test_own_signatures_verify_and_an_unknown_key_does_not() -> None:
    key = import_agent_key(SIGNATURES["agent_key"]["private_jwk"])
    body = b'{"action":{}}'
    headers = sign_request("POST", "/v1/authorize?x=1", key, body)
    common: dict[str, Any] = {"method": "POST", "path": "/v1/authorize", "query": "?x=1"}
    common.update(headers=headers, body=body)
    assert verify_request(**common, resolve_key=lambda kid: key.public_jwk).nonce
    with pytest.raises(RequestSignatureError) as err:
        verify_request(**common, resolve_key=lambda kid: None)
    assert err.value.code == "INVALID_SIGNATURE"


APPROVALS = load_vectors("approval-tokens.json")


@pytest.mark.parametrize("case", APPROVALS["cases"], ids=_ids(APPROVALS["cases"]))
def test_approval_token_vector(case: dict[str, Any]) -> None:
    v = case["verify"]
    try:
        verified = verify_approval_token(
            APPROVALS["token"],
            APPROVALS["jwks"],
            issuer=v["issuer"],
            agent_id=v.get("agent_id"),
            action=v.get("action"),
            min_assurance=v.get("min_assurance"),
            now=datetime.fromisoformat(v["now"].replace("Z", "+00:00")),
            clock_tolerance_seconds=v.get("clock_tolerance_seconds", 5),
        )
        outcome = "valid"
        assert verified.claims == APPROVALS["claims"]
    except ProofTokenError as err:
        outcome = err.code
    assert outcome == case["expected"]


def test_an_approval_token_is_not_a_proof() -> None:
    v = APPROVALS["cases"][0]["verify"]
    with pytest.raises(ProofTokenError) as err:
        verify_proof(
            APPROVALS["token"], APPROVALS["jwks"], now=datetime.fromisoformat(v["now"].replace("Z", "+00:00"))
        )
    assert err.value.code == "WRONG_TYP"
