import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { generateSchemaSource, OUTPUT_PATH } from "../scripts/generate.mjs";

describe("src/generated/schema.ts", () => {
  it("is exactly what `pnpm --filter @openleash/sdk generate` produces from spec/openapi.json", async () => {
    const committed = await readFile(OUTPUT_PATH, "utf8");
    const fresh = await generateSchemaSource();
    // On failure: run `npx pnpm@10.34.9 --filter @openleash/sdk generate` and commit the result.
    expect(committed === fresh, "src/generated/schema.ts is stale: regenerate it").toBe(true);
  });

  it("covers every path of the spec", async () => {
    const spec = JSON.parse(await readFile(new URL("../../../spec/openapi.json", import.meta.url), "utf8"));
    const committed = await readFile(OUTPUT_PATH, "utf8");
    for (const path of Object.keys(spec.paths)) expect(committed).toContain(`"${path}": {`);
  });
});
