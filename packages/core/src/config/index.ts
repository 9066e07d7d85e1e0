export { type ConfigProblem, findConfigProblem } from "./find-config-problem.js";
export {
  agentsSection,
  auditSection,
  connectorsSection,
  guardConfigJsonSchema,
  guardConfigSections,
  onStoreErrorSection,
  rateLimitWindowSecondsSection,
} from "./guard-config-schema.js";
export { loadGuardConfig } from "./load-guard-config.js";
export { type ParsedConfigText, parseConfigText } from "./parse-config-text.js";
export { type GuardConfigFile, readGuardConfigFile } from "./read-guard-config-file.js";
