import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";

/** Name of the lock file inside the data folder. */
export const DATA_LOCK_FILE = "openleash.lock";

/** Raised when another live process holds the data folder. */
export class DataFolderLockedError extends Error {
  readonly code = "DATA_FOLDER_LOCKED";
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `data folder ${dataDir} is in use by process ${pid}. The embedded SQLite store serves one server at a time; ` +
        "to run many replicas, use PostgreSQL (set OPENLEASH_DATABASE_URL). To work on this folder while the " +
        "server runs, talk to the server over HTTP (e.g. `openleash init --url ...`).",
    );
    this.name = "DataFolderLockedError";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the data folder's exclusive lock: a file created with O_EXCL holding our pid. A lock left
 * by a dead process (SIGKILL, crash) is taken over. Returns the release function.
 */
export function lockDataFolder(dataDir: string): () => void {
  const file = join(dataDir, DATA_LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => {
        try {
          if (Number(readFileSync(file, "utf8").trim()) === process.pid) unlinkSync(file);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      let pid = Number.NaN;
      try {
        pid = Number(readFileSync(file, "utf8").trim());
      } catch {
        continue; // removed between our open and read: retry
      }
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) throw new DataFolderLockedError(dataDir, pid);
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        // someone else removed it first
      }
    }
  }
  throw new Error(`could not lock data folder ${dataDir}`);
}
