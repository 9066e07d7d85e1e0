import { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
import { ErrorCodes } from "./error-codes.js";

/**
 * Thrown when a connector definition is malformed: by `parseConnectorSchema` and by
 * `ConnectorRegistry.register`, never later at call time. `field` names the offending field
 * as the user spelled it (`rate_limit` or `rateLimit`).
 *
 * @example
 * // ConnectorSchemaError: connector 'db': rateLimit must be an integer >= 1 (got 0)
 * registry.register({ name: "db", version: "1", rateLimit: 0 });
 */
export class ConnectorSchemaError extends ConnectorGuardError {
  /** The field at fault, e.g. `inputSchema`, or undefined when the whole value is wrong. */
  readonly field: string | undefined;

  constructor(message: string, field?: string, options?: { cause?: unknown }) {
    super(ErrorCodes.invalidConnectorSchema, message, options);
    this.field = field;
  }

  static override isInstance(value: unknown): value is ConnectorSchemaError {
    return hasErrorCode(value, ErrorCodes.invalidConnectorSchema);
  }
}
