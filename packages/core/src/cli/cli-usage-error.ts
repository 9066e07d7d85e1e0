import { ConnectorGuardError, hasErrorCode } from "../errors/connector-guard-error.js";
import { ErrorCodes } from "../errors/error-codes.js";

/**
 * A mistake in how a CLI command was used: an unknown flag, a missing value, a file that is
 * not what the command needs. The CLI prints its message as one line and exits with code 2.
 *
 * @example
 * throw new CliUsageError("--since must look like 30m, 2h or 3600s (got 'soon')");
 */
export class CliUsageError extends ConnectorGuardError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.cliUsage, message, options);
  }

  static override isInstance(value: unknown): value is CliUsageError {
    return hasErrorCode(value, ErrorCodes.cliUsage);
  }
}
