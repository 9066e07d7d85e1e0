import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown (and reported) when audit entries could not be stored: a failed write or fsync, or an
 * append to a sink that is closed or has already failed. The message names the file and the
 * sequence numbers that were not stored; nothing is dropped silently.
 *
 * @example
 * try {
 *   await sink.flush();
 * } catch (error) {
 *   if (AuditWriteError.isInstance(error)) alertOperator(error.message);
 * }
 */
export class AuditWriteError extends ConnectorGuardError {
  /** Where the entries should have gone. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.auditWriteFailed, message, options);
    this.file = file;
  }

  static override isInstance(value: unknown): value is AuditWriteError {
    return hasErrorCode(value, ErrorCodes.auditWriteFailed);
  }
}
