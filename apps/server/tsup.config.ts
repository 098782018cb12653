import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
  // The agent integration guide (src/llms.md) is bundled as a string: no file read at runtime.
  loader: { ".md": "text" },
});
