export type {
  CapabilityTokenFailureCause,
  RejectedCapabilityToken,
} from "./capability-token-failure.js";
export {
  type CapabilityTokenKey,
  type CapabilityTokenOptions,
  MIN_HMAC_SECRET_BYTES,
  SUPPORTED_TOKEN_ALGORITHMS,
} from "./capability-token-options.js";
export {
  type CapabilityTokenVerification,
  CapabilityTokenVerifier,
  MAX_CAPABILITY_TOKEN_LENGTH,
  type VerifiedCapabilityToken,
} from "./capability-token-verifier.js";
export { PermissionCheck, type PermissionVerdict } from "./permission-check.js";
export { type AgentPermissionMap, PermissionGrants } from "./permission-grants.js";
export { PermissionSet } from "./permission-set.js";
export {
  MAX_PERMISSION_LENGTH,
  MULTI_SEGMENT_WILDCARD,
  PERMISSION_SEPARATOR,
  type PermissionSyntaxOptions,
  type PermissionUsage,
  permissionProblem,
  SINGLE_SEGMENT_WILDCARD,
} from "./permission-syntax.js";
