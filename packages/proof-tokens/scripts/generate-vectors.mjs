// Generates the cross-language test vectors in spec/vectors/ from fixed keys, fixed times and fixed
// nonces (Ed25519 is deterministic, so every byte is reproducible). `buildVectors(lib)` is also run
// by the package's tests against the source, which fail when the committed files differ.
//
//   npx pnpm@10.34.9 --filter @openleash/proof-tokens build
//   node packages/proof-tokens/scripts/generate-vectors.mjs
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { actionHashVectors } from "./vectors/action-hash.mjs";
import { requestSignatureVectors } from "./vectors/request-signatures.mjs";
import { approvalTokenVectors, chainVectors, proofTokenVectors } from "./vectors/tokens.mjs";

/** Where the vectors live, relative to this script. */
export const VECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "spec", "vectors");

/** Every vector file: name -> JSON text (2-space indent, trailing newline). */
export async function buildVectors(lib) {
  const files = {
    "action-hash.json": await actionHashVectors(lib),
    "request-signatures.json": await requestSignatureVectors(lib),
    "proof-tokens.json": await proofTokenVectors(lib),
    "approval-tokens.json": await approvalTokenVectors(lib),
    "chains.json": await chainVectors(lib),
  };
  return Object.fromEntries(
    Object.entries(files).map(([name, data]) => [name, `${JSON.stringify(data, null, 2)}\n`]),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const lib = await import("../dist/index.js");
  mkdirSync(VECTORS_DIR, { recursive: true });
  for (const [name, text] of Object.entries(await buildVectors(lib))) {
    writeFileSync(join(VECTORS_DIR, name), text);
    console.log(`wrote spec/vectors/${name}`);
  }
}
