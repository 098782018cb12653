import { describe, expect, it } from "vitest";
import { type Charge, InMemoryCounters, PolicyError } from "./index";

const t = (iso: string) => new Date(`2026-11-26T${iso}Z`);
const charge = (amount: number, max = 100, key = "k"): Charge => ({
  key,
  limit_id: "l",
  window_seconds: 3600,
  amount,
  max,
});

describe("InMemoryCounters", () => {
  it("sums charges in the window (now - window, now]", () => {
    const c = new InMemoryCounters();
    c.apply([charge(10)], t("10:00:00"));
    c.apply([charge(5)], t("10:30:00"));
    const q = { key: "k", window_seconds: 3600 };
    expect(c.usage(q, t("10:30:00"))).toBe(15);
    expect(c.usage(q, t("10:59:59"))).toBe(15);
    expect(c.usage(q, t("11:00:00"))).toBe(5); // the 10:00 charge is exactly one window old: out
    expect(c.usage(q, t("09:59:59"))).toBe(0); // charges after `now` do not count
    expect(c.usage({ key: "other", window_seconds: 3600 }, t("10:30:00"))).toBe(0);
  });

  it("applies all charges or none", () => {
    const c = new InMemoryCounters();
    c.apply([charge(90, 100, "a")], t("10:00:00"));
    expect(() => c.apply([charge(5, 100, "b"), charge(20, 100, "a")], t("10:01:00"))).toThrow(PolicyError);
    try {
      c.apply([charge(20, 100, "a")], t("10:01:00"));
    } catch (err) {
      expect((err as PolicyError).code).toBe("COUNTER_CONFLICT");
    }
    expect(c.usage({ key: "b", window_seconds: 3600 }, t("10:02:00"))).toBe(0);
    expect(c.tryApply([charge(10, 100, "a")], t("10:02:00"))).toBe(true);
    expect(c.tryApply([charge(1, 100, "a")], t("10:03:00"))).toBe(false);
  });

  it("checks charges to the same key together", () => {
    const c = new InMemoryCounters();
    expect(c.tryApply([charge(60), charge(60)], t("10:00:00"))).toBe(false);
    expect(c.usage({ key: "k", window_seconds: 3600 }, t("10:00:00"))).toBe(0);
  });

  it("forgets everything on clear()", () => {
    const c = new InMemoryCounters();
    c.apply([charge(1)], t("10:00:00"));
    c.clear();
    expect(c.usage({ key: "k", window_seconds: 3600 }, t("10:00:00"))).toBe(0);
  });
});
