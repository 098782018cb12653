import { verifyProof } from "@openleash/proof-tokens";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ISSUER, purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

describe("POST /v1/authorize", () => {
  let t: TestServer;
  let owner: { id: string; token: string };
  let agent: TestAgent;
  beforeEach(async () => {
    t = await TestServer.start();
    owner = await t.createOwner();
    agent = await t.enrollAgent(owner.token);
  });
  afterEach(async () => {
    await t.close();
  });

  it("answers DENY with NO_POLICY when nothing is bound, and records the decision", async () => {
    const r = await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(1000) });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ decision: "DENY", reason_code: "NO_POLICY", policy_version: "none" });
    expect(r.json.proof_token).toBeUndefined();
    const decisions = await t.call("GET", "/v1/owner/decisions", { token: owner.token });
    expect(decisions.json.decisions).toEqual([
      expect.objectContaining({
        id: r.json.decision_id,
        decision: "DENY",
        reason_code: "NO_POLICY",
        agent_id: agent.id,
      }),
    ]);
  });

  it("ALLOW carries a proof token verifiable offline with the JWKS", async () => {
    await t.bindPolicy(owner.token, STARTER_POLICY);
    const action = purchase(4500);
    const r = await t.agentCall(agent, "POST", "/v1/authorize", { action });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ decision: "ALLOW", matched_rule: "small-purchases" });
    const jwks = (await t.call("GET", "/.well-known/jwks.json")).json;
    const { claims } = await verifyProof({
      token: r.json.proof_token,
      jwks,
      issuer: ISSUER,
      audience: "storeco.example",
      action,
      now: t.clock.now(),
    });
    expect(claims).toMatchObject({
      sub: agent.id,
      owner: owner.id,
      jti: r.json.decision_id,
      action_type: "purchase",
    });
    expect(claims.action_hash).toBe(r.json.action_hash);
    // The audit record is durable before the answer left.
    const audit = await t.call("GET", `/v1/owner/audit?type=authorization.decision`, { token: owner.token });
    const record = audit.json.records.find(
      (x: { data: { decision_id: string } }) => x.data.decision_id === r.json.decision_id,
    );
    expect(record).toMatchObject({
      decision: "ALLOW",
      agent_id: agent.id,
      data: { proof_jti: r.json.decision_id },
    });
    expect(JSON.stringify(record).length).toBeLessThan(1024);
  });

  it("explain: true returns the trace", async () => {
    await t.bindPolicy(owner.token, STARTER_POLICY);
    const r = await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(100), explain: true });
    expect(r.json.decision).toBe("ALLOW");
    expect(Array.isArray(r.json.trace) && r.json.trace.length).toBeGreaterThan(0);
    const plain = await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(100) });
    expect(plain.json.trace).toBeUndefined();
  });

  it("200 concurrent 10 USD purchases against a 500 USD/day cap: exactly 50 ALLOW", async () => {
    await t.bindPolicy(owner.token, STARTER_POLICY);
    const requests = await Promise.all(
      Array.from({ length: 200 }, () => t.signed(agent, "POST", "/v1/authorize", { action: purchase(1000) })),
    );
    const results = await Promise.all(requests.map((init) => t.send("/v1/authorize", init)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const allowed = results.filter((r) => r.json.decision === "ALLOW");
    expect(allowed.length).toBe(50);
    expect(results.filter((r) => r.json.reason_code === "LIMIT_EXCEEDED").length).toBe(150);
    expect(allowed.every((r) => typeof r.json.proof_token === "string")).toBe(true);
  });
});
