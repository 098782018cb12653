import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import {
  GENESIS_HASH,
  computeRecordHash,
  hashWithEncoded,
  peekSeq,
  sealRecord,
  serializeRecord,
} from "./record";
import type { AuditRecord } from "./schema";

/** A small deterministic PRNG so a failure can be reproduced. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STRINGS = ["a", "ü", "€uro", "\u2028line", 'q"uote', "back\\slash", "😀", "tab\t", "\u0001"];

function randomRecord(r: () => number, seq: number): AuditRecord {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(v: T) => (r() < 0.5 ? v : undefined);
  const rec: AuditRecord = {
    v: 1,
    seq,
    id: `evt_${seq}`,
    ts: new Date(Date.UTC(2026, 0, 1) + seq * 1000).toISOString(),
    type: pick(["authorization.decision", "agent.registered", "key.rotated"]),
    prev: GENESIS_HASH,
    hash: "",
  };
  const owner = maybe(pick(STRINGS));
  if (owner) rec.owner_id = owner;
  const org = maybe("org_1");
  if (org) rec.org_id = org;
  const agent = maybe(pick(STRINGS));
  if (agent) rec.agent_id = agent;
  if (r() < 0.5) rec.actor = { type: "owner", id: pick(STRINGS) };
  const decision = maybe(pick(["ALLOW", "DENY"]));
  if (decision) rec.decision = decision;
  const action = maybe("purchase");
  if (action) rec.action_type = action;
  if (r() < 0.7)
    rec.data = { [pick(STRINGS)]: pick(STRINGS), n: r() * 1e6, z: [1e21, -0, null, true], o: { b: 1, a: 2 } };
  return rec;
}

describe("record hashing", () => {
  it("hashWithEncoded matches computeRecordHash on varied records", () => {
    const r = rng(7);
    for (let seq = 1; seq <= 300; seq++) {
      const rec = randomRecord(r, seq);
      const enc = {
        ...(rec.actor ? { actor: canonicalJson(rec.actor) } : {}),
        ...(rec.data ? { data: canonicalJson(rec.data) } : {}),
      };
      expect(hashWithEncoded(rec, enc)).toBe(computeRecordHash(rec));
    }
  });

  it("is SHA-256 over the RFC 8785 form of the record without hash", () => {
    const rec = {
      v: 1 as const,
      seq: 1,
      id: "e1",
      ts: "2026-01-01T00:00:00.000Z",
      type: "x",
      prev: GENESIS_HASH,
    };
    // sha256('{"id":"e1","prev":"000…0","seq":1,"ts":"2026-01-01T00:00:00.000Z","type":"x","v":1}')
    expect(computeRecordHash(rec)).toBe(computeRecordHash({ ...rec, hash: "ignored" }));
    expect(computeRecordHash(rec)).toMatch(/^[0-9a-f]{64}$/);
    expect(computeRecordHash({ ...rec, seq: 2 })).not.toBe(computeRecordHash(rec));
  });

  it("serializes lines that start with v and seq and round-trip through JSON.parse", () => {
    const r = rng(11);
    for (let seq = 1; seq <= 50; seq++) {
      const rec = randomRecord(r, seq);
      rec.hash = computeRecordHash(rec);
      const line = serializeRecord(rec);
      expect(peekSeq(line)).toBe(seq);
      expect(serializeRecord(JSON.parse(line))).toBe(line);
      expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(rec)));
    }
  });

  it("sealRecord hashes and lays out a record exactly like computeRecordHash and serializeRecord", () => {
    const r = rng(13);
    for (let seq = 1; seq <= 300; seq++) {
      const rec = randomRecord(r, seq);
      rec.prev = computeRecordHash({ ...rec, seq: seq + 1000 }); // any 64-hex value
      const enc = {
        ...(rec.actor ? { actor: canonicalJson(rec.actor) } : {}),
        ...(rec.data ? { data: canonicalJson(rec.data) } : {}),
      };
      const sealed = { ...rec };
      const line = sealRecord(sealed, seq % 3 === 0 ? {} : enc); // without enc it canonicalizes itself
      expect(sealed.hash).toBe(computeRecordHash(rec));
      expect(line).toBe(`${serializeRecord(sealed)}\n`);
    }
  });
});
