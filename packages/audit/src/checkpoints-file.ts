import { open } from "node:fs/promises";
import { type Checkpoint, checkpointSchemaProblem } from "./checkpoint";
import { AuditError } from "./errors";
import { type Segment, linesBackward } from "./files";
import { scanForward } from "./query";
import { GENESIS_HASH } from "./record";

/**
 * Reads the newest checkpoint of `path` (null if there is none). With `repair`, a partial last
 * line (a crash while a checkpoint was being written, so never returned to the caller) is cut off.
 */
export async function readLastCheckpoint(path: string, repair: boolean): Promise<Checkpoint | null> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, repair ? "r+" : "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const size = (await fh.stat()).size;
    let end = size;
    if (size > 0) {
      const probe = Buffer.alloc(1);
      await fh.read(probe, 0, 1, size - 1);
      if (probe[0] !== 0x0a) {
        end = await lastNewlineEnd(fh, size);
        if (repair) {
          await fh.truncate(end);
          await fh.sync();
        }
      }
    }
    for await (const line of linesBackward(fh, end)) {
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        value = null;
      }
      if (checkpointSchemaProblem(value) !== null) {
        throw new AuditError("CORRUPT_LOG", `${path}: damaged checkpoint at byte ${line.offset}`);
      }
      return value as Checkpoint;
    }
    return null;
  } finally {
    await fh.close();
  }
}

async function lastNewlineEnd(fh: Awaited<ReturnType<typeof open>>, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(4096);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}

/** The newest checkpoint must name a record that is still there, unchanged. */
export async function assertCheckpointHolds(
  segments: Segment[],
  cp: { seq: number; hash: string },
  head: { seq: number; hash: string },
): Promise<void> {
  let found = cp.seq === 0 ? GENESIS_HASH : null;
  if (cp.seq === head.seq) found = head.hash;
  else if (cp.seq > 0 && cp.seq < head.seq) {
    await scanForward(segments, cp.seq, cp.seq, (r) => {
      found = r.hash;
      return false;
    });
  }
  if (found !== cp.hash) {
    throw new AuditError(
      "CORRUPT_LOG",
      `the newest checkpoint (seq ${cp.seq}) does not match the log, which ends at seq ${head.seq}; ` +
        "records were removed or rewritten: run `openleash audit verify`",
    );
  }
}
