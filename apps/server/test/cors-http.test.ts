import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type OpenLeashServer } from "../src/server";
import { silentLogger } from "../src/util/logger";

const APP = "https://app.example";

// Over a real socket: the entry point in front of the Hono app must keep the headers the CORS
// middleware adds, and send preflights and every request with an Origin (never the fast path) to Hono.
describe("CORS over real HTTP", () => {
  let dir: string;
  let server: OpenLeashServer;
  let url: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "openleash-cors-http-"));
    server = await createServer({
      dataDir: dir,
      port: 0,
      env: {},
      logger: silentLogger,
      config: { logLevel: "silent", corsOrigins: [APP] },
    });
    ({ url } = await server.listen());
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a preflight for POST /v1/authorize is answered for the allowed origin only", async () => {
    const ask = (origin: string) =>
      fetch(`${url}/v1/authorize`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type,content-digest,signature,signature-input",
        },
      });
    const ok = await ask(APP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe(APP);
    expect(ok.headers.get("access-control-allow-headers")).toContain("Signature-Input");
    const other = await ask("https://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("a GET from the allowed origin is readable (Access-Control-Allow-Origin, Vary: Origin)", async () => {
    const res = await fetch(`${url}/.well-known/jwks.json`, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(APP);
    expect(res.headers.get("vary")).toContain("Origin");
  });
});
