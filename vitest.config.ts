import { defineConfig } from "vitest/config";

// One vitest run over every workspace project, so the whole suite ends in one summary.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "sdks/typescript", "examples/*"],
    reporters: ["default", "./scripts/summary-reporter.ts"],
  },
});
