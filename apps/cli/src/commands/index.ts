import type { Command } from "../command";
import { auditCommand } from "./audit";
import { policyCommand } from "./policy";

/**
 * Every top-level command, in the order `openleash --help` lists them.
 * Add a command by writing `commands/<name>.ts` that exports a `Command` and listing it here.
 */
export const commands: Command[] = [auditCommand, policyCommand];
