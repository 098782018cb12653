import { describe, expect, it } from "vitest";
import { domainOf, getPath, matchesDomain, matchesPattern, patternCovers } from "./paths";

describe("action patterns", () => {
  it.each([
    ["purchase", "purchase", true],
    ["purchase", "purchase.refund", false],
    ["appointment.*", "appointment.book", true],
    ["appointment.*", "appointment", false],
    ["appointment.*", "appointmentx.book", false],
    ["*", "anything.at.all", true],
  ])("%s matches %s: %s", (p, t, expected) => {
    expect(matchesPattern(p, t)).toBe(expected);
  });
  it.each([
    ["*", "a.*", true],
    ["a.*", "a.*", true],
    ["a.*", "a.b.*", true],
    ["a.*", "a.b", true],
    ["a.*", "a", false],
    ["a.b.*", "a.*", false],
    ["a", "*", false],
    ["a", "a", true],
  ])("%s covers %s: %s", (outer, inner, expected) => {
    expect(patternCovers(outer, inner)).toBe(expected);
  });
});

describe("domains", () => {
  it.each([
    ["shop.example", "shop.example"],
    ["Bob@Mail.Example.", "mail.example"],
    ["https://user:pw@api.example:8443/x?y#z", "api.example"],
    ["  spaced.example ", "spaced.example"],
    ["", null],
    ["bob@", null],
  ])("domainOf(%j) = %j", (v, d) => {
    expect(domainOf(v)).toBe(d);
  });
  it("matches exact names and subdomain wildcards", () => {
    expect(matchesDomain("Example.com", "example.com")).toBe(true);
    expect(matchesDomain("*.example.com", "a.b.example.com")).toBe(true);
    expect(matchesDomain("*.example.com", "example.com")).toBe(false);
    expect(matchesDomain("*.example.com", "badexample.com")).toBe(false);
  });
});

describe("getPath", () => {
  it("reads own properties only", () => {
    expect(getPath({ a: { b: 1 } }, ["a", "b"])).toBe(1);
    expect(getPath({ a: [1] }, ["a", "0"])).toBeUndefined();
    expect(getPath({}, ["constructor"])).toBeUndefined();
    expect(getPath({ a: null }, ["a", "b"])).toBeUndefined();
  });
});
