import { closeSync, fdatasync, fdatasyncSync, fstatSync, fsyncSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type Segment, segmentName } from "./files";

/** A serialized record waiting to be written (the log's pending entries are passed as they are). */
export interface OutgoingLine {
  record: { seq: number };
  line: Buffer;
}

/**
 * fsync a directory so a newly created file's entry survives a crash (Linux needs this, see
 * fsync(2)). Synchronous: it runs when a segment is created inside a batch write, at open, and when
 * the checkpoint file is first created — never per append.
 */
export function syncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
}

/**
 * Owns the newest segment file: appends batches with one write and one fdatasync per segment
 * touched, and rotates to `audit-<seq>.jsonl` before a segment would exceed `maxBytes` (a record
 * larger than that gets a segment of its own).
 *
 * The `write` is synchronous (it only copies into the page cache, a few µs); the fdatasync runs on
 * the thread pool so the event loop keeps serving requests while the disk works. One pool round
 * trip per batch instead of the two of an async write + datasync.
 */
export class SegmentWriter {
  readonly #dir: string;
  readonly #maxBytes: number;
  #fd: number | null;
  #size: number;

  private constructor(dir: string, maxBytes: number, fd: number | null, size: number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
    this.#fd = fd;
    this.#size = size;
  }

  /** Opens `last` (the newest segment, already repaired) for appending, or starts with none. */
  static async open(dir: string, last: Segment | null, maxBytes: number): Promise<SegmentWriter> {
    if (!last) return new SegmentWriter(dir, maxBytes, null, 0);
    const fd = openSync(last.path, "a");
    return new SegmentWriter(dir, maxBytes, fd, fstatSync(fd).size);
  }

  /**
   * Writes `items` (consecutive seqs, in order) without waiting for the disk; a segment that fills
   * up is fdatasynced before the next one starts. Call {@link sync} to make them durable. Returns
   * the bytes written.
   */
  write(items: readonly OutgoingLine[]): number {
    let written = 0;
    let i = 0;
    while (i < items.length) {
      if (this.#fd === null) this.#create(items[i]!.record.seq);
      let bytes = 0;
      let j = i;
      while (j < items.length) {
        const n = items[j]!.line.length;
        if (this.#size + bytes > 0 && this.#size + bytes + n > this.#maxBytes) break;
        bytes += n;
        j++;
      }
      if (j > i) {
        const buf =
          j - i === 1
            ? items[i]!.line
            : Buffer.concat(
                items.slice(i, j).map((x) => x.line),
                bytes,
              );
        writeAll(this.#fd!, buf);
        this.#size += bytes;
        written += bytes;
        i = j;
      }
      if (i < items.length) {
        fdatasyncSync(this.#fd!);
        this.#rotate();
      }
    }
    return written;
  }

  /** fdatasync of the current segment on the thread pool: everything written so far is then on disk. */
  sync(done: (err: Error | null) => void): void {
    if (this.#fd === null) {
      done(null);
      return;
    }
    fdatasync(this.#fd, done);
  }

  #rotate(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    this.#size = 0;
  }

  #create(firstSeq: number): void {
    this.#fd = openSync(join(this.#dir, segmentName(firstSeq)), "ax", 0o644);
    this.#size = 0;
    syncDir(this.#dir);
  }

  /** Closes the current segment. */
  async close(): Promise<void> {
    this.#rotate();
  }
}
