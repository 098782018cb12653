import { createRequire } from "node:module";

/**
 * Version of the `openleash` command (`openleash --version`, `openleash start --json`), read from
 * the package's own package.json (`../package.json` from both `src/` and `dist/`), so a release
 * bump by changesets can never leave it behind.
 */
export const VERSION: string = (createRequire(import.meta.url)("../package.json") as { version: string })
  .version;
