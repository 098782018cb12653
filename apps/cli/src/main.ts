import { type CommandIO, UsageError } from "./command";
import { commands } from "./commands/index";
import { VERSION } from "./version";

function topLevelHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "openleash: authorization guardrails for AI agents",
    "",
    "Usage: openleash <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `openleash <command> --help` for a command's options.",
    "",
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and script path); returns the exit code. */
export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    io.stdout(topLevelHelp());
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`openleash: unknown command "${name}"\n\n${topLevelHelp()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(command.help.endsWith("\n") ? command.help : `${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`openleash ${name}: ${err.message}\nRun \`openleash ${name} --help\` for usage.\n`);
      return 2;
    }
    throw err;
  }
}
