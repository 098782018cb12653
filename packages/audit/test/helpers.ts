import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";
import type { CheckpointSigner } from "../src/index";

/** A real Ed25519 signer plus the JWKS that verifies it. */
export function makeSigner(kid = "test-key"): { signer: CheckpointSigner; jwks: { keys: object[] } } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const signer: CheckpointSigner = {
    kid,
    sign: async (data) => new Uint8Array(sign(null, data, privateKey)),
  };
  return { signer, jwks: { keys: [{ ...publicKey.export({ format: "jwk" }), kid }] } };
}

const dirs: string[] = [];

/** A fresh temp directory removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "openleash-audit-"));
  dirs.push(dir);
  return dir;
}

const suiteDirs: string[] = [];

/** A fresh temp directory that lives until the end of the file (for `beforeAll` fixtures). */
export async function suiteTempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "openleash-audit-"));
  suiteDirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

afterAll(async () => {
  for (const d of suiteDirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A deterministic clock advancing 1 s per call from 2026-01-01. */
export function steppingClock(start = Date.UTC(2026, 0, 1)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}
