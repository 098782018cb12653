import { describe, expect, it } from "vitest";
import { AuditError } from "./errors";
import { REDACTED, redactSecrets } from "./redact";

describe("redactSecrets", () => {
  it("redacts secret-named members, private JWK parts and bearer JWTs, keeping the rest", () => {
    const jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln";
    const input = {
      user: "u1",
      access_token: "abc",
      "x-api-key": "k",
      clientSecret: "s",
      nested: { password: "p", password_hash: "h", token_jti: "j", max_tokens: 5 },
      key: { kty: "OKP", crv: "Ed25519", x: "pub", d: "priv" },
      list: [jwt, "plain"],
      header: "Bearer abc.def",
      pem: "-----BEGIN PRIVATE KEY-----\nMC4CAQ...",
      when: { toJSON: () => ({ api_key: "k2", at: "now" }) },
    };
    const out = redactSecrets(input, "redact");
    expect(out).toEqual({
      user: "u1",
      access_token: REDACTED,
      "x-api-key": REDACTED,
      clientSecret: REDACTED,
      nested: { password: REDACTED, password_hash: "h", token_jti: "j", max_tokens: 5 },
      key: { kty: "OKP", crv: "Ed25519", x: "pub", d: REDACTED },
      list: [REDACTED, "plain"],
      header: REDACTED,
      pem: REDACTED,
      when: { api_key: REDACTED, at: "now" },
    });
    expect(input.access_token).toBe("abc"); // input untouched
  });

  it("rejects in reject mode, naming the field but not the value", () => {
    try {
      redactSecrets({ ok: 1, deep: { refresh_token: "very-secret-value" } }, "reject");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AuditError);
      expect((err as AuditError).code).toBe("SECRET_IN_EVENT");
      expect((err as AuditError).field).toBe("data.deep.refresh_token");
      expect((err as AuditError).message).not.toContain("very-secret-value");
    }
  });

  it("redacts exactly the strings the JWS and credential patterns match", () => {
    // The patterns as specified; the guard only skips running them on strings they cannot match.
    const jws = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
    const credential = /^(?:bearer|basic)\s+\S|-----BEGIN [A-Z ]*PRIVATE KEY-----/i;
    const samples = [
      "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhIn0.c2ln",
      "eyJ..",
      "eyJa.b",
      "EYJa.b.c",
      " eyJa.b.c",
      "Bearer abc",
      "BEARER abc",
      "bEaReR\tx",
      "Basic dXNlcjpwdw==",
      "BASIC  x",
      "bearer",
      "bearer ",
      "basic\n\ny",
      "xBearer abc",
      "-----BEGIN PRIVATE KEY-----",
      "-----begin ec private key-----",
      "x\n-----BEGIN RSA PRIVATE KEY-----\nMII",
      "-----BEGIN PUBLIC KEY-----",
      "----BEGIN PRIVATE KEY-----",
      "",
      "b",
      "B",
      "plain",
    ];
    for (const s of samples) {
      const expected = jws.test(s) || credential.test(s) ? REDACTED : s;
      expect(redactSecrets({ s }, "redact")).toEqual({ s: expected });
    }
  });
});
