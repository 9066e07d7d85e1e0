export {
  type ConnectionAttempt,
  type ConnectionAttemptInit,
  createConnectionAttempt,
  DEFAULT_SOURCE_AGENT,
} from "./connection-attempt.js";
export {
  ALLOWED_REASON,
  type CheckName,
  type ConnectionResult,
  PIPELINE_CHECKS,
  type WouldDeny,
} from "./connection-result.js";
export {
  ConnectionValidator,
  type ConnectionValidatorOptions,
  rateLimitKey,
  type StoreErrorPolicy,
} from "./connection-validator.js";
export {
  type AgentConfig,
  createGuard,
  type Guard,
  type GuardConfig,
  isGuard,
} from "./create-guard.js";
export { MAX_QUOTED_LENGTH, reasonText } from "./reason-text.js";
