import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { captureIO } from "../testing/capture-io";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../main";

const templates = join(
  dirname(createRequire(import.meta.url).resolve("@openleash/engine/package.json")),
  "templates",
);
let dir: string;

function capture() {
  return captureIO(dir);
}

async function cli(...argv: string[]) {
  const { io, out } = capture();
  const code = await main(["policy", ...argv], io);
  return { code, ...out };
}

const POLICY = `version: 1
rules:
  - id: small
    action: purchase
    effect: allow
    constraints:
      amount: { max: 5000 }
`;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "openleash-cli-policy-"));
  await writeFile(join(dir, "policy.yaml"), POLICY);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("openleash policy test", () => {
  it("passes the shipped template scenarios", async () => {
    const files = ["starter", "purchases", "appointments", "government", "communication"].map((n) =>
      join(templates, `${n}.scenario.yaml`),
    );
    const r = await cli("test", ...files);
    expect(r.stdout).toContain("5 passed, 0 failed");
    expect(r.code).toBe(0);
  });

  it("fails with exit 1 and prints the trace of the failing step", async () => {
    await writeFile(
      join(dir, "s.yaml"),
      `name: wrong expectation
policy: ./policy.yaml
steps:
  - name: big purchase
    now: "2026-11-26T10:00:00Z"
    action: { type: purchase, payload: { amount_minor: 9000 } }
    expect: { decision: ALLOW }
`,
    );
    const r = await cli("test", "s.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("FAIL s.yaml");
    expect(r.stdout).toContain("decision: expected ALLOW, got DENY");
    expect(r.stdout).toContain("payload.amount_minor = 9000 (max 5000)");
  });

  it("reports a broken scenario file with its line", async () => {
    await writeFile(
      join(dir, "bad.yaml"),
      "name: x\npolicy: ./policy.yaml\nsteps:\n  - name: a\n    bogus: 1\n",
    );
    const r = await cli("test", "bad.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad\.yaml:4:5: INVALID_SCENARIO: missing required field `now`/);
  });

  it("reports an unknown field in a step with its line", async () => {
    const step =
      '  - name: a\n    now: "2026-11-26T10:00:00Z"\n    action: { type: purchase }\n    expect: { decision: DENY }\n    bogus: 1\n';
    await writeFile(join(dir, "bad2.yaml"), `name: x\npolicy: ./policy.yaml\nsteps:\n${step}`);
    const r = await cli("test", "bad2.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bad2\.yaml:8:5: INVALID_SCENARIO: unknown field `bogus`/);
  });

  it("prints JSON with --json", async () => {
    const r = await cli("test", "--json", join(templates, "starter.scenario.yaml"));
    const parsed = JSON.parse(r.stdout);
    expect(parsed.passed).toBe(true);
    expect(parsed.files[0].result.steps.length).toBeGreaterThan(3);
  });

  it("is a usage error without files", async () => {
    const r = await cli("test");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("needs at least one scenario file");
  });
});

describe("openleash policy lint", () => {
  it("is clean for a good policy", async () => {
    const r = await cli("lint", "policy.yaml");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("no problems");
  });

  it("reports errors with line and column and exits 1", async () => {
    await writeFile(join(dir, "bad.yaml"), `${POLICY}    colour: red\n    when: "actoin.type == 'x'"\n`);
    const r = await cli("lint", "bad.yaml");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("bad.yaml:8:5: error UNKNOWN_FIELD");
    expect(r.stdout).toContain("bad.yaml:9:12: error CEL_TYPE");
  });

  it("fails on warnings only with --strict", async () => {
    await writeFile(
      join(dir, "w.yaml"),
      `${POLICY}  - id: all\n    action: "*"\n    effect: deny\n  - id: late\n    action: purchase\n    effect: allow\n`,
    );
    expect((await cli("lint", "w.yaml")).code).toBe(0);
    const strict = await cli("lint", "--strict", "--json", "w.yaml");
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout).diagnostics[0].code).toBe("RULE_SHADOWED");
  });
});

describe("openleash policy explain", () => {
  it("prints the decision and its trace", async () => {
    await writeFile(
      join(dir, "a.json"),
      JSON.stringify({ type: "purchase", payload: { amount_minor: 9000 } }),
    );
    const r = await cli("explain", "policy.yaml", "a.json", "--now", "2026-11-26T10:00:00Z");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("decision:     DENY");
    expect(r.stdout).toContain("CONSTRAINT_FAILED");
    expect(r.stdout).toContain("trace:");
  });

  it("accepts a whole input in YAML and prints JSON", async () => {
    await writeFile(
      join(dir, "in.yaml"),
      "action: { type: purchase, payload: { amount_minor: 100 } }\nagent: { id: shopper }\n",
    );
    const r = await cli("explain", "--json", "policy.yaml", "in.yaml", "--now", "2026-11-26T10:00:00Z");
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ decision: "ALLOW", matched_rule: "small", now: "2026-11-26T10:00:00.000Z" });
    expect(d.trace.length).toBeGreaterThan(1);
  });

  it("rejects a bad --now as a usage error", async () => {
    const r = await cli("explain", "policy.yaml", "a.json", "--now", "yesterday");
    expect(r.code).toBe(2);
  });

  it("reports a policy error with its position", async () => {
    await writeFile(
      join(dir, "broken.yaml"),
      "version: 1\nrules:\n  - id: x\n    action: purchase\n    effect: maybe\n",
    );
    await writeFile(join(dir, "a.json"), JSON.stringify({ type: "purchase" }));
    const r = await cli("explain", "broken.yaml", "a.json", "--now", "2026-11-26T10:00:00Z");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:5:13: SCHEMA_VIOLATION/);
  });
});
