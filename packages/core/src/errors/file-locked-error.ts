import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown when a file has another writer: an audit file another process (or another sink in
 * this process) is appending to, or a registry file whose lock could not be taken in time.
 *
 * @example
 * // FileLockedError: audit.jsonl is locked by process 4242 on host build-1 (lock file audit.jsonl.lock)
 * await JsonlAuditSink.open("audit.jsonl");
 */
export class FileLockedError extends ConnectorGuardError {
  /** The file that is locked. */
  readonly file: string;
  /** The lock file. */
  readonly lockFile: string;

  constructor(file: string, lockFile: string, message: string) {
    super(ErrorCodes.fileLocked, message);
    this.file = file;
    this.lockFile = lockFile;
  }

  static override isInstance(value: unknown): value is FileLockedError {
    return hasErrorCode(value, ErrorCodes.fileLocked);
  }
}
