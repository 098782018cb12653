import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { CheckpointKeys } from "./checkpoint";
import { CHECKPOINT_FILE, type Segment, linesForward, listSegments } from "./files";
import { checkRecordLine } from "./parse";
import { GENESIS_HASH } from "./record";
import type { AuditRecord } from "./schema";
import { CheckpointSet, Failure, type SealedHead, type VerifyProblem, fail } from "./verify-checkpoints";

export type { VerifyProblem };

/** Result of {@link verifyAuditLog}. */
export interface AuditVerifyReport {
  ok: boolean;
  /** Records that checked out before the first problem (all of them when ok). */
  records: number;
  /** Checkpoints read (from `checkpoints.jsonl` and the anchors). */
  checkpoints: number;
  /** True when checkpoint signatures were checked against `publicKeys`. */
  signatures_checked: boolean;
  /** Checkpoints whose kid is not in `publicKeys` (retired keys), so their signature was not checked. */
  checkpoints_unverified: number;
  /**
   * Highest seq covered by a checkpoint whose signature was verified (0 when none): records
   * 1..sealed_seq are exactly what the instance key signed. Records after it are only chained.
   */
  sealed_seq: number;
  /** Segment files seen. */
  segments: number;
  /** Last good record (seq 0 and GENESIS_HASH when none). */
  head: { seq: number; hash: string };
  /** A partial last line in the newest segment: a write cut short by a crash, never acknowledged; repaired by the next open. Not an error. */
  torn_tail?: { file: string; line: number };
  first_error?: VerifyProblem;
}

interface ChainState {
  expectedSeq: number;
  prevHash: string;
  lastTs: string;
  records: number;
  lastFile: string;
  lastLine: number;
  sealed: number;
  torn?: { file: string; line: number };
}

/** Checks a well-formed record's place in the chain: seq order, link, time, checkpoints. */
function checkPlace(
  r: AuditRecord,
  file: string,
  lineNo: number,
  st: ChainState,
  sealed: Map<number, SealedHead>,
) {
  if (r.seq < st.expectedSeq) {
    const dup = r.hash === st.prevHash;
    fail(
      file,
      lineNo,
      dup ? "DUPLICATE_RECORD" : "OUT_OF_ORDER",
      `seq ${r.seq} where seq ${st.expectedSeq} was expected${dup ? " (a repeated line)" : ""}`,
    );
  }
  if (r.seq > st.expectedSeq) {
    fail(
      file,
      lineNo,
      "SEQ_GAP",
      `seq ${r.seq} where seq ${st.expectedSeq} was expected: records are missing or out of order`,
    );
  }
  if (r.prev !== st.prevHash)
    fail(file, lineNo, "CHAIN_BROKEN", `prev of seq ${r.seq} is not the hash of seq ${r.seq - 1}`);
  if (r.ts < st.lastTs)
    fail(file, lineNo, "TS_NOT_MONOTONIC", `ts of seq ${r.seq} is earlier than its predecessor's`);
  const cp = sealed.get(r.seq);
  if (cp && cp.hash !== r.hash) {
    fail(
      file,
      lineNo,
      "CHECKPOINT_MISMATCH",
      `seq ${r.seq} differs from the head sealed at ${cp.where}: the log was rewritten`,
    );
  }
  if (cp?.verified) st.sealed = r.seq;
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
      checkPlace(r, seg.path, lineNo, st, sealed);
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

/** Options of {@link verifyAuditLog}. */
export interface VerifyOptions {
  /** The audit directory. */
  dir: string;
  /** JWKS of the instance: checkpoint signatures are checked against it. */
  publicKeys?: { keys: object[] };
  /**
   * Checkpoints kept outside the log (copied by a monitor, handed to an auditor). Each must verify
   * (with a known kid, when `publicKeys` is given) and match the log; one beyond its end is
   * `LOG_TRUNCATED`. This is what detects a log cut off together with its checkpoint file.
   */
  anchors?: object[];
  /** Treat checkpoints signed by keys missing from `publicKeys` as errors (default: count them as unverified). */
  strict?: boolean;
}

/**
 * Verifies the whole log in `dir`, streaming it once: every line parses, is a v1 record in canonical
 * layout, its hash matches its content, seq runs 1, 2, 3... across files with no gap, each `prev`
 * is the previous hash, timestamps never decrease, segment names match their first seq, and every
 * checkpoint and anchor (signature checked when `publicKeys` is given) matches the record it seals
 * and is not beyond the end of the log. Stops at the first problem and reports its file, line and
 * code. The checkpoint file is read before the segments, so a writer running meanwhile never makes
 * a checkpoint appear to be beyond the end.
 *
 * @example const report = await verifyAuditLog({ dir: "./.openleash/audit", publicKeys: jwks })
 */
export async function verifyAuditLog(options: VerifyOptions): Promise<AuditVerifyReport> {
  const { dir } = options;
  const keys = options.publicKeys ? new CheckpointKeys(options.publicKeys) : null;
  const cps = new CheckpointSet(keys, options.strict === true);
  const st: ChainState = {
    expectedSeq: 1,
    prevHash: GENESIS_HASH,
    lastTs: "",
    records: 0,
    lastFile: dir,
    lastLine: 0,
    sealed: 0,
  };
  let segmentCount = 0;
  const report = (first_error?: VerifyProblem): AuditVerifyReport => ({
    ok: first_error === undefined,
    records: st.records,
    checkpoints: cps.count,
    signatures_checked: keys !== null,
    checkpoints_unverified: cps.unverified,
    sealed_seq: st.sealed,
    segments: segmentCount,
    head: { seq: st.expectedSeq - 1, hash: st.prevHash },
    ...(st.torn ? { torn_tail: st.torn } : {}),
    ...(first_error ? { first_error } : {}),
  });
  try {
    await assertDirectory(dir);
    for (const [i, anchor] of (options.anchors ?? []).entries()) cps.add(anchor, `anchor ${i + 1}`, 0, true);
    await cps.readFile(join(dir, CHECKPOINT_FILE));
    const { segments, malformed } = await listSegments(dir);
    segmentCount = segments.length;
    if (malformed[0])
      fail(join(dir, malformed[0]), 0, "BAD_SEGMENT_NAME", "file name is not audit-<16 digits>.jsonl");
    for (let i = 0; i < segments.length; i++) {
      await verifySegment(segments[i]!, i === segments.length - 1, st, cps.bySeq);
    }
    assertNotTruncated(st, cps.bySeq);
    return report();
  } catch (err) {
    if (err instanceof Failure) return report(err.problem);
    const e = err as NodeJS.ErrnoException;
    return report({ file: dir, line: 0, code: "IO_ERROR", message: e.code ?? e.message });
  }
}

async function assertDirectory(dir: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await stat(dir)).isDirectory();
  } catch {
    fail(dir, 0, "NOT_FOUND", "audit directory does not exist");
  }
  if (!isDir) fail(dir, 0, "NOT_FOUND", "not a directory");
}

/** A checkpoint or anchor beyond the last record means records were cut off. */
function assertNotTruncated(st: ChainState, sealed: Map<number, SealedHead>): void {
  const head = st.expectedSeq - 1;
  for (const [seq, cp] of sealed) {
    if (seq > head) {
      fail(
        st.lastFile,
        st.lastLine + 1,
        "LOG_TRUNCATED",
        `the log ends at seq ${head} but ${cp.where} sealed seq ${seq}: records were removed`,
      );
    }
  }
}
