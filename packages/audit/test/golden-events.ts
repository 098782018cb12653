import type { AuditEventInput } from "../src/index";

/**
 * Events whose records are pinned byte for byte in fixtures/append-golden.jsonl, written by the
 * append path as it was before the one-pass encoder (commit a5f57da): the server's
 * `authorization.decision` shapes plus every JSON corner `data` can hit. Same ids and clock each run.
 */
export function goldenEvents(): AuditEventInput[] {
  const decision = (i: number, extra: Record<string, unknown>): AuditEventInput => ({
    type: "authorization.decision",
    owner_id: `own_${i}`,
    agent_id: `agt_${i}`,
    actor: { type: "agent", id: `agt_${i}` },
    decision: i % 2 === 0 ? "ALLOW" : "DENY",
    action_type: "purchase",
    data: {
      decision_id: `dec_${i}`,
      action_id: `act_${i}`,
      action_hash: "n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg",
      reason_code: i % 2 === 0 ? "ALLOWED_BY_RULE" : "DENIED_BY_RULE",
      matched_rule: i % 3 === 0 ? null : "small-purchases",
      policy_version: "pv_3f9a1c2b",
      kid: "k_2026_01",
      ...extra,
    },
  });
  return [
    decision(1, {}),
    decision(2, { proof_jti: "prf_2" }),
    decision(3, { approval_id: "apr_3", proof_jti: "prf_3" }),
    decision(4, { proof_jti: "prf_4", chain: [{ jti: "prf_0", iss: "https://issuer.example" }] }),
    { type: "agent.registered", owner_id: "own_1", agent_id: "agt_1", actor: { type: "owner", id: "own_1" } },
    { type: "key.rotated" },
    {
      type: "x.unicode",
      org_id: "org_é😀",
      owner_id: 'own "q" \\ \u2028',
      decision: "\u0001ctl",
      action_type: "a\tb",
      actor: { type: "admin", id: "ïd\u007f" },
      data: {
        "\u20ac": "€",
        "\r": "\r",
        "1": 1,
        "\ud83d\ude00": "😀",
        "\ufb33": "\u0000\u001f",
        "10": "x",
        "9": "y",
      },
    },
    {
      type: "x.numbers",
      data: {
        z: -0,
        big: 1e21,
        small: 1e-7,
        safe: 2 ** 53,
        max: Number.MAX_VALUE,
        min: Number.MIN_VALUE,
        third: 333333333.3333333,
        neg: -1.5,
        t: true,
        f: false,
        n: null,
        gone: undefined,
      },
    },
    {
      type: "x.nested",
      data: {
        when: new Date(Date.UTC(2026, 0, 2)),
        list: [1, [2, [3, []]], { b: [null, -0], a: {} }],
        custom: { toJSON: () => ({ y: 2, x: [1, "two"] }) },
        empty: {},
      },
    },
    {
      type: "x.secrets",
      data: {
        api_key: "k",
        password: null,
        nested: { token: "t", token_jti: "j", password_hash: "h" },
        jwk: { kty: "OKP", crv: "Ed25519", x: "pub", d: "priv" },
        header: "Bearer abc",
        list: ["eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln", "-----BEGIN PRIVATE KEY-----\nMC4"],
        wrapped: { toJSON: () => ({ client_secret: "s", ok: 1 }) },
      },
    },
    { type: "x.proto", data: JSON.parse('{"__proto__": {"a": 1}, "b": 2}') as Record<string, unknown> },
  ];
}

/** The ids and clock the fixture was written with. */
export function goldenOptions(): { newId: () => string; now: () => Date } {
  let n = 0;
  let t = Date.UTC(2026, 0, 1);
  return {
    newId: () => `evt_${++n}`,
    now: () => {
      const d = new Date(t);
      t += 1001;
      return d;
    },
  };
}
