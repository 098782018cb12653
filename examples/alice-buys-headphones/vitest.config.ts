import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "alice-buys-headphones",
    include: ["test/**/*.test.ts"],
    // Two real server processes start and stop in the end-to-end test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
