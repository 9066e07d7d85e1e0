export {
  type ConnectorDefinition,
  type ConnectorSchema,
  DEFAULT_RATE_LIMIT,
  MAX_RATE_LIMIT,
  type NormalizedConnectorSchema,
  type ParseConnectorSchemaOptions,
  parseConnectorSchema,
  type SnakeCaseConnectorSchema,
} from "./connector-schema.js";
export type { JsonSchema } from "./json-schema.js";
export {
  type CompiledSchema,
  describeSchemaErrors,
  JsonSchemaCompiler,
} from "./json-schema-compiler.js";
