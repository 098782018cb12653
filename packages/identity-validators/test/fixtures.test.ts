/** Table-driven tests: every case of every fixture file in test/fixtures (one file per country). */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ALL_TYPES, getType } from "../src/index.js";

interface Fixture {
  types: Record<
    string,
    {
      valid: Array<{ value: string; normalized: string; formatted: string }>;
      invalid: Array<{ value: string; code: string; why: string }>;
      relativeToNow?: Array<{ value: string; now: string; code: string }>;
    }
  >;
}

const dir = fileURLToPath(new URL("./fixtures/", import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));
const fixtures = new Map<string, Fixture>(
  files.map((f) => [f, JSON.parse(readFileSync(dir + f, "utf8")) as Fixture]),
);

describe.each([...fixtures.entries()])("%s", (_file, fixture) => {
  describe.each(Object.entries(fixture.types))("%s", (id, cases) => {
    const type = getType(id);

    it.each(cases.valid)("accepts $value", ({ value, normalized, formatted }) => {
      expect(type.validate(value)).toEqual({ valid: true, normalized, error: null });
      expect(type.format(value)).toBe(formatted);
      // Normalizing and formatting are stable: their output validates to the same value.
      expect(type.validate(normalized).normalized).toBe(normalized);
      expect(type.validate(formatted).normalized).toBe(normalized);
      const masked = type.mask(value);
      expect(masked).not.toContain(normalized.replace(/[^0-9A-Za-z]/g, ""));
      expect(masked).toMatch(/\*/);
    });

    it.each(cases.invalid)("rejects $value ($why) with $code", ({ value, code }) => {
      const result = type.validate(value);
      expect(result.valid).toBe(false);
      expect(result.normalized).toBeNull();
      expect(result.error?.code).toBe(code);
      expect(result.error?.message).not.toContain(value);
      expect(() => type.format(value)).toThrowError(expect.objectContaining({ code, type: id }));
    });

    it.each(cases.relativeToNow ?? [])("with now=$now, $value gives $code", ({ value, now, code }) => {
      const result = type.validate(value, { now: new Date(`${now}T00:00:00Z`) });
      expect(result.error?.code).toBe(code);
      // Without a `now`, nothing is judged to be in the future: the clock is never read.
      expect(type.validate(value).error?.code).not.toBe("future_date");
    });
  });
});

describe("fixture coverage", () => {
  const covered = new Map<string, { valid: number; invalid: number }>();
  for (const fixture of fixtures.values()) {
    for (const [id, cases] of Object.entries(fixture.types)) {
      covered.set(id, { valid: cases.valid.length, invalid: cases.invalid.length });
    }
  }

  it("has valid and invalid cases for every supported type, and no case for unknown types", () => {
    const missing = ALL_TYPES.filter((t) => {
      const c = covered.get(t.id);
      return !c || c.valid < 1 || c.invalid < 2;
    }).map((t) => t.id);
    expect(missing).toEqual([]);
    expect([...covered.keys()].sort()).toEqual(ALL_TYPES.map((t) => t.id).sort());
  });

  it("checks a changed check digit for every type that has one", () => {
    const without = ALL_TYPES.filter((t) => t.hasCheckDigit)
      .filter((t) => {
        const cases = [...fixtures.values()].find((f) => f.types[t.id])?.types[t.id];
        return !cases?.invalid.some((c) => c.code === "bad_check_digit");
      })
      .map((t) => t.id);
    expect(without).toEqual([]);
  });

  it("checks an impossible date for every type that embeds a date, except where none can be", () => {
    // The Hungarian tax number encodes a day count, which is never an impossible date.
    const without = ALL_TYPES.filter((t) => t.hasEmbeddedDate && t.id !== "hu.adoazonosito")
      .filter((t) => {
        const cases = [...fixtures.values()].find((f) => f.types[t.id])?.types[t.id];
        return !cases?.invalid.some((c) => c.code === "impossible_date");
      })
      .map((t) => t.id);
    expect(without).toEqual([]);
  });
});
