export { openSqliteStorage, SqliteStorage, type SqliteStorageOptions } from "./sqlite/adapter";
export type * from "./types";
