import { open } from "node:fs/promises";
import { type Checkpoint, checkpointSchemaProblem } from "./checkpoint";
import { AuditError } from "./errors";
import { linesBackward } from "./files";

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
