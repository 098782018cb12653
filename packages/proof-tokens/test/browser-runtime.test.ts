import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLocalJWKSet, jwtVerify } from "jose";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importVerificationKey, verifyProof, verifyRequest } from "../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
let outDir: string;

// Runs in a child Node process made to look like a browser: no process.getBuiltinModule (so no
// node:crypto), no Buffer, and per MODE a WebCrypto without Ed25519 or without subtle at all.
const CHILD = `
const mode = process.env.MODE;
delete process.getBuiltinModule;
delete globalThis.Buffer;
const real = globalThis.crypto;
if (mode !== "webcrypto") {
  const subtle = mode === "no-subtle" ? undefined : new Proxy(real.subtle, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      return (...args) => {
        const alg = args.find((a) => a && typeof a === "object" && "name" in a);
        if (alg && String(alg.name).toLowerCase() === "ed25519") {
          return Promise.reject(new DOMException("Ed25519 unsupported", "NotSupportedError"));
        }
        return value.apply(target, args);
      };
    },
  });
  Object.defineProperty(globalThis, "crypto", { value: { getRandomValues: (a) => real.getRandomValues(a), subtle } });
}
const lib = await import(process.env.BUNDLE);
const now = new Date("2026-11-26T10:30:00Z");
const action = { id: "a1", type: "purchase", relying_party: { domain: "storeco.example" }, payload: { amount_minor: 8500, t: "Grüße 😀" } };
const ring = await lib.KeyRing.generate({ now });
const { token } = await lib.issueProof({ key: ring.active(), issuer: "https://leash.example", agentId: "agt_1", ownerId: "usr_1",
  action, policyVersion: "pv", matchedRule: null, decisionId: "dec_1", ttlSeconds: 120, now });
await lib.verifyProof({ token, jwks: ring.jwks(), action, now });
const agent = await lib.generateKeyPair();
const body = new TextEncoder().encode(JSON.stringify({ action }));
const headers = await lib.signRequest({ method: "POST", url: "/v1/authorize?x=1", body, key: agent.privateJwk, keyId: agent.kid, now });
const agentKey = await lib.importVerificationKey(agent.publicJwk);
await lib.verifyRequest({ method: "POST", path: "/v1/authorize", query: "?x=1", headers, body: body, now, resolveKey: () => agentKey });
console.log(JSON.stringify({ backend: await lib.cryptoBackendName(), token, jwks: ring.jwks(), headers, agent: agent.publicJwk,
  body: Array.from(body), hash: await lib.actionHash(action) }));
`;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "proof-tokens-browser-"));
  // A browser build of the source. Vite would quietly swap a Node builtin for an empty shim, so a
  // plugin fails the build if this package's own code imports one (tweetnacl's guarded
  // require("crypto") is its own business and never runs where this fallback is used).
  const src = join(root, "src");
  await build({
    root,
    logLevel: "silent",
    configFile: false,
    plugins: [
      {
        name: "forbid-node-builtins",
        enforce: "pre",
        resolveId(id: string, importer: string | undefined) {
          if (importer?.startsWith(src) && (id.startsWith("node:") || builtinModules.includes(id))) {
            throw new Error(`${importer} imports the Node builtin ${id}`);
          }
          return null;
        },
      },
    ],
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: join(root, "src/index.ts"), formats: ["es"], fileName: "bundle" },
    },
  });
  writeFileSync(join(outDir, "child.mjs"), CHILD);
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe("browser/edge runtime", () => {
  it("bundles for the browser without any node: import", () => {
    for (const file of readdirSync(outDir).filter((f) => f.endsWith(".js"))) {
      expect(readFileSync(join(outDir, file), "utf8"), file).not.toMatch(
        /from\s*["']node:|import\(["']node:|require\(["']node:/,
      );
    }
  });

  it.each([
    ["webcrypto", "webcrypto"],
    ["no-ed25519", "tweetnacl"],
    ["no-subtle", "tweetnacl"],
  ])("runs with %s and interoperates with Node", async (mode, backend) => {
    const bundle = join(outDir, readdirSync(outDir).find((f) => f.startsWith("bundle"))!);
    const stdout = execFileSync(process.execPath, [join(outDir, "child.mjs")], {
      env: { ...process.env, MODE: mode, BUNDLE: bundle },
      encoding: "utf8",
      timeout: 30_000,
    });
    const out = JSON.parse(stdout.trim().split("\n").pop()!);
    expect(out.backend).toBe(backend);
    const now = new Date("2026-11-26T10:30:00Z");
    const { claims } = await verifyProof({ token: out.token, jwks: out.jwks, now });
    expect(claims.action_hash).toBe(out.hash);
    await jwtVerify(out.token, createLocalJWKSet(out.jwks), { currentDate: now, typ: "openleash-proof+jwt" });
    const key = await importVerificationKey(out.agent);
    const verified = await verifyRequest({
      method: "POST",
      path: "/v1/authorize",
      query: "?x=1",
      headers: out.headers,
      body: new Uint8Array(out.body),
      now,
      resolveKey: () => key,
    });
    expect(verified.keyId).toBe(out.agent.kid);
  });
});
