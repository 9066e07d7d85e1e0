/**
 * Every stable error code ConnectorGuard throws. Codes never change meaning between versions;
 * `docs/errors.md` describes each one.
 */
export const ErrorCodes = {
  /** `ConnectorRegistry.get` was asked for a connector that is not registered. */
  connectorNotFound: "CG_CONNECTOR_NOT_FOUND",
  /** A connector definition is malformed (blank name, bad rate limit, invalid JSON Schema…). */
  invalidConnectorSchema: "CG_INVALID_CONNECTOR_SCHEMA",
  /** The guard denied a call; the error carries the `ConnectionResult`. */
  callDenied: "CG_CALL_DENIED",
  /** An option passed to a constructor or factory is invalid. */
  invalidOption: "CG_INVALID_OPTION",
  /** A tool's result did not conform to its `outputSchema` under `outputCheck: "enforce"`. */
  outputRejected: "CG_OUTPUT_REJECTED",
} as const;

/** One of the values of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
