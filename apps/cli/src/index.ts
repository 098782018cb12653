export type { Command, CommandIO } from "./command";
export { UsageError } from "./command";
export { commands } from "./commands/index";
export { main } from "./main";
