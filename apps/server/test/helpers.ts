import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateKeyPair, importSigningKey, type SigningKey, signRequest } from "@openleash/proof-tokens";
import { createServer, type OpenLeashServer } from "../src/server";
import type { ServerConfig } from "../src/config";
import { SqliteStorage } from "../src/storage";
import { silentLogger } from "../src/util/logger";

/** The seed-story policy: small purchases allowed under a daily cap, big ones need approval. */
export const STARTER_POLICY = `version: 1
name: starter
default: deny
rules:
  - id: small-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { max: 5000 }
      currencies: [USD]
    limits:
      - id: daily-spend
        window: 24h
        max: 50000
        sum: action.payload.amount_minor
  - id: big-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { min: 5001 }
    obligations:
      - type: HUMAN_APPROVAL
  - id: wire
    action: wire.transfer
    effect: allow
    obligations:
      - type: STEP_UP_AUTH
        min_assurance: SUBSTANTIAL
`;

export const ISSUER = "http://openleash.test";

/** A settable clock shared by the server and the test's signatures. */
export class TestClock {
  constructor(public current = new Date("2026-11-26T10:00:00.000Z")) {}
  now = () => new Date(this.current);
  advance(seconds: number) {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

export type TestAgent = { id: string; kid: string; key: SigningKey; publicJwk: Record<string, unknown> };

/** An in-process server on a temp data folder with real SQLite, real audit log, real keys. */
export class TestServer {
  private constructor(
    readonly server: OpenLeashServer,
    readonly dir: string,
    readonly clock: TestClock,
  ) {}

  static async start(
    config: Partial<ServerConfig> = {},
    dir?: string,
    clock = new TestClock(),
  ): Promise<TestServer> {
    const dataDir = dir ?? (await mkdtemp(join(tmpdir(), "openleash-server-")));
    const server = await createServer({
      dataDir,
      issuer: config.issuer ?? ISSUER,
      logger: silentLogger,
      now: clock.now,
      env: {},
      config: { logLevel: "silent", ...config },
    });
    return new TestServer(server, dataDir, clock);
  }

  /** A server listening on a free port, with owner alice and one agent under the starter policy. */
  static async listeningWithAgent(
    config: Partial<ServerConfig> = {},
  ): Promise<{ t: TestServer; url: string; agent: TestAgent }> {
    const t = await TestServer.start({ ...config, port: 0 });
    const { url } = await t.server.listen();
    const alice = await t.createOwner("alice");
    const agent = await t.enrollAgent(alice.token);
    await t.bindPolicy(alice.token, STARTER_POLICY);
    return { t, url, agent };
  }

  get app() {
    return this.server.app;
  }
  get services() {
    return this.server.services;
  }
  get adminToken(): string {
    return this.server.bootstrap.adminToken!;
  }

  async close(removeDir = true) {
    await this.server.close();
    if (removeDir) await rm(this.dir, { recursive: true, force: true });
  }

  /** A JSON request with an optional bearer token. */
  async call(
    method: string,
    path: string,
    options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers["content-type"]) headers["content-type"] = "application/json";
    const res = await this.app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected field by field
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  /** Creates an owner through the admin API; returns its id and API token. */
  async createOwner(name = "alice"): Promise<{ id: string; token: string }> {
    const r = await this.call("POST", "/v1/admin/owners", {
      token: this.adminToken,
      body: { name, type: "user" },
    });
    if (r.status !== 201) throw new Error(`createOwner: ${r.status} ${r.text}`);
    return { id: r.json.owner.id, token: r.json.api_token };
  }

  /** Builds a signed agent request (RFC 9421) without sending it. */
  async signed(
    agent: { kid: string; key: SigningKey },
    method: string,
    path: string,
    body?: unknown,
    options: { now?: Date; nonce?: string; rawBody?: string } = {},
  ) {
    const text = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
    const headers = await signRequest({
      method,
      url: path,
      ...(text !== undefined ? { body: text } : {}),
      key: agent.key,
      keyId: agent.kid,
      now: options.now ?? this.clock.now(),
      ...(options.nonce ? { nonce: options.nonce } : {}),
    });
    if (text !== undefined) headers["content-type"] = "application/json";
    return { method, headers, ...(text !== undefined ? { body: text } : {}) };
  }

  /** Sends a request built by {@link signed}, optionally tampered. */
  async send(path: string, init: { method: string; headers: Record<string, string>; body?: string }) {
    const res = await this.app.request(path, init);
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
  }

  /** Signs and sends in one go. */
  async agentCall(agent: TestAgent, method: string, path: string, body?: unknown) {
    return this.send(path, await this.signed(agent, method, path, body));
  }

  /** Generates a key, creates an invite and registers the agent with proof of possession. */
  async enrollAgent(ownerToken: string, name = "shopper"): Promise<TestAgent> {
    const inv = await this.call("POST", "/v1/owner/agent-invites", { token: ownerToken, body: { name } });
    if (inv.status !== 201) throw new Error(`invite: ${inv.status} ${inv.text}`);
    const kp = await generateKeyPair();
    const key = await importSigningKey(kp.privateJwk);
    const body = { invite_token: inv.json.invite_token, public_key: kp.publicJwk };
    const r = await this.send(
      "/v1/agents/register",
      await this.signed({ kid: kp.kid, key }, "POST", "/v1/agents/register", body),
    );
    if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.json)}`);
    return { id: r.json.agent.id, kid: kp.kid, key, publicJwk: kp.publicJwk as Record<string, unknown> };
  }

  /** Uploads a policy and binds it to the agent (or owner-wide). */
  async bindPolicy(ownerToken: string, source: string, target?: { scope: "agent" | "group"; id: string }) {
    const p = await this.call("POST", "/v1/owner/policies", {
      token: ownerToken,
      body: { name: "p", source },
    });
    if (p.status !== 201) throw new Error(`policy: ${p.status} ${p.text}`);
    const b = await this.call("POST", "/v1/owner/bindings", {
      token: ownerToken,
      body: target
        ? { policy_id: p.json.policy.id, scope: target.scope, target_id: target.id }
        : { policy_id: p.json.policy.id, scope: "owner" },
    });
    if (b.status !== 201) throw new Error(`bind: ${b.status} ${b.text}`);
    return { policyId: p.json.policy.id as string, bindingId: b.json.id as string };
  }

  /** Counts rows of a table: used to assert that a refused request changed nothing. */
  count(table: string): number {
    const storage = this.services.context.storage;
    if (!(storage instanceof SqliteStorage)) throw new Error("count() needs the SQLite store");
    // Nonces acknowledged but not yet written count too (their audit records are durable).
    storage.deferredNonces?.persist(this.services.context.audit.head().seq);
    return (storage.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  /** A snapshot of every table's row count plus the audit head. */
  snapshot() {
    const tables = [
      "agents",
      "agent_keys",
      "invites",
      "nonce_batches",
      "charges",
      "approvals",
      "policies",
      "policy_versions",
      "bindings",
      "used_jtis",
    ];
    return {
      ...Object.fromEntries(tables.map((t) => [t, this.count(t)])),
      audit: this.services.audit.head().seq,
    };
  }
}

let actionCounter = 0;
/** A fresh purchase action. */
export function purchase(amountMinor: number, extra: Record<string, unknown> = {}) {
  actionCounter++;
  return {
    id: `act-${actionCounter}-${Math.random().toString(36).slice(2)}`,
    type: "purchase",
    relying_party: { domain: "storeco.example" },
    payload: { amount_minor: amountMinor, currency: "USD", item: "headphones", ...extra },
  };
}
