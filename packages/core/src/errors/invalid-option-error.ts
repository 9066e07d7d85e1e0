import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown when an option given to a constructor or factory is invalid, e.g. a negative
 * `maxEntries` or a window of zero seconds.
 *
 * @example
 * new AuditLog({ maxEntries: 0 }); // InvalidOptionError: maxEntries must be an integer >= 1 (got 0)
 */
export class InvalidOptionError extends ConnectorGuardError {
  constructor(message: string) {
    super(ErrorCodes.invalidOption, message);
  }

  static override isInstance(value: unknown): value is InvalidOptionError {
    return hasErrorCode(value, ErrorCodes.invalidOption);
  }
}
