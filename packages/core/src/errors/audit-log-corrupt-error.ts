import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown when an audit file is damaged in a way that is not a crash's torn last line: a line
 * that is not a JSON record, an empty line, or a record that breaks the hash chain. The file
 * is left exactly as it was.
 *
 * @example
 * // AuditLogCorruptError: audit.jsonl:17: seq 17: hash does not match the record's content (the record was edited)
 * await JsonlAuditSink.open("audit.jsonl");
 */
export class AuditLogCorruptError extends ConnectorGuardError {
  /** The audit file. */
  readonly file: string;
  /** The 1-based line at fault. */
  readonly line: number;
  /** The sequence number expected at that line. */
  readonly seq: number;
  /** What is wrong with the line. */
  readonly reason: string;

  constructor(file: string, line: number, seq: number, reason: string) {
    super(ErrorCodes.auditLogCorrupt, `${file}:${line}: seq ${seq}: ${reason}`);
    this.file = file;
    this.line = line;
    this.seq = seq;
    this.reason = reason;
  }

  static override isInstance(value: unknown): value is AuditLogCorruptError {
    return hasErrorCode(value, ErrorCodes.auditLogCorrupt);
  }
}
