import { readdir } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { AuditError } from "./errors";
import { peekSeq } from "./record";

/**
 * Directory layout:
 * - `audit-<first seq, 16 digits>.jsonl`: the segments. A segment is named after the seq of its first
 *   record, so the names alone say which seq each file must start with, and a missing middle file
 *   shows up as a gap between one file's last seq and the next file's name (and as a broken chain).
 * - `checkpoints.jsonl`: signed checkpoints (one JSON object a line).
 * - `audit.lock`: the single-writer lock (JSON with the holder's pid).
 */
export const SEGMENT_RE = /^audit-(\d{16})\.jsonl$/;
/** Name of the checkpoint file inside the audit directory. */
export const CHECKPOINT_FILE = "checkpoints.jsonl";
/** Name of the lock file inside the audit directory. */
export const LOCK_FILE = "audit.lock";

/** One segment file. */
export interface Segment {
  name: string;
  path: string;
  firstSeq: number;
}

/** File name of the segment whose first record has `firstSeq`. */
export function segmentName(firstSeq: number): string {
  return `audit-${String(firstSeq).padStart(16, "0")}.jsonl`;
}

/** Segments in `dir` sorted by first seq, plus names that look like segments but are malformed. */
export async function listSegments(dir: string): Promise<{ segments: Segment[]; malformed: string[] }> {
  const names = await readdir(dir);
  const segments: Segment[] = [];
  const malformed: string[] = [];
  for (const name of names) {
    const m = SEGMENT_RE.exec(name);
    if (m) segments.push({ name, path: join(dir, name), firstSeq: Number(m[1]) });
    else if (name.startsWith("audit-") && name.endsWith(".jsonl")) malformed.push(name);
  }
  segments.sort((a, b) => a.firstSeq - b.firstSeq);
  return { segments, malformed };
}

const NL = 0x0a;

/** One line read from a file; `complete` is false only for trailing bytes with no newline. */
export interface Line {
  text: string;
  /** Byte offset of the line's first byte. */
  offset: number;
  /** Byte length including the newline when complete. */
  bytes: number;
  complete: boolean;
}

/**
 * Streams the lines of `fh` from byte `start` to `end` in fixed-size chunks, so memory stays
 * bounded by the chunk plus the longest line.
 */
export async function* linesForward(
  fh: FileHandle,
  start: number,
  end: number,
  chunkSize = 256 * 1024,
): AsyncGenerator<Line> {
  let pos = start;
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = start;
  while (pos < end) {
    const len = Math.min(chunkSize, end - pos);
    const chunk = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    const buf = carry.length
      ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
      : chunk.subarray(0, bytesRead);
    let lineStart = 0;
    let nl = buf.indexOf(NL, lineStart);
    while (nl !== -1) {
      yield {
        text: buf.toString("utf8", lineStart, nl),
        offset: carryOffset + lineStart,
        bytes: nl + 1 - lineStart,
        complete: true,
      };
      lineStart = nl + 1;
      nl = buf.indexOf(NL, lineStart);
    }
    carry = Buffer.from(buf.subarray(lineStart));
    carryOffset += lineStart;
  }
  if (carry.length) {
    yield { text: carry.toString("utf8"), offset: carryOffset, bytes: carry.length, complete: false };
  }
}

/**
 * Yields the complete lines of `fh` that end at or before byte `end`, last line first, reading
 * backwards in chunks. `end` must be a line boundary (0, or just after a newline).
 */
export async function* linesBackward(
  fh: FileHandle,
  end: number,
  chunkSize = 64 * 1024,
): AsyncGenerator<Line> {
  let pos = end;
  // Bytes [pos, pos + tail.length) not yet yielded; always ends at a line boundary.
  let tail: Buffer = Buffer.alloc(0);
  while (pos > 0) {
    const len = Math.min(chunkSize, pos);
    pos -= len;
    const chunk = Buffer.allocUnsafe(len);
    const { bytesRead } = await fh.read(chunk, 0, len, pos);
    if (bytesRead !== len) throw new Error("file shrank while reading");
    let buf = tail.length ? Buffer.concat([chunk, tail]) : chunk;
    // buf ends with "\n" (or is empty). Walk newlines from the end.
    let lineEnd = buf.length - 1; // index of the newline closing the current line
    while (lineEnd >= 0) {
      const prevNl = lineEnd === 0 ? -1 : buf.lastIndexOf(NL, lineEnd - 1);
      if (prevNl === -1 && pos > 0) break; // the line may start in an earlier chunk
      const s = prevNl + 1;
      yield {
        text: buf.toString("utf8", s, lineEnd),
        offset: pos + s,
        bytes: lineEnd + 1 - s,
        complete: true,
      };
      lineEnd = prevNl;
    }
    buf = buf.subarray(0, lineEnd + 1);
    tail = Buffer.from(buf);
  }
}

/** Byte offset of the first line start at or after `pos` (or `size`). */
async function lineStartAtOrAfter(fh: FileHandle, pos: number, size: number): Promise<number> {
  if (pos === 0) return 0;
  const buf = Buffer.allocUnsafe(4096);
  let at = pos - 1;
  while (at < size) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - at), at);
    if (bytesRead === 0) return size;
    const nl = buf.subarray(0, bytesRead).indexOf(NL);
    if (nl !== -1) return at + nl + 1;
    at += bytesRead;
  }
  return size;
}

/**
 * Reads the seq at the start of the line at `offset`. A prefix cut short by the end of the file is
 * a write in progress (or a torn tail): it sorts after every record. Anything else that is not a v1
 * record throws CORRUPT_LOG.
 */
async function seqAt(fh: FileHandle, offset: number, file: string): Promise<number> {
  const buf = Buffer.allocUnsafe(48);
  const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
  const prefix = buf.toString("latin1", 0, bytesRead);
  if (bytesRead < buf.length && !prefix.includes("\n") && peekSeq(prefix) === null)
    return Number.POSITIVE_INFINITY;
  return seqOf(prefix, offset, file);
}

function seqOf(prefix: string, offset: number, file: string): number {
  const seq = peekSeq(prefix);
  if (seq === null) throw new AuditError("CORRUPT_LOG", `${file}: no audit record at byte ${offset}`);
  return seq;
}

/**
 * Byte offset of the first line whose seq is >= `target` (or `size` if none), by binary search
 * over byte offsets: seq grows with the offset inside a segment and can be read from a line's
 * prefix, so this touches O(log n) small reads instead of the whole file.
 */
export async function offsetOfSeq(
  fh: FileHandle,
  size: number,
  target: number,
  file: string,
): Promise<number> {
  let lo = 0; // a line start whose seq < target, or 0
  let hi = size; // a line start whose seq >= target, or size
  while (hi - lo > 64 * 1024) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const s = await lineStartAtOrAfter(fh, mid, size);
    if (s >= hi) break;
    if ((await seqAt(fh, s, file)) >= target) hi = s;
    else lo = s;
  }
  for await (const line of linesForward(fh, lo, hi)) {
    if (!line.complete || seqOf(line.text, line.offset, file) >= target) return line.offset;
  }
  return hi;
}
