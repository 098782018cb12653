import type { CommandIO } from "../command";

/** What a command wrote, accumulated as it runs. */
export interface CapturedOutput {
  stdout: string;
  stderr: string;
}

/**
 * A `CommandIO` that records everything a command prints, for tests that run commands in
 * process instead of spawning `openleash`. `extra` overrides fields (e.g. `env`, `signal`).
 */
export function captureIO(
  cwd: string,
  extra: Partial<CommandIO & { signal: AbortSignal }> = {},
): { io: CommandIO & { signal?: AbortSignal }; out: CapturedOutput } {
  const out: CapturedOutput = { stdout: "", stderr: "" };
  const io: CommandIO & { signal?: AbortSignal } = {
    stdout: (t) => {
      out.stdout += t;
    },
    stderr: (t) => {
      out.stderr += t;
    },
    cwd,
    env: {},
    ...extra,
  };
  return { io, out };
}
