import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
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

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}

/**
 * Owns the newest segment file: appends batches with one write and one fdatasync per segment
 * touched, and rotates to `audit-<seq>.jsonl` before a segment would exceed `maxBytes` (a record
 * larger than that gets a segment of its own).
 */
export class SegmentWriter {
  readonly #dir: string;
  readonly #maxBytes: number;
  #fh: FileHandle | null;
  #size: number;

  private constructor(dir: string, maxBytes: number, fh: FileHandle | null, size: number) {
    this.#dir = dir;
    this.#maxBytes = maxBytes;
    this.#fh = fh;
    this.#size = size;
  }

  /** Opens `last` (the newest segment, already repaired) for appending, or starts with none. */
  static async open(dir: string, last: Segment | null, maxBytes: number): Promise<SegmentWriter> {
    if (!last) return new SegmentWriter(dir, maxBytes, null, 0);
    const fh = await open(last.path, "a");
    return new SegmentWriter(dir, maxBytes, fh, (await fh.stat()).size);
  }

  /** Writes `items` (consecutive seqs, in order) and returns once they are all on disk. */
  async writeDurably(items: OutgoingLine[]): Promise<void> {
    let i = 0;
    while (i < items.length) {
      if (!this.#fh) await this.#create(items[i]!.seq);
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
        await writeAll(this.#fh!, buf);
        // fdatasync: the data plus the metadata needed to read it back (the file size), see fdatasync(2).
        await this.#fh!.datasync();
        this.#size += bytes;
        i = j;
      }
      if (i < items.length) await this.#rotate();
    }
  }

  async #rotate(): Promise<void> {
    await this.#fh?.close();
    this.#fh = null;
    this.#size = 0;
  }

  async #create(firstSeq: number): Promise<void> {
    this.#fh = await open(join(this.#dir, segmentName(firstSeq)), "ax", 0o644);
    this.#size = 0;
    await syncDir(this.#dir);
  }

  /** Closes the current segment. */
  async close(): Promise<void> {
    await this.#rotate();
  }
}
