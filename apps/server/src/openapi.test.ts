import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./app";

describe("spec/openapi.json", () => {
  it("is what the routes produce (regenerate: pnpm --filter @openleash/server emit-openapi)", () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "..", "spec", "openapi.json"), "utf8"),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it("documents every route family of PROTOCOL.md", () => {
    const paths = Object.keys((buildOpenApiDocument() as { paths: Record<string, unknown> }).paths);
    for (const p of [
      "/v1/authorize",
      "/v1/agents/register",
      "/v1/agent/approval-requests/{id}",
      "/v1/verify-proof",
      "/.well-known/jwks.json",
      "/.well-known/openleash",
      "/v1/owner/policies/dry-run",
      "/v1/admin/owners",
    ]) {
      expect(paths).toContain(p);
    }
  });
});
