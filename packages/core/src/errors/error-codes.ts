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
  /** A networked rate-limit store (Redis) could not decide: unreachable, too slow or failing. */
  rateLimitStoreUnavailable: "CG_RATE_LIMIT_STORE_UNAVAILABLE",
  /** A durable audit store (PostgreSQL) could not store, read or verify entries. */
  auditStoreUnavailable: "CG_AUDIT_STORE_UNAVAILABLE",
  /** An audit sink's buffer is full and its policy refuses more entries until it drains. */
  auditBufferFull: "CG_AUDIT_BUFFER_FULL",
} as const;

/** One of the values of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
