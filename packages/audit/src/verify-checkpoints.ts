import { open } from "node:fs/promises";
import { type Checkpoint, type CheckpointKeys, checkpointSchemaProblem } from "./checkpoint";
import type { VerifyErrorCode } from "./errors";
import { linesForward } from "./files";
import { GENESIS_HASH } from "./record";

/** Where and why verification failed. `line` is 1-based (0 when the problem is a whole file). */
export interface VerifyProblem {
  file: string;
  line: number;
  code: VerifyErrorCode;
  message: string;
}

/** Carries the first problem out of the streaming checks. */
export class Failure extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.message);
  }
}

/** Stops verification with a problem at `file:line`. */
export function fail(file: string, line: number, code: VerifyErrorCode, message: string): never {
  throw new Failure({ file, line, code, message });
}

/** A head some checkpoint or anchor vouches for. */
export interface SealedHead {
  hash: string;
  /** `file:line` of the (first) checkpoint naming it, for messages. */
  where: string;
  /** True when a signature over it was checked against a known key. */
  verified: boolean;
}

/**
 * The checkpoints of a log plus external anchors, indexed by seq. Signatures are checked when keys
 * are given: a bad signature is always an error; an unknown kid (a retired key the JWKS no longer
 * lists) is counted as unverified unless `strict`, and is always an error for an anchor.
 */
export class CheckpointSet {
  readonly bySeq = new Map<number, SealedHead>();
  count = 0;
  unverified = 0;

  constructor(
    private readonly keys: CheckpointKeys | null,
    private readonly strict: boolean,
  ) {}

  add(value: unknown, file: string, line: number, anchor: boolean): Checkpoint {
    const problem = checkpointSchemaProblem(value);
    if (problem) fail(file, line, "CHECKPOINT_BAD_SCHEMA", problem);
    const cp = value as Checkpoint;
    const sig = this.keys ? this.keys.check(cp) : "unchecked";
    if (sig === "bad_signature") fail(file, line, "CHECKPOINT_BAD_SIGNATURE", "signature does not verify");
    if (sig === "unknown_kid") {
      if (this.strict || anchor)
        fail(file, line, "CHECKPOINT_UNKNOWN_KID", `no public key with kid ${cp.kid}`);
      this.unverified++;
    }
    const seen = this.bySeq.get(cp.seq);
    if ((seen && seen.hash !== cp.hash) || (cp.seq === 0 && cp.hash !== GENESIS_HASH)) {
      fail(file, line, "CHECKPOINT_MISMATCH", `two different heads sealed for seq ${cp.seq}`);
    }
    this.bySeq.set(cp.seq, {
      hash: cp.hash,
      where: seen?.where ?? `${file}:${line}`,
      verified: sig === "ok" || (seen?.verified ?? false),
    });
    this.count++;
    return cp;
  }

  /** Reads `checkpoints.jsonl` (a missing file is no checkpoints; a partial last line was never acknowledged). */
  async readFile(path: string): Promise<void> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      fh = await open(path, "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      throw err;
    }
    try {
      let lineNo = 0;
      let lastSeq = -1;
      for await (const line of linesForward(fh, 0, (await fh.stat()).size)) {
        lineNo++;
        if (!line.complete) break;
        let value: unknown;
        try {
          value = JSON.parse(line.text);
        } catch {
          fail(path, lineNo, "CHECKPOINT_BAD_JSON", "checkpoint line is not valid JSON");
        }
        const cp = this.add(value, path, lineNo, false);
        if (cp.seq < lastSeq)
          fail(path, lineNo, "CHECKPOINT_ORDER", `checkpoint seq ${cp.seq} after seq ${lastSeq}`);
        lastSeq = cp.seq;
      }
    } finally {
      await fh.close();
    }
  }
}
