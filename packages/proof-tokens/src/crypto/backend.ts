import { KeyError } from "../errors.js";
import { loadNodeCrypto, nodeBackend } from "./node-backend.js";
import { tweetnaclBackend } from "./tweetnacl-backend.js";
import type { CryptoBackendName, Ed25519Backend } from "./types.js";
import { webCryptoBackend, webCryptoHasEd25519 } from "./webcrypto-backend.js";

let selected: Promise<Ed25519Backend> | null = null;
let forced: CryptoBackendName | "auto" = "auto";

async function detect(): Promise<Ed25519Backend> {
  const node = loadNodeCrypto();
  if (node) return nodeBackend(node);
  if (await webCryptoHasEd25519()) return webCryptoBackend();
  return tweetnaclBackend();
}

async function load(name: CryptoBackendName): Promise<Ed25519Backend> {
  if (name === "node") {
    const node = loadNodeCrypto();
    if (!node) throw new KeyError("UNSUPPORTED_RUNTIME", "node:crypto is not available in this runtime");
    return nodeBackend(node);
  }
  if (name === "webcrypto") {
    if (!(await webCryptoHasEd25519())) {
      throw new KeyError("UNSUPPORTED_RUNTIME", "WebCrypto Ed25519 is not available in this runtime");
    }
    return webCryptoBackend();
  }
  return tweetnaclBackend();
}

/**
 * The Ed25519 implementation in use, detected once per process: node:crypto when present, else
 * WebCrypto Ed25519, else tweetnacl.
 */
export function ed25519Backend(): Promise<Ed25519Backend> {
  if (!selected) {
    selected = forced === "auto" ? detect() : load(forced);
    // A failed load must not poison every later call.
    selected.catch(() => {
      selected = null;
    });
  }
  return selected;
}

/**
 * Force one Ed25519 implementation (`"auto"` restores detection). Meant for tests and for runtimes
 * where detection picks wrongly; keys already imported keep the implementation they were imported with.
 *
 * @example
 * setCryptoBackend("tweetnacl"); // exercise the pure-JS fallback
 */
export function setCryptoBackend(name: CryptoBackendName | "auto"): void {
  if (!["auto", "node", "webcrypto", "tweetnacl"].includes(name)) {
    throw new TypeError(`unknown crypto backend ${String(name)}`);
  }
  forced = name;
  selected = null;
}

/** Name of the Ed25519 implementation that signs and verifies (detects it if not done yet). */
export async function cryptoBackendName(): Promise<CryptoBackendName> {
  return (await ed25519Backend()).name;
}
