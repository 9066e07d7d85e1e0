import type { ConnectionResult } from "../values/connection-result.js";
import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown by a guarded call that the guard denied. The tool did not run. `result` is the
 * decision, with the failed `check` and a `reason` a person or a model can act on.
 *
 * @example
 * try {
 *   await guardedRefund({ amount: 10 });
 * } catch (error) {
 *   if (InterceptorError.isInstance(error)) console.log(error.result.check, error.result.reason);
 * }
 */
export class InterceptorError extends ConnectorGuardError {
  /** The guard's decision for the denied call. */
  readonly result: ConnectionResult;
  /** The connector the call was addressed to. */
  readonly connectorName: string;

  constructor(connectorName: string, result: ConnectionResult) {
    super(ErrorCodes.callDenied, `call to '${connectorName}' denied: ${result.reason}`);
    this.connectorName = connectorName;
    this.result = result;
  }

  static override isInstance(value: unknown): value is InterceptorError {
    return hasErrorCode(value, ErrorCodes.callDenied);
  }
}
