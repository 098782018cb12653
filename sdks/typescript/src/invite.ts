import { OpenLeashAgent } from "./agent";
import { OpenLeashError } from "./errors";
import { createApiClient, normalizeBaseUrl, unwrap } from "./http";
import type { AgentKey } from "./keys";
import { createSigningFetch, type FetchLike, type SigningOptions } from "./signing";
import type { AgentRecord } from "./types";

const REGISTER_PATH = "/v1/agents/register";

/** Options of {@link redeemInvite}. */
export interface RedeemInviteOptions extends SigningOptions {
  /** The server's base URL; required when passing a bare invite token, else taken from the invite URL. */
  baseUrl?: string;
  /** Name to register under (the invite may already name the agent). */
  name?: string;
  fetch?: FetchLike;
}

/** What {@link redeemInvite} returns. */
export interface RedeemedInvite {
  /** The registered agent. */
  agent: AgentRecord;
  /** The key id the agent signs with. */
  kid: string;
  /** A ready client for this agent on that server. */
  client: OpenLeashAgent;
}

/**
 * Splits an invite into server base URL and token. Invite URLs look like
 * `https://leash.example/v1/agents/register#invite=<token>` (the token sits in the fragment, which
 * browsers and proxies never send or log).
 */
export function parseInvite(inviteUrlOrToken: string, baseUrl?: string): { baseUrl: string; token: string } {
  if (typeof inviteUrlOrToken !== "string" || inviteUrlOrToken.trim() === "") {
    throw new OpenLeashError("INVALID_INVITE", "the invite is empty");
  }
  const text = inviteUrlOrToken.trim();
  if (!/^https?:\/\//i.test(text)) {
    if (!baseUrl) throw new OpenLeashError("INVALID_INVITE", "a bare invite token needs options.baseUrl");
    return { baseUrl: normalizeBaseUrl(baseUrl), token: text };
  }
  const url = new URL(text);
  const token = new URLSearchParams(url.hash.slice(1)).get("invite") ?? url.searchParams.get("invite");
  if (!token) throw new OpenLeashError("INVALID_INVITE", "the invite URL carries no #invite=<token>");
  const at = url.pathname.indexOf(REGISTER_PATH);
  const prefix = at >= 0 ? url.pathname.slice(0, at) : "";
  return { baseUrl: normalizeBaseUrl(baseUrl ?? `${url.origin}${prefix}`), token };
}

/**
 * Registers the agent from an owner's invite (`POST /v1/agents/register`): posts the public key,
 * signed with that same key as proof of possession (PROTOCOL.md §3). The invite is single-use.
 *
 * @example
 * const key = await generateAgentKey();
 * const { client } = await redeemInvite(process.env.OPENLEASH_INVITE_URL!, key);
 * console.log((await client.me()).agent.id);
 */
export async function redeemInvite(
  inviteUrlOrToken: string,
  key: AgentKey,
  options: RedeemInviteOptions = {},
): Promise<RedeemedInvite> {
  const { baseUrl, token } = parseInvite(inviteUrlOrToken, options.baseUrl);
  const api = createApiClient(baseUrl, createSigningFetch(key, options));
  const body = {
    invite_token: token,
    public_key: { kty: key.publicJwk.kty, crv: key.publicJwk.crv, x: key.publicJwk.x },
    ...(options.name ? { name: options.name } : {}),
  };
  const registered = unwrap(await api.POST(REGISTER_PATH, { body }));
  const client = new OpenLeashAgent({
    baseUrl,
    key,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.expiresInSeconds !== undefined ? { expiresInSeconds: options.expiresInSeconds } : {}),
  });
  return { agent: registered.agent, kid: registered.kid, client };
}
