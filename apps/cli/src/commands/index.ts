import type { Command } from "../command";
import { adminCommand } from "./admin";
import { auditCommand } from "./audit";
import { initCommand } from "./init";
import { keysCommand } from "./keys";
import { policyCommand } from "./policy";
import { startCommand } from "./start";

/**
 * Every top-level command, in the order `openleash --help` lists them.
 * Add a command by writing `commands/<name>.ts` that exports a `Command` and listing it here.
 */
export const commands: Command[] = [
  startCommand,
  initCommand,
  policyCommand,
  keysCommand,
  auditCommand,
  adminCommand,
];
