import { hostname } from "node:os";
import { resolve } from "node:path";
import { open, readFile, stat, unlink } from "node:fs/promises";
import { AuditError } from "./errors";
import { LOCK_FILE } from "./files";

/** Contents of `audit.lock`. */
interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

/** A held directory lock; `release` removes the lock file if it is still ours. */
export interface DirLock {
  path: string;
  release(): Promise<void>;
}

/** Lock files held by this process, so a lock naming our own pid can be told apart from a stale one. */
const heldHere = new Set<string>();

/** True when a process with this pid exists (EPERM means it exists but belongs to someone else). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readLock(path: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path, "utf8")) as Partial<LockInfo>;
    if (typeof info.pid !== "number" || typeof info.host !== "string") return null;
    return info as LockInfo;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") throw err;
    return null; // unreadable or torn: written by a process that died while creating it
  }
}

/**
 * Takes the single-writer lock of `dir`: creates `audit.lock` with O_CREAT|O_EXCL holding
 * `{ pid, host, since }`. If the file exists and names a live process on this host (or any process
 * on another host, whose liveness cannot be checked), throws `LOCKED`. If it names a dead pid on
 * this host (a crashed writer), the stale file is removed and the lock taken.
 *
 * Limit: taking over a stale lock is not atomic if two processes do it at the same instant; stale
 * locks only exist after a crash, and the common case (a second server started by mistake while
 * the first runs) is refused.
 */
export async function acquireDirLock(dir: string): Promise<DirLock> {
  const path = resolve(dir, LOCK_FILE);
  // Reserve the path in this process first, so two opens in one process cannot both see "our pid".
  if (heldHere.has(path)) throw lockedError(dir, path, { pid: process.pid, host: hostname(), since: "now" });
  heldHere.add(path);
  try {
    return await takeLock(dir, path);
  } catch (err) {
    heldHere.delete(path);
    throw err;
  }
}

function lockedError(dir: string, path: string, holder: LockInfo): AuditError {
  const where = holder.host === hostname() ? "" : ` on host ${holder.host}`;
  return new AuditError(
    "LOCKED",
    `audit log ${dir} is locked by process ${holder.pid}${where} since ${holder.since}; ` +
      `only one writer may open it (if that process is gone, remove ${path})`,
  );
}

async function takeLock(dir: string, path: string): Promise<DirLock> {
  const me: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(path, "wx", 0o644);
      try {
        await fh.writeFile(`${JSON.stringify(me)}\n`);
        await fh.sync();
      } finally {
        await fh.close();
      }
      return { path, release: () => releaseLock(path, me) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    let holder: LockInfo | null;
    try {
      holder = await readLock(path);
    } catch {
      continue; // vanished between open and read: retry
    }
    if (!holder && (await youngerThan(path, 10_000))) {
      throw new AuditError("LOCKED", `audit log ${dir} is being locked by another process right now`);
    }
    // Our own pid in a lock this process does not hold (checked on entry): a previous incarnation
    // that crashed, as when a container restarts and the server is pid 1 again.
    const ownStale = holder?.host === me.host && holder.pid === process.pid;
    if (holder && !ownStale && (holder.host !== me.host || pidAlive(holder.pid))) {
      throw lockedError(dir, path, holder);
    }
    await unlink(path).catch(() => undefined); // stale: its process is dead
  }
  throw new AuditError("LOCKED", `could not take the lock ${path}`);
}

/** An unreadable lock file may be one another process is writing this very moment. */
async function youngerThan(path: string, ms: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(path)).mtimeMs < ms;
  } catch {
    return false;
  }
}

async function releaseLock(path: string, me: LockInfo): Promise<void> {
  heldHere.delete(path);
  const holder = await readLock(path).catch(() => null);
  if (holder && holder.pid === me.pid && holder.since === me.since) await unlink(path).catch(() => undefined);
}
