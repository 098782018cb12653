import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config";
import { purchase, STARTER_POLICY, type TestAgent, TestServer } from "./helpers";

const APP = "https://app.example";
const EVIL = "https://evil.example";

function preflight(t: TestServer, path: string, origin: string, method = "POST") {
  return t.app.request(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "content-type,content-digest,signature,signature-input",
    },
  });
}

describe("CORS configuration", () => {
  it("defaults to none; OPENLEASH_CORS_ORIGINS is comma-separated; YAML lists work too", () => {
    expect(loadConfig({ env: {} }).corsOrigins).toEqual([]);
    expect(
      loadConfig({ env: { OPENLEASH_CORS_ORIGINS: " https://a.example, http://localhost:5173 ," } })
        .corsOrigins,
    ).toEqual(["https://a.example", "http://localhost:5173"]);
    expect(loadConfig({ env: { OPENLEASH_CORS_ORIGINS: "*" } }).corsOrigins).toEqual(["*"]);
    expect(loadConfig({ env: {}, overrides: { corsOrigins: [APP] } }).corsOrigins).toEqual([APP]);
  });

  it("refuses what a browser never sends as an Origin, and `*` mixed with origins", () => {
    for (const bad of [
      "https://app.example/",
      "https://app.example/path",
      "app.example",
      "HTTPS://APP.EXAMPLE",
      "https://app.example:443",
      "ftp://app.example",
      "null",
      "",
    ]) {
      expect(() => loadConfig({ env: {}, overrides: { corsOrigins: [bad] } }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ env: { OPENLEASH_CORS_ORIGINS: `*,${APP}` } })).toThrow(/only entry/);
  });
});

describe("CORS off (the default)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await TestServer.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it("sends no CORS header at all, even to a preflight", async () => {
    const pre = await preflight(t, "/v1/authorize", APP);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-methods")).toBeNull();
    const r = await t.call("GET", "/v1/health", { headers: { origin: APP } });
    expect(r.status).toBe(200);
    const names: string[] = [];
    r.headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names.filter((n) => n.startsWith("access-control-"))).toEqual([]);
    expect(names).toContain("content-type");
  });
});

describe("CORS with listed origins", () => {
  let t: TestServer;
  let agent: TestAgent;
  beforeAll(async () => {
    t = await TestServer.start({ corsOrigins: [APP, "http://localhost:5173"], rateLimitPerIpPerMinute: 0 });
    const owner = await t.createOwner();
    agent = await t.enrollAgent(owner.token);
    await t.bindPolicy(owner.token, STARTER_POLICY);
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers a preflight from an allowed origin with the protocol's headers", async () => {
    const res = await preflight(t, "/v1/authorize", APP);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = res.headers.get("access-control-allow-headers")!.toLowerCase().split(",");
    for (const h of ["authorization", "content-type", "content-digest", "signature", "signature-input"])
      expect(allowed).toContain(h);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toContain("Origin");
  });

  it("gives a disallowed origin no Access-Control-Allow-Origin, on preflights and requests", async () => {
    const pre = await preflight(t, "/v1/authorize", EVIL);
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    // A suffix or prefix of an allowed origin is not that origin.
    for (const origin of [EVIL, "https://app.example.evil.example", "http://app.example"]) {
      const r = await t.call("GET", "/v1/health", { headers: { origin } });
      expect(r.status).toBe(200);
      expect(r.headers.get("access-control-allow-origin")).toBeNull();
      expect(r.headers.get("vary")).toContain("Origin");
    }
  });

  it("POST /v1/authorize through the app with an Origin: decided, readable by the allowed page", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const res = await t.app.request("/v1/authorize", { ...init, headers: { ...init.headers, origin: APP } });
    expect(res.status).toBe(200);
    expect((await res.json()).decision).toBe("ALLOW");
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
  });

  it("POST /v1/authorize over a real socket with an Origin bypasses the fast path and gets the headers", async () => {
    const { url } = await t.server.listen();
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const res = await fetch(`${url}/v1/authorize`, { ...init, headers: { ...init.headers, origin: APP } });
    expect(res.status).toBe(200);
    expect((await res.json()).decision).toBe("ALLOW");
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
  });

  it("error answers carry the headers too, so the page can read the problem", async () => {
    const init = await t.signed(agent, "POST", "/v1/authorize", { action: purchase(100) });
    const tampered = {
      ...init,
      headers: { ...init.headers, origin: APP },
      body: init.body!.replace("100", "101"),
    };
    const res = await t.app.request("/v1/authorize", tampered);
    expect(res.status).toBe(401);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    const admin = await t.call("GET", "/v1/admin/keys", { headers: { origin: APP } });
    expect(admin.status).toBe(401);
    expect(admin.headers.get("access-control-allow-origin")).toBe(APP);
    expect(admin.headers.get("access-control-expose-headers")).toContain("WWW-Authenticate");
  });
});

describe("CORS with `*`", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await TestServer.start({ corsOrigins: ["*"] });
  });
  afterAll(async () => {
    await t.close();
  });

  it("allows any origin, still without credentials", async () => {
    const pre = await preflight(t, "/v1/verify-proof", EVIL);
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    const r = await t.call("GET", "/.well-known/jwks.json", { headers: { origin: EVIL } });
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("access-control-allow-credentials")).toBeNull();
  });
});
