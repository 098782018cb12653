import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "identity-validators", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
