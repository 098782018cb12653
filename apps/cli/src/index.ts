export type { Command, CommandIO } from "./command";
export { UsageError } from "./command";
export { commands } from "./commands/index";
export { parseStartLine, type StartLine } from "./commands/start";
export { main } from "./main";
