import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { type EvaluationInput, PolicyError, parsePolicy, type PolicyDocument } from "@openleash/engine";
import { parse as parseYaml } from "yaml";

/** Largest action/input file read by `explain` (it is JSON or YAML, never large). */
const MAX_INPUT_BYTES = 256 * 1024;

/** Reads a text file, turning "not found" into a PolicyError-like message for the user. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliFileError(path, code === "ENOENT" ? "file not found" : `cannot read (${code ?? "error"})`);
  }
}

/** A file the user named could not be used; printed as `path: message`, exit code 1. */
export class CliFileError extends Error {
  override name = "CliFileError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads and parses a policy file. */
export async function loadPolicyFile(path: string): Promise<PolicyDocument> {
  return parseAt(path, await readText(path));
}

function parseAt(path: string, text: string): PolicyDocument {
  try {
    return parsePolicy(text);
  } catch (err) {
    throw new CliFileError(path, describeError(path, err).slice(path.length));
  }
}

/** Synchronous variant used by the scenario runner's resolver (files are small). */
export function policyResolver(
  scenarioFile: string,
  cache: Map<string, string>,
): (p: string) => PolicyDocument {
  return (p) => {
    const path = resolve(dirname(scenarioFile), p);
    const text = cache.get(path);
    if (text === undefined) throw new CliFileError(path, "policy file was not preloaded");
    return parseAt(path, text);
  };
}

/** Policy paths a scenario names (so they can be read asynchronously before running it). */
export function scenarioPolicyPaths(scenario: {
  policy?: unknown;
  layers?: Array<{ policy: unknown }>;
}): string[] {
  const refs = scenario.layers ? scenario.layers.map((l) => l.policy) : [scenario.policy];
  return refs.filter((r): r is string => typeof r === "string");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Reads an action file for `explain`: JSON or YAML holding either an action
 * (`{type, payload, ...}`) or a whole input (`{action, agent, owner, context}`).
 */
export async function loadInputFile(
  path: string,
  defaults: { agent: string; owner: string },
): Promise<EvaluationInput> {
  const text = await readText(path);
  if (text.length > MAX_INPUT_BYTES) throw new CliFileError(path, `larger than ${MAX_INPUT_BYTES} bytes`);
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 50 });
  } catch (err) {
    throw new CliFileError(path, `not valid JSON or YAML: ${(err as Error).message.split("\n")[0]}`);
  }
  if (!isRecord(value)) throw new CliFileError(path, "expected an object");
  const action = isRecord(value.action) ? value.action : value;
  if (typeof action.type !== "string") throw new CliFileError(path, "the action needs a `type`");
  const input: EvaluationInput = {
    action: {
      ...(action as object),
      id: typeof action.id === "string" ? action.id : "explain",
      type: action.type,
      payload: isRecord(action.payload) ? action.payload : {},
    },
    agent:
      isRecord(value.agent) && typeof value.agent.id === "string"
        ? (value.agent as EvaluationInput["agent"])
        : { id: defaults.agent },
    owner:
      isRecord(value.owner) && typeof value.owner.id === "string"
        ? (value.owner as EvaluationInput["owner"])
        : { id: defaults.owner },
  };
  if (isRecord(value.context)) input.context = value.context as EvaluationInput["context"];
  return input;
}

/** `file:line:column: message` for a PolicyError, else the message. */
export function describeError(file: string, err: unknown): string {
  if (err instanceof CliFileError)
    return `${err.file}${err.message.startsWith(":") ? "" : ": "}${err.message}`;
  if (err instanceof PolicyError) {
    const at = err.line !== undefined ? `:${err.line}:${err.column ?? 1}` : "";
    const msg = err.message.replace(/^\d+:\d+: /, "");
    return `${file}${at}: ${err.code}: ${msg}`;
  }
  throw err;
}
