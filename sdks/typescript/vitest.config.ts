import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "typescript", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
