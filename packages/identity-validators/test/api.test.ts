/** The public API: registry functions, catalogue, errors, masking policy, clock independence. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { personnummer } from "../src/countries/se.js";
import {
  ALL_TYPES,
  catalogue,
  format,
  getType,
  IdentityValidatorError,
  mask,
  validate,
} from "../src/index.js";

const MEMBER_STATES =
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" ");

describe("catalogue", () => {
  const all = catalogue();

  it("lists every type once, with stable ids of the form <scope>.<scheme>", () => {
    expect(all).toHaveLength(ALL_TYPES.length);
    expect(new Set(all.map((t) => t.id)).size).toBe(all.length);
    for (const t of all) {
      expect(t.id).toMatch(/^(eu|intl|us|[a-z]{2})\.[a-z0-9]+$/);
      expect(t.id.split(".")[0]).toBe(t.country.toLowerCase());
    }
  });

  it.each(MEMBER_STATES)("covers %s: a personal ID, a company register number and a VAT number", (cc) => {
    const entries = catalogue(cc);
    expect(entries.some((t) => t.kind === "personal" && t.category === "national_id")).toBe(true);
    expect(entries.some((t) => t.kind === "company" && t.category === "company_register")).toBe(true);
    expect(entries.some((t) => t.category === "vat")).toBe(true);
  });

  it("has the EU-wide and international company identifiers", () => {
    const ids = all.map((t) => t.id);
    for (const id of [
      "eu.vat",
      "eu.eori",
      "eu.euid",
      "eu.nace",
      "intl.lei",
      "intl.duns",
      "intl.gln",
      "intl.isin",
    ]) {
      expect(ids).toContain(id);
    }
    expect(ids).toEqual(expect.arrayContaining(["us.naics", "us.sic"]));
  });

  it("gives an example that validates, for every type", () => {
    const failing = all.filter((t) => !validate(t.id, t.example).valid).map((t) => t.id);
    expect(failing).toEqual([]);
  });

  it("is plain data (JSON round-trips) and filters by country case-insensitively", () => {
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
    expect(catalogue("se").map((t) => t.id)).toEqual(["se.personnummer", "se.orgnr", "se.vat"]);
    expect(catalogue("XX")).toEqual([]);
  });
});

describe("validate / format / mask", () => {
  it("returns the normalized value and no error for a valid identifier", () => {
    expect(validate("se.personnummer", " 19811228-9874 ")).toEqual({
      valid: true,
      normalized: "198112289874",
      error: null,
    });
    expect(validate("eu.vat", "el 094 259 216")).toEqual({
      valid: true,
      normalized: "EL094259216",
      error: null,
    });
  });

  it("gives a specific code and a message that never echoes the value", () => {
    const cases: Array<[string, string, string]> = [
      ["pl.pesel", "44051401358", "bad_check_digit"],
      ["pl.pesel", "4405140135", "bad_length"],
      ["pl.pesel", "4405140135X", "invalid_characters"],
      ["pl.pesel", "44023101359", "impossible_date"],
      ["pl.pesel", "   ", "empty"],
      ["eu.vat", "XX123", "bad_component"],
    ];
    for (const [type, value, code] of cases) {
      const result = validate(type, value);
      expect(result).toMatchObject({ valid: false, normalized: null, error: { code } });
      if (value.trim() !== "") expect(result.error?.message).not.toContain(value.trim());
    }
  });

  it("never throws on non-string input", () => {
    expect(validate("nl.bsn", 123456782 as unknown as string).error?.code).toBe("invalid_characters");
    expect(mask("nl.bsn", null as unknown as string)).toBe("*");
  });

  it("throws IdentityValidatorError for an unknown type, and from format() for an invalid value", () => {
    expect(() => validate("se.nope", "1")).toThrowError(IdentityValidatorError);
    expect(() => getType("se.nope")).toThrowError(expect.objectContaining({ code: "unknown_type" }));
    expect(() => format("fi.hetu", "131052-308U")).toThrowError(
      expect.objectContaining({ code: "bad_check_digit", type: "fi.hetu" }),
    );
    expect(() => format("eu.vat", "SE556188840402")).toThrowError(
      expect.objectContaining({ type: "eu.vat" }),
    );
    expect(format("fi.ytunnus", "20774740")).toBe("2077474-0");
  });

  it("masks personal identifiers down to their last two characters", () => {
    expect(mask("se.personnummer", "811228-9874")).toBe("********74");
    expect(mask("it.cf", "RCCMNL83S18D969H")).toBe(`${"*".repeat(14)}9H`);
    // Too short to show anything safely.
    expect(mask("cy.id", "1234567")).toBe("*******");
  });

  it("masks company identifiers to their first two and last three characters", () => {
    expect(mask("se.vat", "SE556188840401")).toBe("SE*********401");
    expect(mask("fr.siren", "552 008 443")).toBe("*******43");
    expect(mask("us.sic", "7372")).toBe("****");
  });

  it("masks an invalid value completely, whatever its kind", () => {
    expect(mask("se.vat", "SE556188840402")).toBe("**************");
    expect(mask("se.personnummer", "x".repeat(100))).toBe("*".repeat(32));
  });
});

describe("time", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("never reads the clock: only an explicit `now` rejects future birth dates", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("1990-01-01T00:00:00Z"));
    // Born 2010-02-15: in the future of the faked clock, yet valid, because no `now` is given.
    expect(personnummer.validate("20100215-1239").valid).toBe(true);
    expect(personnummer.validate("20100215-1239", { now: new Date("2009-12-31") }).error?.code).toBe(
      "future_date",
    );
    expect(personnummer.validate("20100215-1239", { now: new Date("2010-02-15") }).valid).toBe(true);
  });

  it("picks the century of a 10-digit Swedish number from `now`, and '+' for people over 100", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(personnummer.validate("100215-1239", { now }).valid).toBe(true);
    // With "+" the person was born in 1910, so the same digits are still valid.
    expect(personnummer.validate("100215+1239", { now }).valid).toBe(true);
    // 29 February 2000 exists, 29 February 1900 does not: "+" in 2026 means 1900.
    const leap = "000229-0005";
    expect(personnummer.validate(leap, { now }).error?.code ?? null).not.toBe("impossible_date");
    expect(personnummer.validate("000229+0005", { now }).error?.code).toBe("impossible_date");
  });
});

describe("robustness", () => {
  it("never throws from validate or mask, whatever the input, and masks never leak it", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz -./+*:_ßéΩ\u00a0\u200b０１";
    for (const type of ALL_TYPES) {
      for (let n = 0; n < 200; n++) {
        let value = "";
        const length = Math.floor(random() * 24);
        for (let i = 0; i < length; i++) value += alphabet.charAt(Math.floor(random() * alphabet.length));
        const result = type.validate(value);
        expect(typeof result.valid).toBe("boolean");
        const masked = type.mask(value);
        if (!result.valid) expect(masked).toMatch(/^\*+$/);
      }
    }
  });
});
