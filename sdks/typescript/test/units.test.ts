import { describe, expect, it } from "vitest";
import {
  actionHash,
  createAction,
  generateAgentKey,
  OpenLeashAgent,
  OpenLeashApiError,
  OpenLeashError,
  parseInvite,
} from "../src/index";

describe("parseInvite", () => {
  it("takes the server and the token from an invite URL (token in the fragment)", () => {
    expect(parseInvite("https://leash.example/v1/agents/register#invite=oli_abc")).toEqual({
      baseUrl: "https://leash.example",
      token: "oli_abc",
    });
    expect(parseInvite("http://127.0.0.1:8787/base/v1/agents/register#invite=t1")).toEqual({
      baseUrl: "http://127.0.0.1:8787/base",
      token: "t1",
    });
  });

  it("accepts a bare token with a baseUrl and refuses what it cannot use", () => {
    expect(parseInvite(" oli_x ", "http://h:1/")).toEqual({ baseUrl: "http://h:1", token: "oli_x" });
    for (const bad of ["", "oli_x", "https://leash.example/v1/agents/register"]) {
      expect(() => parseInvite(bad)).toThrow(OpenLeashError);
      try {
        parseInvite(bad);
      } catch (err) {
        expect((err as OpenLeashError).code).toBe("INVALID_INVITE");
      }
    }
    expect(() => parseInvite("oli_x", "ftp://h")).toThrow(TypeError);
  });
});

describe("OpenLeashApiError", () => {
  it("carries the RFC 9457 problem", () => {
    const err = OpenLeashApiError.from(401, {
      type: "https://openleash.dev/problems/nonce-replay",
      title: "Replayed request",
      status: 401,
      detail: "this request was already received",
      code: "NONCE_REPLAY",
    });
    expect(err).toBeInstanceOf(OpenLeashError);
    expect(err).toMatchObject({ status: 401, code: "NONCE_REPLAY", title: "Replayed request" });
    expect(err.message).toBe("Replayed request: this request was already received");
  });

  it("still gives a typed error when the body is not a problem document", () => {
    const err = OpenLeashApiError.from(502, "<html>bad gateway</html>", "Bad Gateway");
    expect(err).toMatchObject({ status: 502, code: "HTTP_502", title: "Bad Gateway" });
  });
});

describe("createAction", () => {
  it("fills id and requested_at and keeps what it was given", async () => {
    const a = createAction({
      type: "purchase",
      payload: { amount_minor: 1 },
      relyingParty: { domain: "x.example" },
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.requested_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(a).toMatchObject({
      type: "purchase",
      relying_party: { domain: "x.example" },
      payload: { amount_minor: 1 },
    });
    const b = createAction({
      type: "purchase",
      payload: { amount_minor: 1 },
      id: "fixed",
      requestedAt: null,
    });
    expect(b).toEqual({ id: "fixed", type: "purchase", payload: { amount_minor: 1 } });
    expect(await actionHash(b)).toBe(
      await actionHash({ payload: { amount_minor: 1 }, type: "purchase", id: "fixed" }),
    );
    expect(() => createAction({ type: "", payload: {} })).toThrow(TypeError);
    expect(() => createAction({ type: "x", payload: [] as unknown as Record<string, unknown> })).toThrow(
      TypeError,
    );
  });
});

describe("OpenLeashAgent.fromEnv", () => {
  it("reads agent.env's variables", async () => {
    const key = await generateAgentKey();
    const agent = await OpenLeashAgent.fromEnv({
      OPENLEASH_URL: "http://127.0.0.1:8787",
      OPENLEASH_PRIVATE_KEY_JWK: JSON.stringify(key.privateJwk),
    });
    expect(agent.kid).toBe(key.kid);
    await expect(OpenLeashAgent.fromEnv({ OPENLEASH_URL: "http://x" })).rejects.toBeInstanceOf(TypeError);
    await expect(
      OpenLeashAgent.fromEnv({ OPENLEASH_URL: "http://x", OPENLEASH_PRIVATE_KEY_JWK: "{not json" }),
    ).rejects.toBeInstanceOf(TypeError);
  });
});
