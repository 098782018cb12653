import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { AuditError } from "./errors";
import { type Segment, linesBackward } from "./files";
import { checkRecordLine } from "./parse";
import { GENESIS_HASH } from "./record";
import type { AuditRecord } from "./schema";

/** The head found on open: the last durable record (seq 0 / GENESIS_HASH / "" for an empty log). */
export interface RecoveredHead {
  seq: number;
  hash: string;
  ts: string;
  /** Bytes cut from the end of the last segment (a torn write), 0 when it was whole. */
  repairedBytes: number;
}

const NL = 0x0a;
/** A complete line of only NUL/whitespace: what a power loss can leave behind in a block. */
const JUNK_LINE = /^[\0\s]*$/;

/** Byte length of the file up to and including its last newline. */
async function completeLength(fh: FileHandle, size: number): Promise<number> {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - buf.length);
    const { bytesRead } = await fh.read(buf, 0, end - start, start);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NL);
    if (nl !== -1) return start + nl + 1;
    end = start;
  }
  return 0;
}

/** The last two records of a segment (newest first), each checked on its own. */
async function lastRecords(fh: FileHandle, end: number, file: string): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  for await (const line of linesBackward(fh, end)) {
    const check = checkRecordLine(line.text);
    if (!check.ok) {
      throw new AuditError(
        "CORRUPT_LOG",
        `${file}: record at byte ${line.offset} is damaged (${check.code}: ${check.message}); ` +
          "this is not a torn write, run `openleash audit verify`",
      );
    }
    out.push(check.record);
    if (out.length === 2) break;
  }
  return out;
}

function linkError(file: string, what: string): AuditError {
  return new AuditError("CORRUPT_LOG", `${file}: ${what}; run \`openleash audit verify\``);
}

/**
 * Repairs a torn tail of the newest segment and returns the head. A crash can leave a partial
 * last line (the write was cut short) or, after a power loss, lines of NUL bytes; both are cut off
 * (ftruncate + fsync): they were never acknowledged, because `append` resolves only after fsync.
 * Any other damage at the tail is refused with CORRUPT_LOG rather than silently discarded.
 */
export async function recoverTail(segments: Segment[]): Promise<RecoveredHead> {
  let prevHead = { seq: 0, hash: GENESIS_HASH, ts: "" };
  let repairedBytes = 0;
  const start = Math.max(0, segments.length - 2);
  for (let i = start; i < segments.length; i++) {
    const seg = segments[i]!;
    const isLast = i === segments.length - 1;
    const fh = await open(seg.path, isLast ? "r+" : "r");
    try {
      const size = (await fh.stat()).size;
      let end = await completeLength(fh, size);
      if (isLast) {
        for await (const line of linesBackward(fh, end)) {
          if (!JUNK_LINE.test(line.text)) break;
          end = line.offset;
        }
        if (end !== size) {
          await fh.truncate(end);
          await fh.sync();
          repairedBytes = size - end;
        }
      } else if (end !== size) {
        throw linkError(seg.name, "a closed segment ends with a partial line");
      }
      const known = i === 0 || i > start; // is prevHead the real predecessor of this segment?
      const [last, before] = await lastRecords(fh, end, seg.name);
      if (!last) {
        if (known && seg.firstSeq !== prevHead.seq + 1)
          throw linkError(seg.name, "empty segment out of sequence");
        continue;
      }
      if (before && (last.seq !== before.seq + 1 || last.prev !== before.hash)) {
        throw linkError(seg.name, `records ${before.seq} and ${last.seq} are not chained`);
      }
      if (!before && (last.seq !== seg.firstSeq || (known && last.prev !== prevHead.hash))) {
        throw linkError(seg.name, `first record ${last.seq} does not continue the chain`);
      }
      prevHead = { seq: last.seq, hash: last.hash, ts: last.ts };
    } finally {
      await fh.close();
    }
  }
  return { ...prevHead, repairedBytes };
}
