import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpenLeashAdmin, OpenLeashApiError } from "../src/index";
import { RealServer } from "./server";

describe("OpenLeashAdmin against a real server", () => {
  let srv: RealServer;
  beforeAll(async () => {
    srv = await RealServer.start();
  });
  afterAll(async () => {
    await srv.close();
  });

  it("listInstanceKeys: roles and dates, matching the JWKS and following a rotation", async () => {
    const admin = new OpenLeashAdmin({ baseUrl: srv.url, token: srv.adminToken });
    const before = await admin.listInstanceKeys();
    expect(before.map((k) => k.status)).toEqual(["active", "next"]);
    const jwks = (await (await fetch(`${srv.url}/.well-known/jwks.json`)).json()) as {
      keys: { kid: string }[];
    };
    expect(before.map((k) => k.kid)).toEqual(jwks.keys.map((k) => k.kid));
    expect(before[0]!.public_jwk).toEqual(jwks.keys[0]);
    expect(before[0]!.public_jwk).not.toHaveProperty("d");

    const rotated = await admin.rotateKeys();
    const after = await admin.listInstanceKeys();
    expect(after.map((k) => [k.kid, k.status])).toEqual([
      [before[1]!.kid, "active"],
      [expect.any(String), "next"],
      [before[0]!.kid, "retired"],
    ]);
    expect(rotated.active_kid).toBe(before[1]!.kid);
    expect(after[2]!.retired_at).not.toBeNull();
    expect(Date.parse(after[2]!.publish_until!)).toBeGreaterThan(Date.parse(after[2]!.retired_at!));
  });

  it("a wrong token is an OpenLeashApiError with the problem's code", async () => {
    const admin = new OpenLeashAdmin({ baseUrl: srv.url, token: "ola_wrong" });
    const err = await admin.listInstanceKeys().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenLeashApiError);
    expect((err as OpenLeashApiError).status).toBe(401);
    expect((err as OpenLeashApiError).code).toBe("INVALID_TOKEN");
  });
});
