export { buildOpenApiDocument, createApp } from "./app";
export {
  CONFIG_ENV,
  ConfigError,
  type LoadConfigOptions,
  loadConfig,
  type ServerConfig,
  serverConfigSchema,
} from "./config";
export type { AdminEnv, AgentEnv, AppEnv, OwnerEnv } from "./env";
export {
  ApiError,
  ERROR_CATALOGUE,
  ERROR_CODES,
  type ErrorCode,
  type ProblemDocument,
  toProblem,
} from "./errors";
export { DATA_LOCK_FILE, DataFolderLockedError, lockDataFolder } from "./lock";
export { createServer, type OpenLeashServer, openDataFolder, type ServerOptions } from "./server";
export {
  type AgentContext,
  AuditService,
  createServices,
  type InstanceKeyInfo,
  InstanceKeys,
  rotateInstanceKey,
  type ServiceContext,
  type Services,
} from "./services";
export { openSqliteStorage, SqliteStorage, type SqliteStorageOptions, type Storage } from "./storage";
export { createJsonLogger, type Logger, silentLogger } from "./util/logger";
export { type IdGenerator, randomId } from "./util/ids";
