import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "proof-tokens", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
