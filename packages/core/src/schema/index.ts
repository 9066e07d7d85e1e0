export {
  type ConnectorDefinition,
  type ConnectorSchema,
  DEFAULT_RATE_LIMIT,
  GUARD_MODES,
  type GuardMode,
  MAX_RATE_LIMIT,
  type NormalizedConnectorSchema,
  OUTPUT_CHECK_MODES,
  type OutputCheckMode,
  type ParseConnectorSchemaOptions,
  PIN_PATTERN,
  parseConnectorSchema,
  type SnakeCaseConnectorSchema,
} from "./connector-schema.js";
export {
  DEFAULT_INPUT_LIMITS,
  type InputLimits,
  inputLimitProblem,
  resolveInputLimits,
} from "./input-limits.js";
export type { JsonSchema } from "./json-schema.js";
export {
  type CompiledSchema,
  describeSchemaErrors,
  JsonSchemaCompiler,
} from "./json-schema-compiler.js";
export { type LinearTimePattern, linearTimeRegExp } from "./linear-time-regexp.js";
export { SECURE_META_SCHEMA, secureSchemaProblem } from "./secure-schema-check.js";
