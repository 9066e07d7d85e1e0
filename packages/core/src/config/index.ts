export {
  type AuditSigningFileSection,
  auditSigningSection,
  readAuditSigningSection,
} from "./audit-signing-section.js";
export {
  CAPABILITY_TOKEN_KEY_SOURCES,
  type CapabilityTokenKeySourceField,
  capabilityTokensSection,
  SECRET_ENCODINGS,
  type SecretEncoding,
} from "./capability-tokens-section.js";
export { connectionUrlProperties } from "./connection-url-section.js";
export { type ConfigProblem, findConfigProblem } from "./find-config-problem.js";
export {
  agentsSection,
  allowWildcardAllSection,
  auditSection,
  connectorsSection,
  guardConfigJsonSchema,
  guardConfigSections,
  inputLimitsSection,
  modeSection,
  onStoreErrorSection,
  outputCheckSection,
  rateLimitWindowSecondsSection,
  redactionSection,
} from "./guard-config-schema.js";
export { guardSettingsFromPolicy, type PolicyGuardSettings } from "./guard-settings-from-policy.js";
export { loadAuditSigningOptions } from "./load-audit-signing-options.js";
export {
  type LoadCapabilityTokenOptions,
  loadCapabilityTokenOptions,
} from "./load-capability-token-options.js";
export { loadGuardConfig } from "./load-guard-config.js";
export { type ParsedConfigText, parseConfigText } from "./parse-config-text.js";
export { postgresAuditSection } from "./postgres-audit-section.js";
export { rateLimitStoreSection } from "./rate-limit-store-section.js";
export type {
  CapabilityTokenKeySource,
  CapabilityTokensFileSection,
} from "./read-capability-tokens-section.js";
export type { ConnectionService, ConnectionUrlSource } from "./read-connection-url.js";
export { type GuardConfigFile, readGuardConfigFile } from "./read-guard-config-file.js";
export type { PostgresAuditFileSection, RedisStoreFileSection } from "./read-store-sections.js";
