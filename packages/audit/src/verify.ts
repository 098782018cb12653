import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Checkpoint, CheckpointKeys, checkpointSchemaProblem } from "./checkpoint";
import type { VerifyErrorCode } from "./errors";
import { CHECKPOINT_FILE, type Segment, linesForward, listSegments } from "./files";
import { checkRecordLine } from "./parse";
import { GENESIS_HASH } from "./record";

/** Where and why verification failed. `line` is 1-based (0 when the problem is a whole file). */
export interface VerifyProblem {
  file: string;
  line: number;
  code: VerifyErrorCode;
  message: string;
}

/** Result of {@link verifyAuditLog}. */
export interface AuditVerifyReport {
  ok: boolean;
  /** Records that checked out before the first problem (all of them when ok). */
  records: number;
  /** Checkpoints read. */
  checkpoints: number;
  /** True when checkpoint signatures were checked against `publicKeys`. */
  signatures_checked: boolean;
  /** Segment files seen. */
  segments: number;
  /** Last good record (seq 0 and GENESIS_HASH when none). */
  head: { seq: number; hash: string };
  /** A partial last line in the newest segment: a write cut short by a crash, never acknowledged; repaired by the next open. Not an error. */
  torn_tail?: { file: string; line: number };
  first_error?: VerifyProblem;
}

class Failure extends Error {
  constructor(readonly problem: VerifyProblem) {
    super(problem.message);
  }
}

function fail(file: string, line: number, code: VerifyErrorCode, message: string): never {
  throw new Failure({ file, line, code, message });
}

interface SealedHead {
  hash: string;
  line: number;
}

async function readCheckpoints(
  path: string,
  keys: CheckpointKeys | null,
): Promise<{ bySeq: Map<number, SealedHead>; count: number }> {
  const bySeq = new Map<number, SealedHead>();
  let count = 0;
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { bySeq, count };
    throw err;
  }
  try {
    let lineNo = 0;
    let lastSeq = -1;
    for await (const line of linesForward(fh, 0, (await fh.stat()).size)) {
      lineNo++;
      if (!line.complete) break; // a checkpoint cut short by a crash was never returned to anyone
      let value: unknown;
      try {
        value = JSON.parse(line.text);
      } catch {
        fail(path, lineNo, "CHECKPOINT_BAD_JSON", "checkpoint line is not valid JSON");
      }
      const problem = checkpointSchemaProblem(value);
      if (problem) fail(path, lineNo, "CHECKPOINT_BAD_SCHEMA", problem);
      const cp = value as Checkpoint;
      if (cp.seq < lastSeq)
        fail(path, lineNo, "CHECKPOINT_ORDER", `checkpoint seq ${cp.seq} after seq ${lastSeq}`);
      const sigState = keys ? keys.check(cp) : "ok";
      if (sigState === "unknown_kid")
        fail(path, lineNo, "CHECKPOINT_UNKNOWN_KID", `no public key with kid ${cp.kid}`);
      if (sigState === "bad_signature")
        fail(path, lineNo, "CHECKPOINT_BAD_SIGNATURE", "signature does not verify");
      const seen = bySeq.get(cp.seq);
      if ((seen && seen.hash !== cp.hash) || (cp.seq === 0 && cp.hash !== GENESIS_HASH)) {
        fail(path, lineNo, "CHECKPOINT_MISMATCH", `two different heads sealed for seq ${cp.seq}`);
      }
      bySeq.set(cp.seq, { hash: cp.hash, line: lineNo });
      lastSeq = cp.seq;
      count++;
    }
  } finally {
    await fh.close();
  }
  return { bySeq, count };
}

interface ChainState {
  expectedSeq: number;
  prevHash: string;
  lastTs: string;
  records: number;
  lastFile: string;
  lastLine: number;
  torn?: { file: string; line: number };
}

/** Checks every line of one segment against the chain state, advancing it. */
async function verifySegment(seg: Segment, isLast: boolean, st: ChainState, sealed: Map<number, SealedHead>) {
  if (seg.firstSeq > st.expectedSeq) {
    fail(
      seg.path,
      0,
      "SEGMENT_MISSING",
      `file starts at seq ${seg.firstSeq} but seq ${st.expectedSeq} comes next: records ${st.expectedSeq}..${seg.firstSeq - 1} (a whole file?) are missing`,
    );
  }
  if (seg.firstSeq < st.expectedSeq) {
    fail(
      seg.path,
      0,
      "DUPLICATE_RECORD",
      `file starts at seq ${seg.firstSeq}, which an earlier file already holds`,
    );
  }
  st.lastFile = seg.path;
  st.lastLine = 0;
  const fh = await open(seg.path, "r");
  try {
    let lineNo = 0;
    for await (const line of linesForward(fh, 0, (await fh.stat()).size)) {
      lineNo++;
      if (!line.complete) {
        if (!isLast) fail(seg.path, lineNo, "BAD_JSON", "partial line at the end of a closed segment");
        st.torn = { file: seg.path, line: lineNo };
        break;
      }
      const check = checkRecordLine(line.text);
      if (!check.ok) fail(seg.path, lineNo, check.code, check.message);
      const r = check.record;
      if (r.seq < st.expectedSeq) {
        const dup = r.hash === st.prevHash;
        fail(
          seg.path,
          lineNo,
          dup ? "DUPLICATE_RECORD" : "OUT_OF_ORDER",
          `seq ${r.seq} where seq ${st.expectedSeq} was expected${dup ? " (a repeated line)" : ""}`,
        );
      }
      if (r.seq > st.expectedSeq) {
        fail(
          seg.path,
          lineNo,
          "SEQ_GAP",
          `seq ${r.seq} where seq ${st.expectedSeq} was expected: records are missing or out of order`,
        );
      }
      if (r.prev !== st.prevHash)
        fail(seg.path, lineNo, "CHAIN_BROKEN", `prev of seq ${r.seq} is not the hash of seq ${r.seq - 1}`);
      if (r.ts < st.lastTs)
        fail(seg.path, lineNo, "TS_NOT_MONOTONIC", `ts of seq ${r.seq} is earlier than its predecessor's`);
      const cp = sealed.get(r.seq);
      if (cp && cp.hash !== r.hash) {
        fail(
          seg.path,
          lineNo,
          "CHECKPOINT_MISMATCH",
          `seq ${r.seq} differs from the head signed at ${CHECKPOINT_FILE}:${cp.line}: the log was rewritten`,
        );
      }
      st.expectedSeq++;
      st.prevHash = r.hash;
      st.lastTs = r.ts;
      st.records++;
      st.lastLine = lineNo;
    }
  } finally {
    await fh.close();
  }
}

/**
 * Verifies the whole log in `dir`, streaming it once: every line parses, is a v1 record in canonical
 * layout, its hash matches its content, seq runs 1, 2, 3... across files with no gap, each `prev`
 * is the previous hash, timestamps never decrease, segment names match their first seq, and every
 * checkpoint (signature checked when `publicKeys` is given) matches the record it seals and is not
 * beyond the end of the log. Stops at the first problem and reports its file, line and code.
 *
 * @example const report = await verifyAuditLog({ dir: "./.openleash/audit", publicKeys: jwks })
 */
export async function verifyAuditLog(options: {
  dir: string;
  publicKeys?: { keys: object[] };
}): Promise<AuditVerifyReport> {
  const { dir } = options;
  const keys = options.publicKeys ? new CheckpointKeys(options.publicKeys) : null;
  const st: ChainState = {
    expectedSeq: 1,
    prevHash: GENESIS_HASH,
    lastTs: "",
    records: 0,
    lastFile: dir,
    lastLine: 0,
  };
  const report = (
    extra: Partial<AuditVerifyReport>,
    checkpoints: number,
    segments: number,
  ): AuditVerifyReport => ({
    ok: extra.first_error === undefined,
    records: st.records,
    checkpoints,
    signatures_checked: keys !== null,
    segments,
    head: { seq: st.expectedSeq - 1, hash: st.prevHash },
    ...(st.torn ? { torn_tail: st.torn } : {}),
    ...extra,
  });
  let checkpoints = 0;
  let segmentCount = 0;
  try {
    try {
      if (!(await stat(dir)).isDirectory()) fail(dir, 0, "NOT_FOUND", "not a directory");
    } catch (err) {
      if (err instanceof Failure) throw err;
      fail(dir, 0, "NOT_FOUND", "audit directory does not exist");
    }
    const cps = await readCheckpoints(join(dir, CHECKPOINT_FILE), keys);
    checkpoints = cps.count;
    const { segments, malformed } = await listSegments(dir);
    segmentCount = segments.length;
    if (malformed[0])
      fail(join(dir, malformed[0]), 0, "BAD_SEGMENT_NAME", "file name is not audit-<16 digits>.jsonl");
    for (let i = 0; i < segments.length; i++)
      await verifySegment(segments[i]!, i === segments.length - 1, st, cps.bySeq);
    const head = st.expectedSeq - 1;
    for (const [seq, cp] of cps.bySeq) {
      if (seq > head) {
        fail(
          st.lastFile,
          st.lastLine + 1,
          "LOG_TRUNCATED",
          `the log ends at seq ${head} but ${CHECKPOINT_FILE}:${cp.line} signed seq ${seq}: records were removed`,
        );
      }
    }
    return report({}, checkpoints, segmentCount);
  } catch (err) {
    if (err instanceof Failure) return report({ first_error: err.problem }, checkpoints, segmentCount);
    const e = err as NodeJS.ErrnoException;
    return report(
      { first_error: { file: dir, line: 0, code: "IO_ERROR", message: e.code ?? e.message } },
      checkpoints,
      segmentCount,
    );
  }
}
