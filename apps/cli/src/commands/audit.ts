import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  type AuditQuery,
  type AuditRecord,
  type AuditVerifyReport,
  AuditError,
  queryAuditLog,
  tailAuditLog,
  verifyAuditLog,
} from "@openleash/audit";
import { type Command, type CommandIO, UsageError } from "../command";

const HELP = `openleash audit: check and read the tamper-evident audit log

Usage:
  openleash audit verify [--data DIR | --dir DIR] [--jwks FILE]... [--anchor FILE]... [--strict] [--json]
  openleash audit tail   [--data DIR | --dir DIR] [-n N] [--follow] [--json]
  openleash audit query  [--data DIR | --dir DIR] [filters] [--order asc|desc] [--limit N]
                         [--cursor C] [--json]

Where the log is:
  --data DIR        OpenLeash data folder; the log is DIR/audit (default ./.openleash)
  --dir DIR         the audit directory itself (overrides --data)

verify   Checks every record: JSON layout, hash, seq order with no gaps across files,
         the hash chain, timestamps, and the signed checkpoints (a checkpoint beyond the
         end of the log means records were removed). Prints the first bad file:line and
         a reason code. Exit code 0 when intact, 1 when a problem was found.
  --jwks FILE       JSON Web Key Set of the instance ({"keys":[...]}) to check checkpoint
                    signatures; repeat it to add archived (retired) public keys. Without it
                    signatures are not checked (a warning says so)
  --anchor FILE     checkpoints you kept elsewhere (one JSON object, or one a line, e.g. lines
                    copied from <dir>/checkpoints.jsonl); each must verify and match the log,
                    which catches a log cut off together with its checkpoint file
  --strict          fail on checkpoints signed by a key missing from --jwks (default: count
                    them as unverified)
  --json            print the report as JSON

tail     Prints the newest records, oldest first.
  -n, --lines N     how many (default 10)
  -f, --follow      keep printing new records as they are written (Ctrl-C stops)
  --json            one JSON record a line

query    Pages through records, newest first unless --order asc.
  --owner ID        owner_id        --org ID          org_id
  --agent ID        agent_id        --type TYPE       event type (repeatable)
  --decision D      ALLOW, DENY, REQUIRE_APPROVAL, REQUIRE_STEP_UP
  --action-type T   action_type
  --since TIME      from this time (inclusive; ISO 8601)
  --until TIME      before this time (exclusive)
  --order asc|desc  (default desc)  --limit N  page size 1..1000 (default 50)
  --cursor C        continue after a previous page (printed at its end)
  --json            print {"records":[...],"next_cursor":...}

Examples:
  openleash audit verify --jwks ./.openleash/jwks.json
  openleash audit query --agent agt_123 --decision DENY --since 2026-01-01 --limit 20
  openleash audit tail -n 50 --follow
`;

const WHERE = {
  data: { type: "string" },
  dir: { type: "string" },
  json: { type: "boolean", default: false },
} as const;

function parse<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: false, strict: true as const });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

function auditDir(values: { data?: unknown; dir?: unknown }, io: CommandIO): string {
  if (typeof values.dir === "string") return resolve(io.cwd, values.dir);
  return resolve(io.cwd, typeof values.data === "string" ? values.data : ".openleash", "audit");
}

function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** One human-readable line per record. */
export function formatRecord(r: AuditRecord): string {
  const parts = [`#${r.seq}`, r.ts, r.type];
  if (r.decision) parts.push(r.decision);
  if (r.action_type) parts.push(`action=${r.action_type}`);
  if (r.owner_id) parts.push(`owner=${r.owner_id}`);
  if (r.org_id) parts.push(`org=${r.org_id}`);
  if (r.agent_id) parts.push(`agent=${r.agent_id}`);
  if (r.actor) parts.push(`by=${r.actor.type}:${r.actor.id}`);
  if (r.data && Object.keys(r.data).length > 0) parts.push(JSON.stringify(r.data));
  return parts.join("  ");
}

function describeReport(report: AuditVerifyReport, dir: string): string[] {
  const e = report.first_error;
  if (e) {
    return [
      `${e.file}:${e.line}: ${e.code}: ${e.message}`,
      `audit log NOT intact: ${report.records} records verified before the first problem`,
    ];
  }
  const out = [
    `audit log OK: ${dir}: ${report.records} records in ${report.segments} file(s), head seq ${report.head.seq} ${report.head.hash}`,
  ];
  if (report.checkpoints === 0) {
    out.push("warning: no checkpoints, so removal of the newest records cannot be detected");
  } else if (!report.signatures_checked) {
    out.push(
      `warning: ${report.checkpoints} checkpoint(s) found but signatures NOT checked (pass --jwks FILE)`,
    );
  } else {
    const newer = report.head.seq - report.sealed_seq;
    out.push(
      `sealed: records 1..${report.sealed_seq} are covered by a verified checkpoint signature` +
        (newer > 0 ? `; ${newer} newer record(s) are chained but not sealed yet` : ""),
    );
    if (report.checkpoints_unverified > 0) {
      out.push(
        `warning: ${report.checkpoints_unverified} checkpoint(s) signed by keys not in the JWKS were not checked ` +
          "(retired keys? add their public keys with another --jwks)",
      );
    }
  }
  if (report.torn_tail) {
    out.push(
      `note: ${report.torn_tail.file}:${report.torn_tail.line} is a partial write (crash); the next open removes it`,
    );
  }
  return out;
}

async function readJson(io: CommandIO, file: string, what: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`);
  }
  try {
    return text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as unknown);
  } catch {
    // Not JSON lines: maybe one pretty-printed document.
  }
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    throw new UsageError(`${file} is not JSON`);
  }
}

async function loadKeys(io: CommandIO, files: string[]): Promise<{ keys: object[] } | undefined> {
  if (files.length === 0) return undefined;
  const keys: object[] = [];
  for (const file of files) {
    for (const doc of await readJson(io, file, "JWKS")) {
      const set = doc as { keys?: unknown } | null;
      if (!set || !Array.isArray(set.keys)) throw new UsageError(`${file} is not a JWKS ({"keys":[...]})`);
      keys.push(...(set.keys as object[]));
    }
  }
  return { keys };
}

async function verify(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parse(argv, {
    ...WHERE,
    jwks: { type: "string", multiple: true },
    anchor: { type: "string", multiple: true },
    strict: { type: "boolean", default: false },
  });
  const dir = auditDir(values, io);
  const publicKeys = await loadKeys(io, (values.jwks as string[] | undefined) ?? []);
  const anchors: object[] = [];
  const anchorNames: string[] = [];
  for (const file of (values.anchor as string[] | undefined) ?? []) {
    const docs = await readJson(io, file, "anchor file");
    for (let i = 0; i < docs.length; i++) anchorNames.push(docs.length > 1 ? `${file}:${i + 1}` : file);
    anchors.push(...(docs as object[]));
  }
  const report = await verifyAuditLog({
    dir,
    anchors,
    strict: values.strict === true,
    ...(publicKeys ? { publicKeys } : {}),
  });
  // Name the anchor file the user gave instead of the library's "anchor N".
  const m = report.first_error ? /^anchor (\d+)$/.exec(report.first_error.file) : null;
  if (report.first_error && m)
    report.first_error.file = anchorNames[Number(m[1]) - 1] ?? report.first_error.file;
  if (values.json) io.stdout(`${JSON.stringify(report)}\n`);
  else io.stdout(`${describeReport(report, dir).join("\n")}\n`);
  return report.ok ? 0 : 1;
}

async function tail(argv: string[], io: CommandIO & { signal?: AbortSignal }): Promise<number> {
  const { values } = parse(argv, {
    ...WHERE,
    lines: { type: "string", short: "n" },
    follow: { type: "boolean", short: "f", default: false },
  });
  const n = intOption(values.lines, "-n", 0, 100_000) ?? 10;
  const dir = auditDir(values, io);
  for await (const r of tailAuditLog({ dir, n, follow: values.follow === true, signal: io.signal })) {
    io.stdout(values.json ? `${JSON.stringify(r)}\n` : `${formatRecord(r)}\n`);
  }
  return 0;
}

async function query(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parse(argv, {
    ...WHERE,
    owner: { type: "string" },
    org: { type: "string" },
    agent: { type: "string" },
    type: { type: "string", multiple: true },
    decision: { type: "string" },
    "action-type": { type: "string" },
    since: { type: "string" },
    until: { type: "string" },
    order: { type: "string" },
    limit: { type: "string" },
    cursor: { type: "string" },
  });
  if (values.order !== undefined && values.order !== "asc" && values.order !== "desc") {
    throw new UsageError("--order must be asc or desc");
  }
  const q: AuditQuery = {
    owner_id: values.owner as string | undefined,
    org_id: values.org as string | undefined,
    agent_id: values.agent as string | undefined,
    type: values.type as string[] | undefined,
    decision: values.decision as string | undefined,
    action_type: values["action-type"] as string | undefined,
    since: values.since as string | undefined,
    until: values.until as string | undefined,
    order: values.order as "asc" | "desc" | undefined,
    limit: intOption(values.limit, "--limit", 1, 1000),
    cursor: values.cursor as string | undefined,
  };
  for (const k of Object.keys(q) as (keyof AuditQuery)[]) if (q[k] === undefined) delete q[k];
  let page: Awaited<ReturnType<typeof queryAuditLog>>;
  try {
    page = await queryAuditLog(auditDir(values, io), q);
  } catch (err) {
    if (err instanceof AuditError && (err.code === "INVALID_QUERY" || err.code === "INVALID_CURSOR")) {
      throw new UsageError(err.message);
    }
    throw err;
  }
  if (values.json) {
    io.stdout(`${JSON.stringify(page)}\n`);
    return 0;
  }
  for (const r of page.records) io.stdout(`${formatRecord(r)}\n`);
  if (page.records.length === 0) io.stdout("no matching records\n");
  if (page.next_cursor) io.stdout(`more: add --cursor ${page.next_cursor}\n`);
  return 0;
}

/**
 * `openleash audit verify|tail|query`. A `signal` on the IO object (tests, embedding) stops
 * `tail --follow`; from a terminal, Ctrl-C ends the process.
 */
export const auditCommand: Command = {
  name: "audit",
  summary: "Verify, tail and query the tamper-evident audit log",
  help: HELP,
  async run(argv: string[], io: CommandIO): Promise<number> {
    const [sub, ...rest] = argv;
    switch (sub) {
      case "verify":
        return verify(rest, io);
      case "tail":
        return tail(rest, io);
      case "query":
        return query(rest, io);
      case undefined:
        throw new UsageError("missing subcommand: verify, tail or query");
      default:
        throw new UsageError(`unknown subcommand "${sub}": use verify, tail or query`);
    }
  },
};
