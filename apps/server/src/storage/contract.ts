import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AgentRow, ApprovalRow, AuthorizationCommit, DecisionRow, Storage } from "./types";

/**
 * The storage contract as an executable suite: every adapter (SQLite today, PostgreSQL later)
 * runs it with its own factory and must pass unchanged.
 *
 * @example
 * runStorageContract("sqlite", async () => openSqliteStorage({ dataDir: await mkdtemp(...) }));
 */
export function runStorageContract(name: string, makeStorage: () => Promise<Storage> | Storage): void {
  describe(`storage contract: ${name}`, () => {
    let s: Storage;
    const T0 = "2026-11-26T10:00:00.000Z";
    const T0MS = Date.parse(T0);
    beforeEach(async () => {
      s = await makeStorage();
      await s.createOwner(owner("own_a"), token("tok_a", "own_a", "hash-a"));
      await s.createOwner(owner("own_b"), token("tok_b", "own_b", "hash-b"));
    });
    afterEach(async () => {
      await s.close();
    });

    const owner = (id: string) => ({ id, type: "user" as const, name: id, created_at: T0 });
    const token = (id: string, owner_id: string, token_hash: string) => ({
      id,
      owner_id,
      name: "first",
      token_hash,
      created_at: T0,
      revoked_at: null,
    });
    const agent = (id: string, owner_id = "own_a"): AgentRow => ({
      id,
      owner_id,
      name: id,
      status: "ACTIVE",
      attributes: { team: "x" },
      created_at: T0,
      updated_at: T0,
    });
    const key = (kid: string, agent_id: string) => ({
      kid,
      agent_id,
      public_jwk: { kty: "OKP", crv: "Ed25519", x: kid },
      status: "ACTIVE" as const,
      created_at: T0,
      revoked_at: null,
    });
    const decision = (id: string, d: DecisionRow["decision"] = "ALLOW"): DecisionRow => ({
      id,
      owner_id: "own_a",
      agent_id: "agt_1",
      decision: d,
      reason_code: "RULE_ALLOW",
      reason: "ok",
      action_id: `act_${id}`,
      action_type: "purchase",
      action_hash: "h",
      matched_rule: "r1",
      policy_version: "pv",
      approval_id: null,
      created_at: T0,
    });
    const commit = (
      id: string,
      nonce: string,
      extra: Partial<AuthorizationCommit> = {},
    ): AuthorizationCommit => ({
      nowMs: T0MS,
      nonce: { kid: "kid1", nonce, expiresAtMs: T0MS + 120_000 },
      charges: [],
      decision: decision(id),
      ...extra,
    });
    const approval = (id: string): ApprovalRow => ({
      id,
      owner_id: "own_a",
      agent_id: "agt_1",
      kind: "APPROVAL",
      status: "PENDING",
      action: { id: "a", type: "purchase", payload: { amount_minor: 1 } },
      action_hash: "h",
      action_type: "purchase",
      decision_id: "dec_x",
      reason: "needs approval",
      matched_rule: "big",
      policy_version: "pv",
      min_assurance: "LOW",
      obligations: [{ type: "HUMAN_APPROVAL", params: {} }],
      created_at: T0,
      expires_at: "2026-11-26T10:15:00.000Z",
      decided_at: null,
      decided_by: null,
      assurance: null,
      decision_note: null,
    });

    it("settings: set, overwrite, set-if-absent", async () => {
      expect(await s.getSetting("k")).toBeNull();
      expect(await s.setSettingIfAbsent("k", "1")).toBe(true);
      expect(await s.setSettingIfAbsent("k", "2")).toBe(false);
      expect(await s.getSetting("k")).toBe("1");
      await s.setSetting("k", "3");
      expect(await s.getSetting("k")).toBe("3");
    });

    it("owners and API tokens: lookup by hash, revoke scoped to the owner", async () => {
      expect((await s.listOwners()).map((o) => o.id)).toEqual(["own_a", "own_b"]);
      expect((await s.findApiToken("hash-a"))?.owner_id).toBe("own_a");
      expect(await s.findApiToken("nope")).toBeNull();
      expect(await s.revokeApiToken("own_b", "tok_a", T0)).toBe(false);
      expect(await s.revokeApiToken("own_a", "tok_a", T0)).toBe(true);
      expect((await s.findApiToken("hash-a"))?.revoked_at).toBe(T0);
      await s.createApiToken(token("tok_a2", "own_a", "hash-a2"));
      expect((await s.listApiTokens("own_a")).map((t) => t.id)).toEqual(["tok_a", "tok_a2"]);
    });

    it("agents and keys: create, update status, add/revoke keys, duplicate kid refused", async () => {
      await s.createAgent(agent("agt_1"), [key("kid1", "agt_1")]);
      expect(await s.getAgent("agt_1")).toMatchObject({ status: "ACTIVE", attributes: { team: "x" } });
      expect((await s.listAgents("own_a")).length).toBe(1);
      expect(await s.listAgents("own_b")).toEqual([]);
      const upd = await s.updateAgent("agt_1", {
        status: "SUSPENDED",
        updated_at: "2026-11-26T11:00:00.000Z",
      });
      expect(upd).toMatchObject({ status: "SUSPENDED", name: "agt_1" });
      expect(await s.addAgentKey(key("kid2", "agt_1"))).toBe(true);
      expect(await s.addAgentKey(key("kid2", "agt_1"))).toBe(false);
      expect(await s.revokeAgentKey("kid1", T0)).toBe(true);
      expect(await s.revokeAgentKey("kid1", T0)).toBe(false);
      const keys = await s.listAgentKeys("agt_1");
      expect(keys.map((k) => [k.kid, k.status])).toEqual([
        ["kid1", "REVOKED"],
        ["kid2", "ACTIVE"],
      ]);
      expect((await s.getAgentKey("kid2"))?.public_jwk).toEqual({ kty: "OKP", crv: "Ed25519", x: "kid2" });
    });

    it("invites: single use, expiry, key collision, groups joined", async () => {
      await s.createGroup({ id: "grp_1", owner_id: "own_a", name: "buyers", created_at: T0 });
      await s.createInvite({
        id: "inv_1",
        owner_id: "own_a",
        token_hash: "ih1",
        agent_name: "bot",
        group_ids: ["grp_1"],
        created_at: T0,
        expires_at: "2026-11-27T10:00:00.000Z",
        used_at: null,
        agent_id: null,
      });
      const input = {
        tokenHash: "ih1",
        now: T0,
        agent: agent("agt_1", "ignored"),
        key: key("kid1", "agt_1"),
      };
      const first = await s.redeemInvite(input);
      expect(first).toMatchObject({ ok: true, agent: { owner_id: "own_a" } });
      expect(await s.redeemInvite({ ...input, agent: agent("agt_2"), key: key("kid2", "agt_2") })).toEqual({
        ok: false,
        code: "INVITE_INVALID",
      });
      expect(await s.getAgent("agt_2")).toBeNull();
      expect(await s.listAgentGroups("agt_1")).toEqual(["grp_1"]);
      expect((await s.listInvites("own_a"))[0]).toMatchObject({ used_at: T0, agent_id: "agt_1" });
      await s.createInvite({
        id: "inv_2",
        owner_id: "own_a",
        token_hash: "ih2",
        agent_name: null,
        group_ids: [],
        created_at: T0,
        expires_at: "2026-11-26T10:00:00.000Z",
        used_at: null,
        agent_id: null,
      });
      expect((await s.redeemInvite({ ...input, tokenHash: "ih2", agent: agent("agt_3") })).ok).toBe(false);
      await s.createInvite({
        id: "inv_3",
        owner_id: "own_a",
        token_hash: "ih3",
        agent_name: null,
        group_ids: [],
        created_at: T0,
        expires_at: "2026-11-27T10:00:00.000Z",
        used_at: null,
        agent_id: null,
      });
      const clash = await s.redeemInvite({
        tokenHash: "ih3",
        now: T0,
        agent: agent("agt_4"),
        key: key("kid1", "agt_4"),
      });
      expect(clash).toEqual({ ok: false, code: "KEY_EXISTS" });
      expect(await s.getAgent("agt_4")).toBeNull();
      expect((await s.listInvites("own_a")).find((i) => i.id === "inv_3")?.used_at).toBeNull();
    });

    it("invites: of two concurrent redemptions exactly one wins", async () => {
      await s.createInvite({
        id: "inv_c",
        owner_id: "own_a",
        token_hash: "ihc",
        agent_name: null,
        group_ids: [],
        created_at: T0,
        expires_at: "2026-11-27T10:00:00.000Z",
        used_at: null,
        agent_id: null,
      });
      const results = await Promise.all(
        ["x", "y"].map((n) =>
          s.redeemInvite({
            tokenHash: "ihc",
            now: T0,
            agent: agent(`agt_${n}`),
            key: key(`kid_${n}`, `agt_${n}`),
          }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await s.listAgents("own_a")).length).toBe(1);
    });

    it("groups: members, deletion drops its bindings", async () => {
      await s.createAgent(agent("agt_1"), []);
      await s.createGroup({ id: "grp_1", owner_id: "own_a", name: "g", created_at: T0 });
      await s.addGroupMember("grp_1", "agt_1");
      await s.addGroupMember("grp_1", "agt_1");
      expect(await s.listGroupMembers("grp_1")).toEqual(["agt_1"]);
      await s.createPolicy(
        { id: "pol_1", owner_id: "own_a", name: "p", latest_version: 1, created_at: T0, updated_at: T0 },
        { policy_id: "pol_1", version: 1, source: "x", sha256: "s", created_at: T0 },
      );
      await s.createBinding({
        id: "bnd_1",
        owner_id: "own_a",
        policy_id: "pol_1",
        policy_version: null,
        scope: "group",
        target_id: "grp_1",
        position: 0,
        created_at: T0,
      });
      expect(await s.removeGroupMember("grp_1", "agt_1")).toBe(true);
      expect(await s.removeGroupMember("grp_1", "agt_1")).toBe(false);
      expect(await s.deleteGroup("grp_1")).toBe(true);
      expect(await s.getBinding("bnd_1")).toBeNull();
      expect(await s.listGroups("own_a")).toEqual([]);
    });

    it("policies: immutable versions numbered in order; bindings ordered by position", async () => {
      await s.createPolicy(
        { id: "pol_1", owner_id: "own_a", name: "p", latest_version: 1, created_at: T0, updated_at: T0 },
        { policy_id: "pol_1", version: 1, source: "v1", sha256: "s1", created_at: T0 },
      );
      const v2 = await s.addPolicyVersion("pol_1", "v2", "s2", T0);
      expect(v2?.version).toBe(2);
      expect(await s.addPolicyVersion("pol_x", "v", "s", T0)).toBeNull();
      expect((await s.getPolicy("pol_1"))?.latest_version).toBe(2);
      expect((await s.getPolicyVersion("pol_1", 1))?.source).toBe("v1");
      expect((await s.listPolicyVersions("pol_1")).map((v) => v.version)).toEqual([1, 2]);
      const b = {
        owner_id: "own_a",
        policy_id: "pol_1",
        scope: "owner" as const,
        target_id: null,
        created_at: T0,
      };
      await s.createBinding({ ...b, id: "bnd_2", policy_version: 2, position: 5 });
      await s.createBinding({ ...b, id: "bnd_1", policy_version: null, position: 1 });
      expect((await s.listBindings("own_a")).map((x) => x.id)).toEqual(["bnd_1", "bnd_2"]);
      expect(await s.listBindings("own_b")).toEqual([]);
      expect(await s.deleteBinding("bnd_1")).toBe(true);
      expect(await s.deleteBinding("bnd_1")).toBe(false);
    });

    it("nonces: a second use for the same key is a replay; another key is independent", async () => {
      expect(await s.recordNonce("k1", "n1", T0MS + 1000)).toBe(true);
      expect(await s.recordNonce("k1", "n1", T0MS + 1000)).toBe(false);
      expect(await s.recordNonce("k2", "n1", T0MS + 1000)).toBe(true);
    });

    it("commitAuthorization: nonce replay writes nothing", async () => {
      const ch = { key: "k", limit_id: "l", window_seconds: 60, amount: 1, max: 10 };
      expect((await s.commitAuthorization(commit("dec_1", "n1", { charges: [ch] }))).ok).toBe(true);
      const replay = await s.commitAuthorization(
        commit("dec_2", "n1", { charges: [ch], approvalRequest: approval("apr_r") }),
      );
      expect(replay).toEqual({ ok: false, code: "NONCE_REPLAY" });
      expect(await s.counterUsage([{ key: "k", window_seconds: 60 }], T0MS)).toEqual([1]);
      expect(await s.getApproval("apr_r")).toBeNull();
    });

    it("commitAuthorization: conditional charges, window sums, LIMIT_EXCEEDED turns ALLOW into DENY", async () => {
      const ch = { key: "spend", limit_id: "daily", window_seconds: 86400, amount: 300, max: 500 };
      const r1 = await s.commitAuthorization(commit("dec_1", "n1", { charges: [ch] }));
      expect(r1).toMatchObject({ ok: true, limitExceeded: null });
      const r2 = await s.commitAuthorization(commit("dec_2", "n2", { charges: [ch] }));
      expect(r2).toMatchObject({
        ok: true,
        decision: { id: "dec_2", decision: "DENY", reason_code: "LIMIT_EXCEEDED" },
        limitExceeded: { limit_id: "daily" },
      });
      expect(await s.counterUsage([{ key: "spend", window_seconds: 86400 }], T0MS)).toEqual([300]);
      // Two charges in one commit: the second failing rolls back the first.
      const other = { ...ch, key: "other", max: 1000 };
      await s.commitAuthorization(commit("dec_3", "n3", { charges: [other, ch] }));
      expect(await s.counterUsage([{ key: "other", window_seconds: 86400 }], T0MS)).toEqual([0]);
      // Outside the window the charge no longer counts.
      expect(await s.counterUsage([{ key: "spend", window_seconds: 60 }], T0MS + 61_000)).toEqual([0]);
      // A DENY decision never charges.
      await s.commitAuthorization(
        commit("dec_4", "n4", { charges: [other], decision: decision("dec_4", "DENY") }),
      );
      expect(await s.counterUsage([{ key: "other", window_seconds: 86400 }], T0MS)).toEqual([0]);
    });

    it("counters: sliding windows stay exact across charges at different times and after pruning", async () => {
      const ch = (amount: number) => ({ key: "w", limit_id: "l", window_seconds: 15, amount, max: 10_000 });
      const at = (s: number) => T0MS + s * 1000;
      await s.commitAuthorization(commit("dec_1", "n1", { charges: [ch(100)], nowMs: at(0) }));
      await s.commitAuthorization(commit("dec_2", "n2", { charges: [ch(200)], nowMs: at(10) }));
      await s.commitAuthorization(commit("dec_3", "n3", { charges: [ch(300)], nowMs: at(20) }));
      const usage = async (sec: number) =>
        (await s.counterUsage([{ key: "w", window_seconds: 15 }], at(sec)))[0];
      expect(await usage(0)).toBe(100);
      expect(await usage(12)).toBe(300);
      expect(await usage(20)).toBe(500);
      expect(await usage(26)).toBe(300);
      expect(await usage(40)).toBe(0);
      await s.pruneExpired(at(26));
      expect(await usage(26)).toBe(300);
      await s.commitAuthorization(commit("dec_4", "n4", { charges: [ch(50)], nowMs: at(30) }));
      expect(await usage(30)).toBe(350);
    });

    it("commitAuthorization: 200 concurrent 10-unit charges against a 500 cap admit exactly 50", async () => {
      const ch = { key: "cap", limit_id: "daily", window_seconds: 86400, amount: 10, max: 500 };
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          s.commitAuthorization(commit(`dec_${i}`, `n${i}`, { charges: [ch] })),
        ),
      );
      const allowed = results.filter((r) => r.ok && r.decision.decision === "ALLOW").length;
      expect(allowed).toBe(50);
      expect(await s.counterUsage([{ key: "cap", window_seconds: 86400 }], T0MS)).toEqual([500]);
    });

    it("commitAuthorization: approval jti consumed once, only when the decision is ALLOW", async () => {
      const jti = { jti: "apr_1", expiresAtMs: T0MS + 300_000 };
      const cap = { key: "c", limit_id: "l", window_seconds: 60, amount: 10, max: 5 };
      const denied = await s.commitAuthorization(commit("dec_0", "n0", { approvalJti: jti, charges: [cap] }));
      expect(denied).toMatchObject({ ok: true, decision: { decision: "DENY" } });
      expect(await s.isJtiUsed("apr_1")).toBe(false);
      expect((await s.commitAuthorization(commit("dec_1", "n1", { approvalJti: jti }))).ok).toBe(true);
      expect(await s.isJtiUsed("apr_1")).toBe(true);
      const again = await s.commitAuthorization(commit("dec_2", "n2", { approvalJti: jti }));
      expect(again).toEqual({ ok: false, code: "APPROVAL_TOKEN_USED" });
      // The nonce of the refused request was not kept either.
      expect(await s.recordNonce("kid1", "n2", T0MS + 1000)).toBe(true);
    });

    it("approvals: created with a REQUIRE_APPROVAL decision, decided once", async () => {
      const d = { ...decision("dec_x", "REQUIRE_APPROVAL"), approval_id: "apr_1" };
      await s.commitAuthorization(commit("dec_x", "n1", { decision: d, approvalRequest: approval("apr_1") }));
      expect((await s.listApprovals("own_a", "PENDING")).map((a) => a.id)).toEqual(["apr_1"]);
      expect(await s.listApprovals("own_b")).toEqual([]);
      const upd = { decided_at: T0, decided_by: "own_a", assurance: "LOW" as const, decision_note: null };
      const done = await s.decideApproval("apr_1", { status: "APPROVED", ...upd });
      expect(done).toMatchObject({ status: "APPROVED", assurance: "LOW", action: { type: "purchase" } });
      expect(await s.decideApproval("apr_1", { status: "DENIED", ...upd })).toBeNull();
      expect((await s.getApproval("apr_1"))?.status).toBe("APPROVED");
    });

    it("pruneExpired drops only what has passed its window", async () => {
      await s.recordNonce("k", "old", T0MS - 1);
      await s.recordNonce("k", "new", T0MS + 60_000);
      const ch = { key: "c", limit_id: "l", window_seconds: 1, amount: 1, max: 10 };
      await s.commitAuthorization(commit("dec_1", "n1", { charges: [ch], nowMs: T0MS - 5000 }));
      const pruned = await s.pruneExpired(T0MS);
      expect(pruned).toMatchObject({ nonces: 1, charges: 1 });
      expect(await s.recordNonce("k", "old", T0MS + 1000)).toBe(true);
      expect(await s.recordNonce("k", "new", T0MS + 1000)).toBe(false);
    });
  });
}
