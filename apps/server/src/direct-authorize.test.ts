import { generateKeyPair, importSigningKey } from "@openleash/proof-tokens";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purchase, type TestAgent, TestServer } from "../test/helpers";

type Init = { method: string; headers: Record<string, string>; body?: string };
type Answer = { status: number; type: string | null; json: Record<string, unknown> | null };

// What differs between two otherwise identical decisions: fresh ids, the proof and its expiry.
const PER_DECISION = ["decision_id", "proof_token", "proof_expires_at"];

/**
 * POST /v1/authorize over a real socket is served by the fast path (http/fast-server.ts calling
 * direct-authorize.ts); `app.request()` goes through the Hono route. Both must give the same answer to the same request
 * and leave the same state: this compares them case by case.
 */
describe("direct authorize path answers exactly as the Hono route", () => {
  let t: TestServer;
  let url: string;
  let agent: TestAgent;

  beforeAll(async () => {
    ({ t, url, agent } = await TestServer.listeningWithAgent({ maxBodyBytes: 4096 }));
  });
  afterAll(async () => {
    await t.close();
  });

  async function read(res: Response): Promise<Answer> {
    const text = await res.text();
    return {
      status: res.status,
      type: res.headers.get("content-type"),
      json: text ? JSON.parse(text) : null,
    };
  }
  const viaHono = async (init: Init) => read(await t.app.request("/v1/authorize", init));
  const viaSocket = async (init: Init) => read(await fetch(`${url}/v1/authorize`, init));

  /** Sends a request that changes nothing both ways; answers and state must be the same. */
  async function expectSameRefusal(init: Init, status: number, code: string) {
    const before = t.snapshot();
    const hono = await viaHono(init);
    const direct = await viaSocket(init);
    expect(direct).toEqual(hono);
    expect(direct.status).toBe(status);
    expect(direct.json).toMatchObject({ code, instance: "/v1/authorize" });
    expect(t.snapshot()).toEqual(before);
  }

  it("an ALLOW: same decision, proof and audit record either way", async () => {
    const action = purchase(100);
    const auditBefore = t.services.audit.head().seq;
    const hono = await viaHono(await t.signed(agent, "POST", "/v1/authorize", { action }));
    const direct = await viaSocket(await t.signed(agent, "POST", "/v1/authorize", { action }));
    expect(direct.status).toBe(200);
    expect(direct.type).toBe(hono.type);
    expect(direct.json?.decision).toBe("ALLOW");
    expect(typeof direct.json?.proof_token).toBe("string");
    const strip = (a: Answer) =>
      Object.fromEntries(Object.entries(a.json ?? {}).filter(([k]) => !PER_DECISION.includes(k)));
    expect(strip(direct)).toEqual(strip(hono));
    expect(t.services.audit.head().seq).toBe(auditBefore + 2);
  });

  it("a REQUIRE_APPROVAL with its trace (explain)", async () => {
    const body = { action: purchase(90_000), explain: true };
    const direct = await viaSocket(await t.signed(agent, "POST", "/v1/authorize", body));
    const hono = await viaHono(await t.signed(agent, "POST", "/v1/authorize", body));
    expect(direct.json?.decision).toBe("REQUIRE_APPROVAL");
    expect(Array.isArray(direct.json?.trace)).toBe(true);
    const strip = (a: Answer) =>
      Object.fromEntries(
        Object.entries(a.json ?? {}).filter(([k]) => k !== "decision_id" && k !== "approval_request_id"),
      );
    expect(strip(direct)).toEqual(strip(hono));
  });

  it("a replayed request: NONCE_REPLAY both ways", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    expect((await viaSocket(init)).json?.decision).toBe("ALLOW");
    await expectSameRefusal(init, 401, "NONCE_REPLAY");
  });

  it("signature failures: digest mismatch, unknown key, missing headers", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    await expectSameRefusal(
      { ...init, body: JSON.stringify({ action: purchase(99_999) }) },
      401,
      "DIGEST_MISMATCH",
    );
    const kp = await generateKeyPair();
    const stranger = { kid: kp.kid, key: await importSigningKey(kp.privateJwk) };
    const unknown = await t.signed(stranger, "POST", "/v1/authorize", { action: purchase(100) });
    await expectSameRefusal(unknown, 401, "INVALID_SIGNATURE");
    await expectSameRefusal(
      { method: "POST", headers: { "content-type": "application/json" }, body: "{}" },
      401,
      "MALFORMED_SIGNATURE",
    );
  });

  it("malformed JSON, an empty body and a schema-invalid body (all correctly signed)", async () => {
    const bad = await t.signed(agent, "POST", "/v1/authorize", undefined, { rawBody: '{"action": {' });
    await expectSameRefusal(bad, 400, "MALFORMED_JSON");
    const empty = await t.signed(agent, "POST", "/v1/authorize", undefined, { rawBody: "" });
    await expectSameRefusal(
      { ...empty, headers: { ...empty.headers, "content-type": "application/json" } },
      400,
      "MALFORMED_JSON",
    );
    const invalid = await t.signed(agent, "POST", "/v1/authorize", { action: { id: "x", type: "purchase" } });
    await expectSameRefusal(invalid, 400, "INVALID_REQUEST");
  });

  it("an oversized body: 413 before anything is read or verified", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", {
      action: purchase(100, { note: "x".repeat(10_000) }),
    });
    await expectSameRefusal(init, 413, "PAYLOAD_TOO_LARGE");
  });

  it("a chunked body (no Content-Length) is counted: over the limit 413, under it decided", async () => {
    const chunked = (init: Init): RequestInit => {
      const bytes = new TextEncoder().encode(init.body);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.subarray(0, 100));
          controller.enqueue(bytes.subarray(100));
          controller.close();
        },
      });
      return { method: init.method, headers: init.headers, body, duplex: "half" } as RequestInit;
    };
    const big = await t.signed(agent, "POST", "/v1/authorize", {
      action: purchase(100, { note: "x".repeat(10_000) }),
    });
    const before = t.snapshot();
    const direct = await read(await fetch(`${url}/v1/authorize`, chunked(big)));
    const hono = await read(await t.app.request("/v1/authorize", chunked(big)));
    expect(direct).toEqual(hono);
    expect(direct.json).toMatchObject({ status: 413, code: "PAYLOAD_TOO_LARGE" });
    expect(t.snapshot()).toEqual(before);
    const small = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    expect((await read(await fetch(`${url}/v1/authorize`, chunked(small)))).json?.decision).toBe("ALLOW");
  });

  it("headers over the limit: 431 both ways", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const big = {
      ...init,
      headers: { ...init.headers, "x-padding": "p".repeat(t.server.config.maxHeaderBytes) },
    };
    await expectSameRefusal(big, 431, "HEADERS_TOO_LARGE");
  });

  it("another media type takes the Hono path over the socket too (415)", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    await expectSameRefusal(
      { ...init, headers: { ...init.headers, "content-type": "text/plain" } },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    );
  });

  it("requests with an Origin (browsers, CORS) take the Hono path over the socket", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const withOrigin = { ...init, headers: { ...init.headers, origin: "https://shop.example" } };
    const answer = await viaSocket(withOrigin);
    expect(answer.status).toBe(200);
    expect(answer.json?.decision).toBe("ALLOW");
  });
});
