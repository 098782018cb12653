import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { ApiError } from "./api-error";
import { ERROR_CATALOGUE, ERROR_CODES } from "./catalogue";
import { createErrorHandler, notFoundHandler, PROBLEM_TYPE_BASE } from "./problem";

describe("problem+json mapping (RFC 9457)", () => {
  const logged: unknown[] = [];
  const app = new Hono();
  app.onError(createErrorHandler((e) => logged.push(e)));
  app.notFound(notFoundHandler);
  app.get("/api-error", () => {
    throw new ApiError("CONFLICT", "already there", { extra: 1 }, { "retry-after": "3" });
  });
  app.get("/boom", () => {
    throw new Error("secret olo_abcdef in a stack");
  });

  it("every code has an HTTP error status and a title", () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_CATALOGUE[code].status).toBeGreaterThanOrEqual(400);
      expect(ERROR_CATALOGUE[code].title.length).toBeGreaterThan(0);
    }
  });

  it("an ApiError keeps its code, detail, extension members and headers", async () => {
    const res = await app.request("/api-error");
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.headers.get("retry-after")).toBe("3");
    expect(await res.json()).toEqual({
      type: `${PROBLEM_TYPE_BASE}conflict`,
      title: "Conflict",
      status: 409,
      detail: "already there",
      code: "CONFLICT",
      instance: "/api-error",
      extra: 1,
    });
  });

  it("an unexpected error is a 500 INTERNAL that does not echo its message", async () => {
    const res = await app.request("/boom");
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body).code).toBe("INTERNAL");
    expect(body).not.toContain("olo_");
    expect(logged).toHaveLength(1);
  });

  it("unknown routes are 404 problem documents", async () => {
    const res = await app.request("/nowhere");
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("NOT_FOUND");
  });
});
