import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown by a guarded call whose tool ran but returned a result that does not conform to the
 * connector's `outputSchema`, when `outputCheck` is `"enforce"`. The result is withheld; the
 * adapters hand the model this error's message as a tool error.
 *
 * @example
 * try {
 *   await guard.execute({ connectorName: "lookup", inputData }, () => lookup(inputData));
 * } catch (error) {
 *   if (OutputValidationError.isInstance(error)) console.log(error.violation);
 * }
 */
export class OutputValidationError extends ConnectorGuardError {
  /** The connector whose tool returned the non-conforming result. */
  readonly connectorName: string;
  /** Why the result was rejected, e.g. `output validation failed: /id must be integer`. */
  readonly violation: string;

  constructor(connectorName: string, violation: string) {
    super(ErrorCodes.outputRejected, `result of '${connectorName}' withheld: ${violation}`);
    this.connectorName = connectorName;
    this.violation = violation;
  }

  static override isInstance(value: unknown): value is OutputValidationError {
    return hasErrorCode(value, ErrorCodes.outputRejected);
  }
}
