import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer, type OpenLeashServer, type ServerConfig, silentLogger } from "@openleash/server";
import { OpenLeashAdmin, OpenLeashOwner } from "../src/index";

/** Alice's policy for the tests: up to 100 USD on her own, above that she approves, wires never. */
export const POLICY = `version: 1
name: sdk-test
default: deny
rules:
  - id: small-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { max: 10000 }
      currencies: [USD]
  - id: big-purchases
    action: purchase
    effect: allow
    constraints:
      amount: { min: 10001 }
      currencies: [USD]
    obligations:
      - type: HUMAN_APPROVAL
  - id: no-wires
    action: wire.transfer
    effect: deny
`;

/** A real OpenLeash server (SQLite, audit log, keys) on a temp folder, listening on 127.0.0.1:0. */
export class RealServer {
  private constructor(
    readonly server: OpenLeashServer,
    readonly dir: string,
    readonly url: string,
  ) {}

  static async start(config: Partial<ServerConfig> = {}): Promise<RealServer> {
    const dir = await mkdtemp(join(tmpdir(), "openleash-sdk-"));
    const server = await createServer({
      dataDir: dir,
      port: 0,
      logger: silentLogger,
      env: {},
      config: { logLevel: "silent", ...config },
    });
    const { url } = await server.listen();
    return new RealServer(server, dir, url);
  }

  get adminToken(): string {
    const token = this.server.bootstrap.adminToken;
    if (!token) throw new Error("no admin token on a fresh data folder");
    return token;
  }

  /** A new owner with `policy` bound owner-wide, through the SDK's admin and owner clients. */
  async ownerWithPolicy(name: string, policy = POLICY): Promise<OpenLeashOwner> {
    const admin = new OpenLeashAdmin({ baseUrl: this.url, token: this.adminToken });
    const created = await admin.createOwner({ name });
    const owner = new OpenLeashOwner({ baseUrl: this.url, token: created.api_token });
    const { policy: p } = await owner.createPolicy(`${name}-policy`, policy);
    await owner.createBinding({ policy_id: p.id, scope: "owner" });
    return owner;
  }

  async close(): Promise<void> {
    await this.server.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
