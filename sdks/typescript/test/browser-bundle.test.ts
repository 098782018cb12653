import { readdir, readFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url);
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe("browser and edge runtimes", () => {
  it("src/index.ts bundles for platform=browser without any Node builtin", async () => {
    const result = await build({
      entryPoints: [new URL("index.ts", SRC).pathname],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.map((i) => i.path),
    );
    expect(imports.filter((p) => BUILTINS.has(p) || p.startsWith("node:"))).toEqual([]);
    // "<runtime>" is esbuild's own helper module; anything else external would be left to the host.
    const externals = Object.values(result.metafile.inputs).flatMap((i) =>
      i.imports.filter((x) => x.external && x.path !== "<runtime>"),
    );
    expect(externals).toEqual([]);
    // The bundle really contains the SDK (a vacuous empty bundle would also have no builtins).
    const text = result.outputFiles[0]!.text;
    expect(text).toContain("openleash-proof+jwt");
    expect(text).toContain("/v1/agents/register");
  });

  it("the SDK's own source never imports node: modules", async () => {
    const files = (await readdir(SRC, { recursive: true })).filter((f) => f.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) {
      const text = await readFile(join(SRC.pathname, file), "utf8");
      expect(text, file).not.toMatch(/from\s+["']node:|import\(\s*["']node:|require\(/);
    }
  });
});
