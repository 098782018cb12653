import { readFileSync } from "node:fs";
import { defineProject } from "vitest/config";

export default defineProject({
  // Same as tsup's `.md: text` loader: markdown imports are strings.
  plugins: [
    {
      name: "markdown-as-text",
      load(id) {
        return id.endsWith(".md") ? `export default ${JSON.stringify(readFileSync(id, "utf8"))};` : null;
      },
    },
  ],
  test: { name: "server", include: ["src/**/*.test.ts", "test/**/*.test.ts"], testTimeout: 20_000 },
});
