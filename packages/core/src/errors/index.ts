export { AuditStoreError, type AuditStoreErrorCode } from "./audit-store-error.js";
export { ConnectorGuardError, hasErrorCode } from "./connector-guard-error.js";
export { ConnectorSchemaError } from "./connector-schema-error.js";
export { type ErrorCode, ErrorCodes } from "./error-codes.js";
export { InterceptorError } from "./interceptor-error.js";
export { InvalidOptionError } from "./invalid-option-error.js";
export { RateLimitStoreError } from "./rate-limit-store-error.js";
export { RegistryError } from "./registry-error.js";
