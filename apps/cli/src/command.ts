/** Where a command writes; injected so tests can capture output without spawning a process. */
export interface CommandIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Working directory that relative paths resolve against. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** One `openleash <name> ...` command. `run` returns the process exit code. */
export interface Command {
  name: string;
  /** One line shown in `openleash --help`. */
  summary: string;
  /** Full `openleash <name> --help` text. */
  help: string;
  run(argv: string[], io: CommandIO): Promise<number>;
}

/** A usage mistake: printed with the command's help hint, exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
