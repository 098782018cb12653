// Writes spec/openapi.json from the server's routes (the built package). Run: pnpm --filter @openleash/server emit-openapi
// A test (src/openapi.test.ts) fails when the committed file differs from what the routes produce.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOpenApiDocument } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "..", "..", "spec", "openapi.json");
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(), null, 2)}\n`);
console.log(`wrote ${target}`);
