import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  compilePolicy,
  evaluate,
  InMemoryCounters,
  lintPolicy,
  parseScenario,
  runScenario,
  type ScenarioResult,
} from "@openleash/engine";
import { type Command, type CommandIO, UsageError } from "../command";
import {
  CliFileError,
  describeError,
  loadInputFile,
  loadPolicyFile,
  policyResolver,
  readText,
  scenarioPolicyPaths,
} from "./policy-files";
import { formatDecision, formatDiagnostic, formatScenarioResult } from "./policy-format";

const HELP = `openleash policy: test, lint and explain policies before deploying them

Usage:
  openleash policy test    [--json] <scenario.yaml>...
  openleash policy lint    [--json] [--strict] <policy.yaml>
  openleash policy explain [--json] [--now TIME] [--agent ID] [--owner ID] <policy.yaml> <action.json|yaml>

test     Runs scenario files: a policy (a path relative to the scenario, or inline), then steps,
         each an action at a given \`now\` with the expected decision, obligations, matched rule
         and reason code. Counters carry from step to step, so daily caps can be tested.
         Prints the trace of every failing step. Exit 0 when all pass, 1 otherwise.
lint     Static checks with line and column: YAML and schema errors (unknown fields, a limit
         without a window), CEL syntax and type errors, and warnings for rules that are shadowed
         or can never match. Exit 1 when there is an error (or, with --strict, a warning).
explain  Evaluates one action and prints the decision with its step-by-step trace. The file
         holds an action ({type, payload, relying_party}) or a whole input ({action, agent,
         owner, context}). Counters start empty. Exit 0 when it could evaluate.

Options:
  --json          machine-readable output
  --strict        (lint) warnings fail too
  --now TIME      (explain) evaluation time, RFC 3339 (default: the current time)
  --agent ID      (explain) agent id when the file has none (default agent-1)
  --owner ID      (explain) owner id when the file has none (default owner-1)

Exit codes: 0 ok, 1 failures found, 2 usage error.

Examples:
  openleash policy test node_modules/@openleash/engine/templates/*.scenario.yaml
  openleash policy lint policy.yaml
  openleash policy explain policy.yaml action.json --now 2026-11-26T10:00:00Z
`;

function args<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function runScenarioFile(path: string): Promise<ScenarioResult> {
  const parsed = parseScenario(await readText(path));
  const cache = new Map<string, string>();
  for (const p of scenarioPolicyPaths(parsed)) {
    const abs = resolve(path, "..", p);
    cache.set(abs, await readText(abs));
  }
  return runScenario(parsed, policyResolver(path, cache));
}

async function test(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = args(argv, { json: { type: "boolean", default: false } });
  if (positionals.length === 0) throw new UsageError("policy test needs at least one scenario file");
  const report: Array<{ file: string; passed: boolean; error?: string; result?: ScenarioResult }> = [];
  for (const file of positionals) {
    const path = resolve(io.cwd, file);
    try {
      const result = await runScenarioFile(path);
      report.push({ file, passed: result.passed, result });
      if (!values.json) io.stdout(formatScenarioResult(file, result));
    } catch (err) {
      const error = describeError(file, err);
      report.push({ file, passed: false, error });
      if (!values.json) io.stdout(`FAIL ${error}\n`);
    }
  }
  const failed = report.filter((r) => !r.passed).length;
  if (values.json) io.stdout(`${JSON.stringify({ passed: failed === 0, files: report }, null, 2)}\n`);
  else io.stdout(`\n${report.length - failed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

async function lint(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = args(argv, {
    json: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
  });
  if (positionals.length !== 1) throw new UsageError("policy lint needs exactly one policy file");
  const file = positionals[0]!;
  let text: string;
  try {
    text = await readText(resolve(io.cwd, file));
  } catch (err) {
    io.stderr(`${describeError(file, err)}\n`);
    return 1;
  }
  const diagnostics = lintPolicy(text);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  if (values.json) io.stdout(`${JSON.stringify({ file, errors, warnings, diagnostics }, null, 2)}\n`);
  else {
    for (const d of diagnostics) io.stdout(formatDiagnostic(file, d));
    io.stdout(
      diagnostics.length === 0 ? `${file}: no problems\n` : `${errors} error(s), ${warnings} warning(s)\n`,
    );
  }
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}

function parseNow(value: unknown): Date {
  if (value === undefined) return new Date();
  const d = new Date(String(value));
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(String(value))) {
    throw new UsageError("--now must be an RFC 3339 time such as 2026-11-26T10:00:00Z");
  }
  return d;
}

async function explain(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = args(argv, {
    json: { type: "boolean", default: false },
    now: { type: "string" },
    agent: { type: "string", default: "agent-1" },
    owner: { type: "string", default: "owner-1" },
  });
  if (positionals.length !== 2) throw new UsageError("policy explain needs a policy file and an action file");
  const now = parseNow(values.now);
  const [policyFile, actionFile] = positionals as [string, string];
  try {
    const policy = await loadPolicyFile(resolve(io.cwd, policyFile));
    const input = await loadInputFile(resolve(io.cwd, actionFile), {
      agent: String(values.agent),
      owner: String(values.owner),
    });
    const compiled = compilePolicy(policy);
    const decision = evaluate(compiled, input, { now, counters: new InMemoryCounters(), explain: true });
    if (values.json)
      io.stdout(
        `${JSON.stringify({ policy_version: compiled.version, now: now.toISOString(), ...decision }, null, 2)}\n`,
      );
    else
      io.stdout(
        `policy_version: ${compiled.version}\nnow:          ${now.toISOString()}\n${formatDecision(decision)}`,
      );
    return 0;
  } catch (err) {
    if (err instanceof CliFileError || (err as { name?: string }).name === "PolicyError") {
      io.stderr(`${describeError(policyFile, err)}\n`);
      return 1;
    }
    throw err;
  }
}

/** `openleash policy test|lint|explain`: the policy playground. */
export const policyCommand: Command = {
  name: "policy",
  summary: "Test policies against scenarios, lint them, explain a decision",
  help: HELP,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case "test":
        return test(rest, io);
      case "lint":
        return lint(rest, io);
      case "explain":
        return explain(rest, io);
      case undefined:
        throw new UsageError("missing subcommand: test, lint or explain");
      default:
        throw new UsageError(`unknown subcommand "${sub}": use test, lint or explain`);
    }
  },
};
