import { verifyProof } from "@openleash/proof-tokens";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ISSUER, purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

describe("human approval and step-up (PROTOCOL.md §6)", () => {
  let t: TestServer;
  let owner: { id: string; token: string };
  let agent: TestAgent;
  beforeEach(async () => {
    t = await TestServer.start();
    owner = await t.createOwner();
    agent = await t.enrollAgent(owner.token);
    await t.bindPolicy(owner.token, STARTER_POLICY);
  });
  afterEach(async () => {
    await t.close();
  });

  it("REQUIRE_APPROVAL → long-poll → owner approves → single-use token → ALLOW with approval_id", async () => {
    const action = purchase(90_000);
    const first = await t.agentCall(agent, "POST", "/v1/authorize", { action });
    expect(first.json).toMatchObject({
      decision: "REQUIRE_APPROVAL",
      obligations: [{ type: "HUMAN_APPROVAL" }],
    });
    const id = first.json.approval_request_id as string;
    expect((await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json.status).toBe(
      "PENDING",
    );

    const listed = await t.call("GET", "/v1/owner/approval-requests?status=PENDING", { token: owner.token });
    expect(listed.json.approval_requests.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(listed.json.approval_requests[0].action).toEqual(action);

    const poll = t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}?wait=10`);
    const approved = await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, {
      token: owner.token,
      body: { note: "ok" },
    });
    expect(approved.json).toMatchObject({ status: "APPROVED", assurance: "LOW" });
    const view = (await poll).json;
    expect(view).toMatchObject({ status: "APPROVED", assurance: "LOW" });
    expect(typeof view.approval_token).toBe("string");

    const second = await t.agentCall(agent, "POST", "/v1/authorize", {
      action,
      approval_token: view.approval_token,
    });
    expect(second.json.decision).toBe("ALLOW");
    const { claims } = await verifyProof({
      token: second.json.proof_token,
      jwks: t.services.keys.jwks(),
      issuer: ISSUER,
      now: t.clock.now(),
    });
    expect(claims).toMatchObject({ approval_id: id, assurance: "LOW" });

    const reuse = await t.agentCall(agent, "POST", "/v1/authorize", {
      action,
      approval_token: view.approval_token,
    });
    expect(reuse).toMatchObject({ status: 403, json: { code: "APPROVAL_TOKEN_USED" } });
    expect((await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json.status).toBe("USED");

    const again = await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    expect(again).toMatchObject({ status: 409, json: { code: "APPROVAL_NOT_PENDING" } });
  });

  it("two concurrent redemptions of one approval token: exactly one ALLOW", async () => {
    const action = purchase(90_000);
    const id = (await t.agentCall(agent, "POST", "/v1/authorize", { action })).json.approval_request_id;
    await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    const token = (await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json.approval_token;
    const inits = await Promise.all(
      [0, 1, 2].map(() => t.signed(agent, "POST", "/v1/authorize", { action, approval_token: token })),
    );
    const results = await Promise.all(inits.map((init) => t.send("/v1/authorize", init)));
    expect(results.filter((r) => r.status === 200 && r.json.decision === "ALLOW")).toHaveLength(1);
    expect(results.filter((r) => r.status === 403 && r.json.code === "APPROVAL_TOKEN_USED")).toHaveLength(2);
  });

  it("an approval token for another action or presented by another agent is refused", async () => {
    const action = purchase(90_000);
    const id = (await t.agentCall(agent, "POST", "/v1/authorize", { action })).json.approval_request_id;
    await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    const token = (await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json.approval_token;
    const other = await t.agentCall(agent, "POST", "/v1/authorize", {
      action: purchase(90_000),
      approval_token: token,
    });
    expect(other).toMatchObject({ status: 403, json: { code: "APPROVAL_TOKEN_INVALID" } });
    const twin = await t.enrollAgent(owner.token, "twin");
    const stolen = await t.agentCall(twin, "POST", "/v1/authorize", { action, approval_token: token });
    expect(stolen).toMatchObject({ status: 403, json: { code: "APPROVAL_TOKEN_INVALID" } });
    expect((await t.agentCall(twin, "GET", `/v1/agent/approval-requests/${id}`)).status).toBe(404);
    // Still redeemable by the right agent for the right action.
    expect(
      (await t.agentCall(agent, "POST", "/v1/authorize", { action, approval_token: token })).json.decision,
    ).toBe("ALLOW");
  });

  it("REQUIRE_STEP_UP above LOW cannot be approved with an API token (403), only denied", async () => {
    const action = { id: "w1", type: "wire.transfer", payload: { amount_minor: 1 } };
    const r = await t.agentCall(agent, "POST", "/v1/authorize", { action });
    expect(r.json.decision).toBe("REQUIRE_STEP_UP");
    const id = r.json.approval_request_id;
    const before = t.snapshot();
    const refused = await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    expect(refused).toMatchObject({
      status: 403,
      json: { code: "ASSURANCE_TOO_LOW", required_assurance: "SUBSTANTIAL", current_assurance: "LOW" },
    });
    expect(t.snapshot()).toEqual(before);
    expect(
      (await t.call("GET", `/v1/owner/approval-requests/${id}`, { token: owner.token })).json.status,
    ).toBe("PENDING");
    const denied = await t.call("POST", `/v1/owner/approval-requests/${id}/deny`, { token: owner.token });
    expect(denied.json.status).toBe("DENIED");
    const view = (await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}?wait=5`)).json;
    expect(view).toMatchObject({ status: "DENIED", approval_token: null });
  });

  it("an approval is redeemable only for approvalTokenTtlSeconds after the decision", async () => {
    const action = purchase(90_000);
    const id = (await t.agentCall(agent, "POST", "/v1/authorize", { action })).json.approval_request_id;
    await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    t.clock.advance(200);
    const view = (await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json;
    expect(Date.parse(view.approval_token_expires_at)).toBe(Date.parse(view.decided_at) + 300_000);
    t.clock.advance(101);
    const late = (await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json;
    expect(late).toMatchObject({ status: "EXPIRED", approval_token: null });
    const redeem = await t.agentCall(agent, "POST", "/v1/authorize", {
      action,
      approval_token: view.approval_token,
    });
    expect(redeem).toMatchObject({
      status: 403,
      json: { code: "APPROVAL_TOKEN_INVALID", reason: "TOKEN_EXPIRED" },
    });
  });

  it("an unanswered request expires", async () => {
    const id = (await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(90_000) })).json
      .approval_request_id;
    t.clock.advance(16 * 60);
    expect((await t.agentCall(agent, "GET", `/v1/agent/approval-requests/${id}`)).json.status).toBe(
      "EXPIRED",
    );
    const late = await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: owner.token });
    expect(late).toMatchObject({ status: 409, json: { code: "APPROVAL_NOT_PENDING" } });
  });

  it("another owner cannot see or decide the request", async () => {
    const id = (await t.agentCall(agent, "POST", "/v1/authorize", { action: purchase(90_000) })).json
      .approval_request_id;
    const mallory = await t.createOwner("mallory");
    expect((await t.call("GET", `/v1/owner/approval-requests/${id}`, { token: mallory.token })).status).toBe(
      404,
    );
    expect(
      (await t.call("POST", `/v1/owner/approval-requests/${id}/approve`, { token: mallory.token })).status,
    ).toBe(404);
    expect(
      (await t.call("GET", "/v1/owner/approval-requests", { token: mallory.token })).json.approval_requests,
    ).toEqual([]);
  });
});
