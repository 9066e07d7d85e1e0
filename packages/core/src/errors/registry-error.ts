import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown by `ConnectorRegistry.get` for a connector that is not registered.
 *
 * @example
 * try { registry.get("nope"); } catch (error) { if (RegistryError.isInstance(error)) … }
 */
export class RegistryError extends ConnectorGuardError {
  /** The connector name that was looked up. */
  readonly connectorName: string;

  constructor(connectorName: string) {
    super(ErrorCodes.connectorNotFound, `connector '${connectorName}' is not registered`);
    this.connectorName = connectorName;
  }

  static override isInstance(value: unknown): value is RegistryError {
    return hasErrorCode(value, ErrorCodes.connectorNotFound);
  }
}
