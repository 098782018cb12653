import { OpenLeashError } from "./errors";
import { type ClientOptions, createApiClient, type OpenLeashApiClient, unwrap } from "./http";
import { type AgentKey, importAgentKey } from "./keys";
import { createSigningFetch, type SigningOptions } from "./signing";
import type { Action, AgentMe, ApprovalView, AuthorizeResult } from "./types";
import { waitForApprovalLoop, type WaitForApprovalOptions } from "./wait";

/** Options of {@link OpenLeashAgent}. */
export interface OpenLeashAgentOptions extends ClientOptions, SigningOptions {
  /** The agent's key (from {@link generateAgentKey} / {@link importAgentKey}). */
  key: AgentKey;
}

/** Options of {@link OpenLeashAgent.authorize}. */
export interface AuthorizeOptions {
  /** Return the evaluation trace (`trace`), to see which rule decided and why. */
  explain?: boolean;
  /** The single-use approval token received after the owner approved this exact action (PROTOCOL.md §6). */
  approvalToken?: string;
  /** Proof tokens received from counterparties; the new proof's `chain` names them (PROTOCOL.md §5). */
  presentedProofs?: string[];
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** Options of {@link OpenLeashAgent.authorizeAndWait}. */
export interface AuthorizeAndWaitOptions
  extends Omit<AuthorizeOptions, "approvalToken">,
    WaitForApprovalOptions {
  /** Called once when the decision is REQUIRE_APPROVAL / REQUIRE_STEP_UP, before waiting (tell the user). */
  onPending?: (pending: AuthorizeResult) => void;
}

/**
 * The agent side of OpenLeash: every request is signed with the agent's key (PROTOCOL.md §3).
 * Call {@link authorize} before anything risky and act only on ALLOW.
 *
 * @example
 * const agent = new OpenLeashAgent({ baseUrl: "http://127.0.0.1:8787", key });
 * const r = await agent.authorize(createAction({ type: "purchase", payload: { amount_minor: 8500, currency: "USD" } }));
 * if (r.decision === "ALLOW") await buy(r.proof_token);
 */
export class OpenLeashAgent {
  /** The typed openapi-fetch client, signing every request: for endpoints without a helper. */
  readonly api: OpenLeashApiClient;
  /** The agent's key id (RFC 7638 thumbprint). */
  readonly kid: string;

  constructor(options: OpenLeashAgentOptions) {
    if (!options?.key?.signingKey) throw new TypeError("key is required (generateAgentKey / importAgentKey)");
    this.kid = options.key.kid;
    this.api = createApiClient(options.baseUrl, createSigningFetch(options.key, options));
  }

  /**
   * Asks OpenLeash whether the agent may perform `action` (`POST /v1/authorize`). Every decision
   * is a result, DENY included; only a refused request (bad signature, replay, invalid body,
   * used approval token...) throws an {@link OpenLeashApiError}.
   */
  async authorize(action: Action, options: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    const body = {
      action,
      ...(options.approvalToken !== undefined ? { approval_token: options.approvalToken } : {}),
      ...(options.presentedProofs?.length ? { presented_proofs: options.presentedProofs } : {}),
      ...(options.explain !== undefined ? { explain: options.explain } : {}),
    };
    return unwrap(
      await this.api.POST("/v1/authorize", { body, ...(options.signal ? { signal: options.signal } : {}) }),
    );
  }

  /**
   * Waits for the owner to decide an approval request, long-polling
   * `GET /v1/agent/approval-requests/{id}?wait=` (each poll freshly signed). Resolves with the
   * final view (APPROVED with its `approval_token`, DENIED, EXPIRED or USED); rejects with
   * `APPROVAL_TIMEOUT` after `timeoutMs`, or with the signal's reason when aborted.
   */
  waitForApproval(id: string, options: WaitForApprovalOptions = {}): Promise<ApprovalView> {
    if (typeof id !== "string" || id === "") throw new TypeError("approval request id is required");
    return waitForApprovalLoop(
      async (waitSeconds, signal) =>
        unwrap(
          await this.api.GET("/v1/agent/approval-requests/{id}", {
            params: { path: { id }, query: { wait: waitSeconds } },
            ...(signal ? { signal } : {}),
          }),
        ),
      options,
    );
  }

  /**
   * {@link authorize}, and when a human must approve: wait for the decision, then authorize again
   * with the approval token (limits are charged then). Resolves with the final result (ALLOW
   * carries `approval_id` in its proof; DENY is returned as is). Rejects with `APPROVAL_DENIED`
   * or `APPROVAL_EXPIRED` when the owner said no or time ran out on their side, and with
   * `APPROVAL_TIMEOUT` when `timeoutMs` passed first.
   */
  async authorizeAndWait(action: Action, options: AuthorizeAndWaitOptions = {}): Promise<AuthorizeResult> {
    const { onPending, timeoutMs, signal, pollSeconds, ...authorizeOptions } = options;
    const first = await this.authorize(action, { ...authorizeOptions, ...(signal ? { signal } : {}) });
    if (first.decision !== "REQUIRE_APPROVAL" && first.decision !== "REQUIRE_STEP_UP") return first;
    if (!first.approval_request_id) {
      throw new OpenLeashError("UNEXPECTED_RESPONSE", `${first.decision} without approval_request_id`);
    }
    onPending?.(first);
    const view = await this.waitForApproval(first.approval_request_id, {
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(signal ? { signal } : {}),
      ...(pollSeconds !== undefined ? { pollSeconds } : {}),
    });
    if (view.status === "DENIED")
      throw new OpenLeashError("APPROVAL_DENIED", `approval ${view.id} was denied`);
    if (view.status !== "APPROVED" || !view.approval_token) {
      throw new OpenLeashError("APPROVAL_EXPIRED", `approval ${view.id} is ${view.status}`);
    }
    return this.authorize(action, {
      ...authorizeOptions,
      ...(signal ? { signal } : {}),
      approvalToken: view.approval_token,
    });
  }

  /**
   * The agent described by the variables `openleash init` writes to `agent.env`:
   * `OPENLEASH_URL` and `OPENLEASH_PRIVATE_KEY_JWK` (read from `env`, by default `process.env`).
   *
   * @example
   * const agent = await OpenLeashAgent.fromEnv();
   */
  static async fromEnv(
    env: Record<string, string | undefined> = (
      globalThis as { process?: { env: Record<string, string | undefined> } }
    ).process?.env ?? {},
    options: Omit<OpenLeashAgentOptions, "baseUrl" | "key"> = {},
  ): Promise<OpenLeashAgent> {
    const baseUrl = env.OPENLEASH_URL;
    const jwk = env.OPENLEASH_PRIVATE_KEY_JWK;
    if (!baseUrl || !jwk)
      throw new TypeError("OPENLEASH_URL and OPENLEASH_PRIVATE_KEY_JWK must be set (see agent.env)");
    let privateJwk: unknown;
    try {
      privateJwk = JSON.parse(jwk);
    } catch {
      throw new TypeError("OPENLEASH_PRIVATE_KEY_JWK is not JSON");
    }
    const key = await importAgentKey(privateJwk as Parameters<typeof importAgentKey>[0]);
    return new OpenLeashAgent({ ...options, baseUrl, key });
  }

  /** The calling agent as the server sees it (`GET /v1/agent/me`): a quick check that signing works. */
  async me(): Promise<AgentMe> {
    return unwrap(await this.api.GET("/v1/agent/me"));
  }
}
