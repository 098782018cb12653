import type { AgentKeyRow, AgentRow, ApprovalRow, InviteRow } from "../types";

/** Row shapes as SQLite returns them (JSON columns still text). */
type Raw = Record<string, unknown>;

const json = <T>(v: unknown): T => JSON.parse(String(v)) as T;

/** Maps a raw agents row. */
export function agentFromRaw(r: Raw): AgentRow {
  return { ...(r as AgentRow), attributes: json(r.attributes) };
}

/** Maps a raw agent_keys row. */
export function keyFromRaw(r: Raw): AgentKeyRow {
  return { ...(r as AgentKeyRow), public_jwk: json(r.public_jwk) };
}

/** Maps a raw invites row. */
export function inviteFromRaw(r: Raw): InviteRow {
  return { ...(r as InviteRow), group_ids: json(r.group_ids) };
}

/** Maps a raw approvals row. */
export function approvalFromRaw(r: Raw): ApprovalRow {
  return { ...(r as ApprovalRow), action: json(r.action), obligations: json(r.obligations) };
}

/** Binds an approval row for INSERT (JSON columns serialised). */
export function approvalToParams(a: ApprovalRow): Raw {
  return { ...a, action: JSON.stringify(a.action), obligations: JSON.stringify(a.obligations) };
}
