import { closeSync, fdatasyncSync, fstatSync, fsyncSync, openSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { type Segment, segmentName } from "./files";

/** A serialized record waiting to be written. */
export interface OutgoingLine {
  seq: number;
  line: Buffer;
}

/** fsync a directory so a newly created file's entry survives a crash (Linux needs this, see fsync(2)). */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function syncDirNow(dir: string): void {
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
 * The writes are synchronous on purpose. The caller waits for the fdatasync either way (an answer
 * leaves only once its record is durable), and doing it inline costs about half the CPU of the
 * thread-pool round trips (`write` + `fdatasync` jobs and the wake-ups around them: ≈ 70 against
 * ≈ 110–160 µs per commit on the reference machine). It blocks the event loop for the fsync, like
 * SQLite's own commits do; the batch that waits for it grows accordingly.
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

  /** Writes `items` (consecutive seqs, in order); returns once they are all on disk. */
  writeDurably(items: OutgoingLine[]): void {
    let i = 0;
    while (i < items.length) {
      if (this.#fd === null) this.#create(items[i]!.seq);
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
        // fdatasync: the data plus the metadata needed to read it back (the file size), see fdatasync(2).
        fdatasyncSync(this.#fd!);
        this.#size += bytes;
        i = j;
      }
      if (i < items.length) this.#rotate();
    }
  }

  #rotate(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    this.#size = 0;
  }

  #create(firstSeq: number): void {
    this.#fd = openSync(join(this.#dir, segmentName(firstSeq)), "ax", 0o644);
    this.#size = 0;
    syncDirNow(this.#dir);
  }

  /** Closes the current segment. */
  async close(): Promise<void> {
    this.#rotate();
  }
}
