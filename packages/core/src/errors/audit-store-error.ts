import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/** The codes an {@link AuditStoreError} can carry. */
export type AuditStoreErrorCode =
  | typeof ErrorCodes.auditStoreUnavailable
  | typeof ErrorCodes.auditBufferFull;

/**
 * Thrown by a durable audit store: the database is unreachable or refused a write, a read or
 * a verification failed (`CG_AUDIT_STORE_UNAVAILABLE`), or its buffer is full and its policy
 * refuses new entries (`CG_AUDIT_BUFFER_FULL`). The message says how many entries wait.
 *
 * @example
 * try {
 *   await sink.close();
 * } catch (error) {
 *   if (AuditStoreError.isInstance(error)) console.error(error.code, error.message);
 * }
 */
export class AuditStoreError extends ConnectorGuardError {
  declare readonly code: AuditStoreErrorCode;

  constructor(message: string, options?: { cause?: unknown; code?: AuditStoreErrorCode }) {
    super(options?.code ?? ErrorCodes.auditStoreUnavailable, message, options);
  }

  static override isInstance(value: unknown): value is AuditStoreError {
    return (
      hasErrorCode(value, ErrorCodes.auditStoreUnavailable) ||
      hasErrorCode(value, ErrorCodes.auditBufferFull)
    );
  }
}
