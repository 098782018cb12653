/**
 * Tree-shaking: a bundle that imports one country's validators must not contain another
 * country's code. Bundled with esbuild (the bundler tsup uses), minified, as an application
 * would ship it.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_TYPES } from "../src/index.js";

/** The slice of esbuild's API this test uses. */
interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: Array<{ text: string }> }>;
}
const root = fileURLToPath(new URL("../", import.meta.url));
const requireFromHere = createRequire(import.meta.url);
// esbuild is not a dependency of this package: take the copy tsup (a workspace tool) runs on.
const esbuild = createRequire(requireFromHere.resolve("tsup"))("esbuild") as Esbuild;

async function bundle(source: string): Promise<string> {
  const result = await esbuild.build({
    stdin: { contents: source, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]?.text ?? "";
}

/** Types present in a bundle, found by their English names (unique string literals). */
function typeIdsIn(code: string): string[] {
  return ALL_TYPES.filter((t) => code.includes(`"${t.name}"`)).map((t) => t.id);
}

describe("tree-shaking", () => {
  let whole = "";
  beforeAll(async () => {
    whole = await bundle(`import { validate } from "./src/index.ts"; console.log(validate("se.vat", "x"));`);
  });

  it("the root entry carries every type (the baseline)", () => {
    expect(typeIdsIn(whole)).toHaveLength(ALL_TYPES.length);
  });

  it("importing Sweden's module pulls in Swedish types only, at a fraction of the size", async () => {
    const code = await bundle(
      `import { types } from "./src/countries/se.ts"; console.log(types.map((t) => t.validate("x")));`,
    );
    expect(typeIdsIn(code)).toEqual(["se.personnummer", "se.orgnr", "se.vat"]);
    // stdnum's per-file imports keep other countries' stdnum modules out as well.
    expect(code).not.toMatch(/Finnish|German|Danish|Hetu|ytunnus/i);
    expect(code.length).toBeLessThan(whole.length / 5);
  });

  it("importing one validator drops its country's other types", async () => {
    const code = await bundle(
      `import { hetu } from "./src/countries/fi.ts"; console.log(hetu.validate("131052-308T"));`,
    );
    expect(typeIdsIn(code)).toEqual(["fi.hetu"]);
  });

  it("importing EORI from the EU module does not pull in the 27 VAT validators", async () => {
    const code = await bundle(
      `import { eori } from "./src/countries/eu.ts"; console.log(eori.validate("x"));`,
    );
    expect(typeIdsIn(code)).toEqual(["eu.eori"]);
  });

  const built = existsSync(`${root}dist/se.js`);
  it.skipIf(!built)("the published subpath export (dist/se.js) tree-shakes the same way", async () => {
    const code = await bundle(
      `import { personnummer } from "@openleash/identity-validators/se"; console.log(personnummer.validate("x"));`,
    );
    expect(typeIdsIn(code)).toEqual(["se.personnummer"]);
    expect(code.length).toBeLessThan(whole.length / 5);
  });
});
