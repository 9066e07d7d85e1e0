/**
 * `@aumai/connectorguard`: the public surface of the core, named one by one. Every name here
 * is a semver promise; `api-report.md` lists them and a test keeps the two in step. Internals
 * stay importable only by the project's own tests.
 */

// The audit trail.
export type { AuditEntry, CallOutcome } from "./audit/audit-entry.js";
export { AuditLog, type AuditLogOptions } from "./audit/audit-log.js";
export type { AuditKeyInput } from "./audit/audit-signing-key.js";
export type { AuditSigningOptions } from "./audit/audit-signing-options.js";
export type { AuditReservation, AuditSink } from "./audit/audit-sink.js";
export { parseChainCheckpoint } from "./audit/chain-checkpoint.js";
export { auditEntryFromRecord, type ChainedAuditRecord } from "./audit/hash-chain.js";
export { JsonlAuditSink, type JsonlAuditSinkOptions } from "./audit/jsonl-audit-sink.js";
export {
  type AuditLogVerification,
  type VerifyAuditLogOptions,
  verifyAuditLog,
} from "./audit/verify-audit-log.js";
// The policy file.
export { guardConfigJsonSchema } from "./config/guard-config-schema.js";
export { loadGuardConfig } from "./config/load-guard-config.js";
// Errors: one base class, stable codes.
export { AuditLogCorruptError } from "./errors/audit-log-corrupt-error.js";
export { AuditStoreError } from "./errors/audit-store-error.js";
export { AuditWriteError } from "./errors/audit-write-error.js";
export { ConfigError } from "./errors/config-error.js";
export { ConnectorGuardError } from "./errors/connector-guard-error.js";
export { ConnectorSchemaError } from "./errors/connector-schema-error.js";
export { type ErrorCode, ErrorCodes } from "./errors/error-codes.js";
export { FileLockedError } from "./errors/file-locked-error.js";
export { InterceptorError } from "./errors/interceptor-error.js";
export { InvalidOptionError } from "./errors/invalid-option-error.js";
export { OutputValidationError } from "./errors/output-validation-error.js";
export { RateLimitStoreError } from "./errors/rate-limit-store-error.js";
export { RegistryError } from "./errors/registry-error.js";
export { RegistryFileError } from "./errors/registry-file-error.js";
// The guard an application holds, and its configuration.
export {
  type AgentConfig,
  createGuard,
  type Guard,
  type GuardConfig,
  isGuard,
} from "./guard/create-guard.js";
export {
  type AuditErrorHandler,
  type DecisionHandler,
  RequestInterceptor,
  type RequestInterceptorOptions,
  type RunOptions,
  type RunOutcome,
  type WrapTarget,
} from "./interceptor/request-interceptor.js";
// Permissions and capability tokens.
export type { RejectedCapabilityToken } from "./permissions/capability-token-failure.js";
export type {
  CapabilityTokenKey,
  CapabilityTokenOptions,
} from "./permissions/capability-token-options.js";
export { CapabilityTokenVerifier } from "./permissions/capability-token-verifier.js";
export { type ToolDefinition, toolDefinitionHash } from "./pinning/tool-definition-hash.js";
// The pipeline and the interceptor in front of it.
export {
  ConnectionValidator,
  type ConnectionValidatorOptions,
} from "./pipeline/connection-validator.js";
// Rate limits.
export { checkRateLimit } from "./rate-limit/check-rate-limit.js";
export type { RateLimitDecision, RateLimitStore } from "./rate-limit/rate-limit-store.js";
export {
  SlidingWindowRateLimiter,
  type SlidingWindowRateLimiterOptions,
} from "./rate-limit/sliding-window-rate-limiter.js";
export type { StoreErrorPolicy } from "./rate-limit/store-error-policy.js";
export { AuditRedactor, type RedactionOptions } from "./redaction/audit-redactor.js";
export { ConnectorRegistry, type RegisteredConnector } from "./registry/connector-registry.js";
// Connectors and their registry.
export {
  type ConnectorDefinition,
  type ConnectorSchema,
  type NormalizedConnectorSchema,
  parseConnectorSchema,
  type SnakeCaseConnectorSchema,
} from "./schema/connector-schema.js";
export type { InputLimits } from "./schema/input-limits.js";
export type { JsonSchema } from "./schema/json-schema.js";
export type { SchemaDialect } from "./schema/schema-dialect.js";
// OpenTelemetry: spans and metrics of every decision (an optional peer).
export type {
  GuardTelemetry,
  GuardTelemetryOptions,
} from "./telemetry/guard-telemetry-options.js";
export type { ToolCallContext } from "./telemetry/tool-call-context.js";
// What a call is, and what the guard decided about it.
export type { ConnectionAttempt, ConnectionAttemptInit } from "./values/connection-attempt.js";
export {
  ALLOWED_REASON,
  type CheckName,
  type ConnectionResult,
  PIPELINE_CHECKS,
  type WouldDeny,
} from "./values/connection-result.js";
export type { GuardMode, OutputCheckMode } from "./values/guard-mode.js";
