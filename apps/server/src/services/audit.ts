import { AuditLog, type AuditEventInput, type AuditQuery, type AuditRecord } from "@openleash/audit";

/**
 * The server's view of the audit log (@openleash/audit). `record` resolves only once the record is
 * durable (the log group-commits and fsyncs), which is what lets a response leave afterwards.
 */
export class AuditService {
  private constructor(private readonly log: AuditLog) {}

  /** Opens the log in `<dir>`; `signer` signs checkpoints with the instance key. */
  static async open(options: Parameters<typeof AuditLog.open>[0]): Promise<AuditService> {
    return new AuditService(await AuditLog.open(options));
  }

  /** Appends one event; resolves after fsync. */
  record(event: AuditEventInput): Promise<AuditRecord> {
    return this.log.append(event);
  }

  /** Queries the log; owner scoping is the caller's job (routes force `owner_id`). */
  query(q: AuditQuery): Promise<{ records: AuditRecord[]; next_cursor: string | null }> {
    return this.log.query(q);
  }

  /** Visits the durable records after `afterSeq`, oldest first, until `visit` returns false. */
  scan(afterSeq: number, visit: (r: AuditRecord) => boolean | undefined): Promise<void> {
    return this.log.scan(afterSeq, visit);
  }

  /** Head of the hash chain. */
  head(): { seq: number; hash: string } {
    return this.log.head();
  }

  /** Flushes and closes the log. */
  close(): Promise<void> {
    return this.log.close();
  }
}
