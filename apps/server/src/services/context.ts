import type { ServerConfig } from "../config";
import type { Storage } from "../storage/types";
import type { IdGenerator } from "../util/ids";
import type { Logger } from "../util/logger";
import type { AuditService } from "./audit";

/** What every service gets injected: storage, clock, ids, config, logger and the audit log. */
export type ServiceContext = {
  storage: Storage;
  config: ServerConfig;
  /** The instance's issuer URL (proof `iss`, invite URLs, discovery). */
  issuer: string;
  clock: () => Date;
  ids: IdGenerator;
  logger: Logger;
  audit: AuditService;
};

/** Who performed a change, as written to the audit log. */
export type Actor = { type: "owner" | "admin" | "agent" | "system"; id: string };
