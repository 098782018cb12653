/**
 * Differential test against python-stdnum: thousands of generated candidates per type that
 * python-stdnum supports go through both implementations, which must agree on valid/invalid.
 * Every known disagreement is listed, with its reason, in differential/disagreements.json, and
 * the test asserts that exact set: a new disagreement fails, and so does a listed one that no
 * longer occurs.
 */
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { getType } from "../src/index.js";
import { candidates } from "./differential/candidates.js";

interface TypesFile {
  candidatesPerType: number;
  types: Array<{ type: string; python: string; shapes: string[]; now?: boolean }>;
}
interface DisagreementsFile {
  cases: Array<{ type: string; reason: string; ours: boolean; values: string[] }>;
}

const here = fileURLToPath(new URL("./", import.meta.url));
const config = JSON.parse(readFileSync(`${here}differential/types.json`, "utf8")) as TypesFile;
const documented = JSON.parse(
  readFileSync(`${here}differential/disagreements.json`, "utf8"),
) as DisagreementsFile;

/** Valid fixture values per type, the seeds of the mutation candidates. */
function fixtureValues(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const file of readdirSync(`${here}fixtures`).filter((f) => /^[a-z]+\.json$/.test(f))) {
    const data = JSON.parse(readFileSync(`${here}fixtures/${file}`, "utf8")) as {
      types: Record<string, { valid: Array<{ normalized: string }> }>;
    };
    for (const [id, cases] of Object.entries(data.types))
      out.set(
        id,
        cases.valid.map((v) => v.normalized),
      );
  }
  return out;
}

/** The interpreter; override with PYTHON=/path/to/python3 (e.g. a virtualenv's). */
const PYTHON = process.env.PYTHON ?? "python3";

function pythonHasStdnum(): boolean {
  const probe = spawnSync(PYTHON, ["-c", "import stdnum"], { stdio: "ignore" });
  return probe.status === 0;
}

/** Runs several type batches through one python-stdnum process; returns the verdicts per batch. */
function runPython(batches: Array<{ module: string; values: string[] }>): Promise<boolean[][]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [`${here}differential/stdnum_batch.py`], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) reject(new Error(`python-stdnum batch failed: ${err}`));
      else resolve(JSON.parse(out) as boolean[][]);
    });
    child.stdin.end(JSON.stringify({ batches }));
  });
}

/** Runs `jobs` with at most `limit` at a time (the machine has two shared cores). */
async function pool<T>(jobs: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const available = pythonHasStdnum();
const reason = "python3 with python-stdnum is not installed (python3 -m pip install python-stdnum)";
if (!available && !process.env.CI) console.warn(`skipping the differential test: ${reason}`);

describe("differential test against python-stdnum", () => {
  it.runIf(!available && process.env.CI)("requires python-stdnum in CI", () => {
    expect.fail(`${reason}; CI must install it (.ci/run does)`);
  });

  /** Disagreements found, keyed "type|value" -> whether this package accepted the value. */
  const found = new Map<string, boolean>();
  let compared = 0;

  beforeAll(async () => {
    if (!available) return;
    const seeds = fixtureValues();
    // Where python-stdnum reads the clock (types.json "now"), ours gets the same day explicitly.
    const today = new Date();
    const batches = config.types.map(({ type, python, shapes, now }) => ({
      type,
      module: python,
      options: now ? { now: today } : {},
      values: candidates(type, seeds.get(type) ?? [], shapes, config.candidatesPerType),
    }));
    // Four processes, two at a time (the machine has two shared cores).
    const groups = [0, 1, 2, 3].map((g) => batches.filter((_, i) => i % 4 === g));
    const jobs = groups.map((group) => async () => {
      const verdicts = await runPython(group.map(({ module, values }) => ({ module, values })));
      group.forEach(({ type, options, values }, b) => {
        const validator = getType(type);
        values.forEach((value, i) => {
          const ours = validator.validate(value, options).valid;
          if (ours !== verdicts[b]?.[i]) found.set(`${type}|${value}`, ours);
        });
        compared += values.length;
      });
    });
    await pool(jobs, 2);
    // For maintainers: DIFFERENTIAL_DUMP=<file> writes every disagreement found, to review.
    const dump = process.env.DIFFERENTIAL_DUMP;
    if (dump) writeFileSync(dump, JSON.stringify([...found.entries()], null, 1));
  }, 60_000);

  it.runIf(available)("compares thousands of candidates per type", () => {
    expect(compared).toBeGreaterThanOrEqual(config.types.length * 1000);
  });

  it.runIf(available)("agrees on valid/invalid except for the documented cases", () => {
    const expected = new Map<string, boolean>();
    for (const c of documented.cases) for (const v of c.values) expected.set(`${c.type}|${v}`, c.ours);
    const byType = (keys: string[], ours: (k: string) => boolean | undefined) => {
      const grouped: Record<string, string[]> = {};
      for (const key of keys.sort()) {
        const [type = "", value = ""] = key.split("|");
        const list = grouped[type] ?? [];
        list.push(`${value} (ours: ${ours(key) ? "valid" : "invalid"})`);
        grouped[type] = list;
      }
      return grouped;
    };
    const unexpected = [...found.keys()].filter((k) => expected.get(k) !== found.get(k));
    const stale = [...expected.keys()].filter((k) => !found.has(k));
    expect({
      unexpected: byType(unexpected, (k) => found.get(k)),
      stale: byType(stale, (k) => expected.get(k)),
    }).toEqual({
      unexpected: {},
      stale: {},
    });
  });
});
