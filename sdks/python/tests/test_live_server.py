"""Against a real server process: invite → register → authorize (ALLOW, DENY, REQUIRE_APPROVAL)
→ verify the proof offline; signatures made by this SDK are accepted, tampering is refused."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
import pytest
from live_server import POLICY, Server, run_server

from openleash import (
    AsyncJwksCache,
    AsyncOpenLeashOwner,
    JwksCache,
    OpenLeashAdmin,
    OpenLeashAgent,
    OpenLeashApiError,
    OpenLeashOwner,
    ProofTokenError,
    action_hash,
    create_action,
    generate_agent_key,
    redeem_invite,
    redeem_invite_async,
    sign_request,
    verify_proof_offline,
    verify_proof_offline_async,
)

STORE = "storeco.example"


@dataclass
class World:
    server: Server
    owner: OpenLeashOwner
    agent: OpenLeashAgent
    agent_id: str


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with run_server() as server:
        with OpenLeashAdmin(server.url, server.admin_token) as admin:
            created = admin.create_owner("Alice")
        owner = OpenLeashOwner(server.url, created.api_token)
        policy = owner.create_policy("sdk-tests", POLICY)
        owner.create_binding(policy.policy.id, "owner")
        invite = owner.create_invite(name="py-shopper")
        redeemed = redeem_invite(invite.invite_url, generate_agent_key())
        try:
            yield World(server, owner, redeemed.client, redeemed.agent.id)
        finally:
            redeemed.client.close()
            owner.close()


def purchase(amount: int, currency: str = "USD") -> dict[str, object]:
    return create_action(
        "purchase",
        {"amount_minor": amount, "currency": currency, "item": "headphones", "ratio": 0.1 + 0.2},
        relying_party={"domain": STORE},
    )


def test_registered_agent_is_known_by_its_key(world: World) -> None:
    me = world.agent.me()
    assert me.kid == world.agent.kid
    assert me.agent.id == world.agent_id
    assert me.agent.name == "py-shopper"


def test_allow_carries_a_proof_that_verifies_offline(world: World) -> None:
    action = purchase(8500)
    r = world.agent.authorize(action)
    assert r.decision == "ALLOW"
    assert r.matched_rule == "small-purchases"
    # The server hashed the very action this SDK sent (floats included).
    assert r.action_hash == action_hash(action)
    assert isinstance(r.proof_token, str)
    proof = verify_proof_offline(
        r.proof_token, issuer=world.server.url, audience=STORE, action=action, cache=JwksCache()
    )
    assert proof.claims["sub"] == world.agent_id
    assert proof.claims["jti"] == r.decision_id
    assert proof.claims["aud"] == STORE
    # Any EdDSA-capable JWT library verifies it too (PROTOCOL.md §5): plain PyJWT with the JWKS.
    jwks = httpx.get(f"{world.server.url}/.well-known/jwks.json").json()
    key = jwt.PyJWKSet.from_dict(jwks)[proof.header["kid"]]
    claims = jwt.decode(r.proof_token, key.key, algorithms=["EdDSA"], audience=STORE, issuer=world.server.url)
    assert claims["action_hash"] == action_hash(action)


def test_a_proof_for_another_action_is_refused(world: World) -> None:
    action = purchase(100)
    token = world.agent.authorize(action).proof_token
    assert isinstance(token, str)
    with pytest.raises(ProofTokenError) as err:
        verify_proof_offline(token, issuer=world.server.url, action={**action, "id": "another"})
    assert err.value.code == "ACTION_HASH_MISMATCH"
    with pytest.raises(ProofTokenError) as err:
        verify_proof_offline(token, issuer=world.server.url, audience="evil.example")
    assert err.value.code == "AUDIENCE_MISMATCH"


@pytest.mark.parametrize("part", [0, 1, 2])
def test_a_proof_tampered_by_one_byte_is_rejected(world: World, part: int) -> None:
    action = purchase(200)
    token = world.agent.authorize(action).proof_token
    assert isinstance(token, str)
    segments = token.split(".")
    s = segments[part]
    i = len(s) // 2
    segments[part] = s[:i] + ("A" if s[i] != "A" else "B") + s[i + 1 :]
    tampered = ".".join(segments)
    with pytest.raises(ProofTokenError) as err:
        verify_proof_offline(tampered, issuer=world.server.url, action=action)
    assert err.value.code in ("INVALID_SIGNATURE", "MALFORMED_TOKEN", "UNKNOWN_KID", "UNSUPPORTED_ALGORITHM")
    # The untampered token still verifies.
    verify_proof_offline(token, issuer=world.server.url, action=action)


def test_deny_is_an_answer_without_proof(world: World) -> None:
    r = world.agent.authorize(purchase(500, "EUR"))
    assert r.decision == "DENY"
    assert not isinstance(r.proof_token, str)


def test_require_approval_then_approved_then_allow(world: World) -> None:
    action = purchase(25_000)
    first = world.agent.authorize(action)
    assert first.decision == "REQUIRE_APPROVAL"
    assert isinstance(first.approval_request_id, str)
    pending = [a.id for a in world.owner.list_approvals("PENDING")]
    assert first.approval_request_id in pending
    world.owner.approve(first.approval_request_id)
    view = world.agent.wait_for_approval(first.approval_request_id, timeout_seconds=10)
    assert view.status == "APPROVED"
    assert isinstance(view.approval_token, str)
    final = world.agent.authorize(action, approval_token=view.approval_token)
    assert final.decision == "ALLOW"
    assert isinstance(final.proof_token, str)
    claims = verify_proof_offline(final.proof_token, issuer=world.server.url, action=action).claims
    assert claims["approval_id"] == first.approval_request_id
    # The approval token is single-use.
    with pytest.raises(OpenLeashApiError) as err:
        world.agent.authorize(action, approval_token=view.approval_token)
    assert err.value.status in (400, 403, 409)


def test_authorize_and_wait_long_polls_until_the_owner_decides(world: World) -> None:
    action = purchase(30_000)
    decided: list[str] = []

    def owner_side() -> None:
        # Approves the request once it shows up; the agent is long-polling meanwhile.
        with OpenLeashOwner(world.server.url, world.owner.api.token) as owner:
            for _ in range(200):
                found = [a for a in owner.list_approvals("PENDING") if a.action_hash == action_hash(action)]
                if found:
                    owner.approve(found[0].id)
                    decided.append(found[0].id)
                    return
                threading.Event().wait(0.05)

    thread = threading.Thread(target=owner_side)
    thread.start()
    result = world.agent.authorize_and_wait(action, timeout_seconds=20, poll_seconds=5)
    thread.join()
    assert result.decision == "ALLOW"
    assert decided and isinstance(result.proof_token, str)


def test_a_denied_approval_raises(world: World) -> None:
    action = purchase(40_000)
    first = world.agent.authorize(action)
    assert isinstance(first.approval_request_id, str)
    world.owner.deny(first.approval_request_id, note="not today")
    view = world.agent.wait_for_approval(first.approval_request_id, timeout_seconds=10)
    assert view.status == "DENIED"


def test_hand_signed_request_is_accepted_and_a_replay_refused(world: World) -> None:
    key = generate_agent_key()
    invite = world.owner.create_invite(name="hand-signed")
    redeem_invite(invite.invite_token, key, base_url=world.server.url).client.close()
    body = json.dumps({"action": purchase(300)}).encode()
    url = f"{world.server.url}/v1/authorize"
    headers = {**sign_request("POST", url, key, body), "content-type": "application/json"}
    env = {"OPENLEASH_URL": world.server.url, "OPENLEASH_PRIVATE_KEY_JWK": json.dumps(key.private_jwk)}
    with OpenLeashAgent.from_env(env) as from_env:
        assert from_env.me().kid == key.kid
    ok = httpx.post(url, content=body, headers=headers)
    assert ok.status_code == 200 and ok.json()["decision"] == "ALLOW"
    replay = httpx.post(url, content=body, headers=headers)
    assert replay.status_code == 401 and replay.json()["code"] == "NONCE_REPLAY"
    fresh = {**sign_request("POST", url, key, body), "content-type": "application/json"}
    changed = httpx.post(url, content=body.replace(b"300", b"301"), headers=fresh)
    assert changed.status_code == 401 and changed.json()["code"] == "DIGEST_MISMATCH"


def test_an_unregistered_key_is_refused(world: World) -> None:
    with (
        OpenLeashAgent(world.server.url, generate_agent_key()) as stranger,
        pytest.raises(OpenLeashApiError) as err,
    ):
        stranger.authorize(purchase(100))
    assert err.value.status == 401 and err.value.code == "INVALID_SIGNATURE"


def test_server_verifies_the_same_proof_online(world: World) -> None:
    action = purchase(700)
    token = world.agent.authorize(action).proof_token
    answer = httpx.post(f"{world.server.url}/v1/verify-proof", json={"token": token, "action": action}).json()
    assert answer["valid"] is True
    offline = verify_proof_offline(str(token), issuer=world.server.url, action=action)
    assert answer["claims"] == offline.claims


def test_the_readme_example_runs(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    invite = world.owner.create_invite(name="readme")
    monkeypatch.setenv("INVITE_URL", invite.invite_url)
    scope: dict[str, object] = {}
    exec(compile(code.replace("http://127.0.0.1:8787", world.server.url), "README.md", "exec"), scope)
    assert scope["proof"].claims["aud"] == STORE  # type: ignore[attr-defined]
    scope["agent"].close()  # type: ignore[attr-defined]


def test_async_clients(world: World) -> None:
    async def approve_when_pending(owner: AsyncOpenLeashOwner, hash_: str) -> str:
        for _ in range(200):
            for request in await owner.list_approvals("PENDING"):
                if request.action_hash == hash_:
                    return (await owner.approve(request.id)).id
            await asyncio.sleep(0.05)
        raise AssertionError("the approval request never showed up")

    async def flow() -> None:
        async with AsyncOpenLeashOwner(world.server.url, world.owner.api.token) as owner:
            assert (await owner.me()).owner.name == "Alice"
            invite = await owner.create_invite(name="py-async")
            redeemed = await redeem_invite_async(invite.invite_url, generate_agent_key())
            async with redeemed.client as agent:
                action = purchase(1234)
                r = await agent.authorize(action)
                assert r.decision == "ALLOW" and isinstance(r.proof_token, str)
                cache = AsyncJwksCache()
                proof = await verify_proof_offline_async(
                    r.proof_token, issuer=world.server.url, audience=STORE, action=action, cache=cache
                )
                assert proof.claims["sub"] == redeemed.agent.id
                assert (await agent.authorize(purchase(10, "EUR"))).decision == "DENY"
                assert (await agent.me()).agent.name == "py-async"
                # REQUIRE_APPROVAL: the agent long-polls while the owner approves, concurrently.
                big = purchase(50_000)
                final, approval_id = await asyncio.gather(
                    agent.authorize_and_wait(big, timeout_seconds=20, poll_seconds=5),
                    approve_when_pending(owner, action_hash(big)),
                )
                assert final.decision == "ALLOW" and isinstance(final.proof_token, str)
                claims = (
                    await verify_proof_offline_async(final.proof_token, issuer=world.server.url, cache=cache)
                ).claims
                assert claims["approval_id"] == approval_id
                decisions = await owner.list_decisions(agent_id=redeemed.agent.id, decision="ALLOW")
                assert {r.decision_id, final.decision_id} <= {d.id for d in decisions}
                renamed = await owner.update_agent(redeemed.agent.id, name="py-async-2")
                assert renamed.name == "py-async-2" == (await agent.me()).agent.name
                spare = generate_agent_key()
                assert (await owner.add_agent_key(redeemed.agent.id, spare.public_jwk)).kid == spare.kid
                assert (await owner.revoke_agent_key(redeemed.agent.id, spare.kid)).status == "REVOKED"

    asyncio.run(flow())


def test_an_action_without_its_required_members_is_refused_before_sending(world: World) -> None:
    with pytest.raises(TypeError):
        world.agent.authorize({"type": "purchase"})


def _fresh_agent(world: World, name: str) -> tuple[OpenLeashAgent, str]:
    invite = world.owner.create_invite(name=name)
    redeemed = redeem_invite(invite.invite_url, generate_agent_key())
    return redeemed.client, redeemed.agent.id


def test_agent_key_rotation_through_the_owner(world: World) -> None:
    old_agent, agent_id = _fresh_agent(world, "py-rotating")
    new_key = generate_agent_key()
    added = world.owner.add_agent_key(agent_id, {**new_key.private_jwk})  # only the public part is sent
    assert added.kid == new_key.kid and added.public_jwk.x == new_key.public_jwk["x"]
    assert not hasattr(added.public_jwk, "d") and "d" not in added.public_jwk.additional_properties
    with OpenLeashAgent(world.server.url, new_key) as new_agent:
        assert new_agent.me().agent.id == agent_id
        world.owner.revoke_agent_key(agent_id, old_agent.kid)
        with pytest.raises(OpenLeashApiError) as err:
            old_agent.me()
        assert err.value.code == "INVALID_SIGNATURE"
        assert new_agent.authorize(purchase(100)).decision == "ALLOW"
    old_agent.close()


def test_a_suspended_agent_is_refused_until_reactivated(world: World) -> None:
    agent, agent_id = _fresh_agent(world, "py-suspended")
    with agent:
        first = agent.authorize(purchase(100))
        assert world.owner.update_agent(agent_id, status="SUSPENDED").status == "SUSPENDED"
        with pytest.raises(OpenLeashApiError) as err:
            agent.authorize(purchase(100))
        assert err.value.code == "AGENT_INACTIVE"
        world.owner.update_agent(agent_id, status="ACTIVE", name="py-back")
        assert agent.me().agent.name == "py-back"
        decisions = world.owner.list_decisions(agent_id=agent_id)
        assert first.decision_id in [d.id for d in decisions]
        assert all(d.agent_id == agent_id for d in decisions)
