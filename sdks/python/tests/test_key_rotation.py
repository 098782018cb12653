"""Against a real server: a cached JWKS follows the instance's key rotations (refreshed once for a
kid it has not seen), and proofs signed with a retired key still verify until they expire."""

from __future__ import annotations

import httpx
from live_server import POLICY, run_server

from openleash import (
    JwksCache,
    OpenLeashAdmin,
    OpenLeashOwner,
    create_action,
    generate_agent_key,
    redeem_invite,
    verify_proof_offline,
)


def test_jwks_cache_follows_a_key_rotation() -> None:
    fetches: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda request: fetches.append(str(request.url))]})
    with run_server() as server, http:
        with OpenLeashAdmin(server.url, server.admin_token) as admin:
            owner = OpenLeashOwner(server.url, admin.create_owner("Rotating").api_token)
        policy = owner.create_policy("sdk-tests", POLICY)
        owner.create_binding(policy.policy.id, "owner")
        agent = redeem_invite(owner.create_invite().invite_url, generate_agent_key()).client
        action = create_action("purchase", {"amount_minor": 100, "currency": "USD"})
        cache = JwksCache(http_client=http, min_refresh_interval_seconds=0)

        before = agent.authorize(action).proof_token
        assert isinstance(before, str)
        old = verify_proof_offline(before, issuer=server.url, action=action, cache=cache)
        assert len(fetches) == 1

        def rotate() -> str:
            answer = httpx.post(
                f"{server.url}/v1/admin/keys/rotate",
                headers={"authorization": f"Bearer {server.admin_token}"},
            )
            assert answer.status_code == 200
            kid: str = answer.json()["active_kid"]
            return kid

        # PROTOCOL.md §5: the next key is published before use, so the cached set already has it.
        first = rotate()
        after_first = agent.authorize(action).proof_token
        assert isinstance(after_first, str)
        proof = verify_proof_offline(after_first, issuer=server.url, action=action, cache=cache)
        assert proof.header["kid"] == first != old.header["kid"]
        assert len(fetches) == 1
        # A second rotation activates a key published after the cache was filled: one refresh.
        second = rotate()
        after_second = agent.authorize(action).proof_token
        assert isinstance(after_second, str)
        proof = verify_proof_offline(after_second, issuer=server.url, action=action, cache=cache)
        assert proof.header["kid"] == second
        assert len(fetches) == 2
        # Retired keys stay published while their tokens live.
        verify_proof_offline(before, issuer=server.url, action=action, cache=cache)
        assert len(fetches) == 2
        agent.close()
        owner.close()
