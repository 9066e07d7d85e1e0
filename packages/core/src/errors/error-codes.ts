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
  /** An audit file is damaged: a line that is not a record, or a broken hash chain. */
  auditLogCorrupt: "CG_AUDIT_LOG_CORRUPT",
  /** Writing or syncing audit entries to durable storage failed; the entries named were not stored. */
  auditWriteFailed: "CG_AUDIT_WRITE_FAILED",
  /** A file is locked by another writer (an audit file, the CLI's registry file). */
  fileLocked: "CG_FILE_LOCKED",
  /** A policy file (`connectorguard.config.json` / `.yaml`) is unreadable or invalid. */
  invalidConfig: "CG_INVALID_CONFIG",
  /** The CLI's registry file is unreadable or not in the expected format. */
  invalidRegistryFile: "CG_INVALID_REGISTRY_FILE",
  /** A CLI command was used wrongly: an unknown flag, a missing value, a bad attempt file. */
  cliUsage: "CG_CLI_USAGE",
  /** A tool's result did not conform to its `outputSchema` under `outputCheck: "enforce"`. */
  outputRejected: "CG_OUTPUT_REJECTED",
  /** A networked rate-limit store (Redis) could not decide: unreachable, too slow or failing. */
  rateLimitStoreUnavailable: "CG_RATE_LIMIT_STORE_UNAVAILABLE",
  /** A durable audit store (PostgreSQL) could not store, read or verify entries. */
  auditStoreUnavailable: "CG_AUDIT_STORE_UNAVAILABLE",
  /** An audit sink's buffer is full and its policy refuses more entries until it drains. */
  auditBufferFull: "CG_AUDIT_BUFFER_FULL",
} as const;

/** One of the values of {@link ErrorCodes}. */
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
