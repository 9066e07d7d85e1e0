export { canonicalJsonKey } from "./canonical-json-key.js";
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
  type JsonSchemaCompilerOptions,
} from "./json-schema-compiler.js";
export { type LinearTimePattern, linearTimeRegExp } from "./linear-time-regexp.js";
export {
  checkSchemaDialect,
  DEFAULT_SCHEMA_DIALECT,
  SCHEMA_DIALECTS,
  type SchemaDialect,
  schemaDialectOf,
} from "./schema-dialect.js";
export { SCHEMA_LIMITS, secureSchemaProblem } from "./secure-schema-check.js";
export {
  type SubschemaLocation,
  type SubschemaRelation,
  subschemaLocations,
} from "./subschema-locations.js";
export { translateUnicodePropertyEscapes } from "./unicode-property-escapes.js";
