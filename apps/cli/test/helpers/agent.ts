import { randomUUID } from "node:crypto";
import {
  type Ed25519PrivateJwk,
  importSigningKey,
  type SigningKey,
  signRequest,
} from "@openleash/proof-tokens";
import { runCli } from "./process";

/** What `openleash init --json` prints (the members the tests use). */
export type InitOutput = {
  server_url: string;
  owner: { id: string; name: string };
  owner_api_token: string;
  agent: { id: string; name: string };
  key_id: string;
  private_key_jwk: Ed25519PrivateJwk;
  policy: { id: string; name: string; version: number };
};

/** A request signed ahead of time (RFC 9421), sendable once (or replayed on purpose). */
export type Prepared = { url: string; method: string; headers: Record<string, string>; body?: string };

/** An HTTP answer with its parsed JSON. */
export type Answer = { status: number; json: Record<string, unknown> };

/** Sends a prepared request. */
export async function send(p: Prepared): Promise<Answer> {
  const res = await fetch(p.url, {
    method: p.method,
    headers: p.headers,
    ...(p.body !== undefined ? { body: p.body } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A purchase action (PROTOCOL.md §2) with a fresh id. */
export function purchase(amountMinor: number, extra: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    type: "purchase",
    payload: { amount_minor: amountMinor, currency: "USD", item: "headphones", ...extra },
  };
}

/** The agent side of the tests: signs every request with the key `openleash init` generated. */
export class TestAgent {
  private constructor(
    readonly init: InitOutput,
    private readonly key: SigningKey,
  ) {}

  /** Runs `openleash init --url ... --json` against a server and wraps the agent it created. */
  static async create(
    url: string,
    adminToken: string,
    names: { owner: string; agent: string; policy?: string },
  ): Promise<TestAgent> {
    const r = await runCli([
      "init",
      "--url",
      url,
      "--admin-token",
      adminToken,
      "--owner",
      names.owner,
      "--agent",
      names.agent,
      ...(names.policy ? ["--policy", names.policy] : []),
      "--no-env",
      "--json",
    ]);
    if (r.code !== 0) throw new Error(`init failed (${r.code}): ${r.stderr}`);
    const init = JSON.parse(r.stdout) as InitOutput;
    return new TestAgent(init, await importSigningKey(init.private_key_jwk));
  }

  get id(): string {
    return this.init.agent.id;
  }

  /** Signs a request with this agent's key (fresh nonce, `created` = now). */
  async prepare(method: "GET" | "POST", path: string, body?: unknown): Promise<Prepared> {
    const url = `${this.init.server_url}${path}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = await signRequest({
      method,
      url,
      ...(text !== undefined ? { body: text } : {}),
      key: this.key,
      keyId: this.init.key_id,
    });
    if (text !== undefined) headers["content-type"] = "application/json";
    return { url, method, headers, ...(text !== undefined ? { body: text } : {}) };
  }

  /** `POST /v1/authorize` with a freshly signed request. */
  async authorize(action: object, extra: Record<string, unknown> = {}): Promise<Answer> {
    return send(await this.prepare("POST", "/v1/authorize", { action, ...extra }));
  }

  /** An owner API call with the owner token `init` printed. */
  async owner(method: "GET" | "POST", path: string, body?: unknown): Promise<Answer> {
    const res = await fetch(`${this.init.server_url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.init.owner_api_token}`,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }
}
