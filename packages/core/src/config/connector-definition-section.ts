import { MAX_RATE_LIMIT } from "../schema/connector-schema.js";
import { GUARD_MODES, OUTPUT_CHECK_MODES } from "../values/guard-mode.js";

const jsonSchemaValue = {
  description: "a JSON Schema (an object, or true/false)",
  type: ["object", "boolean"],
} as const;
const rateLimit = {
  description: `an integer from 1 to ${MAX_RATE_LIMIT}`,
  type: "integer",
  minimum: 1,
  maximum: MAX_RATE_LIMIT,
} as const;
const permissions = { type: "array", items: { type: "string", minLength: 1 } } as const;
const outputCheck = { enum: [...OUTPUT_CHECK_MODES] } as const;

/**
 * One connector written inline in a policy file, in camelCase or in the reference's
 * snake_case, so editors complete its fields and a mistake is reported at its line. The
 * registry still checks what a schema cannot say (one spelling per field, permission syntax,
 * a schema that compiles).
 */
export const connectorDefinitionSection = {
  description: "an object or a string",
  type: "object",
  required: ["name", "version"],
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1 },
    version: { type: "string", minLength: 1 },
    inputSchema: jsonSchemaValue,
    input_schema: jsonSchemaValue,
    outputSchema: jsonSchemaValue,
    output_schema: jsonSchemaValue,
    rateLimit,
    rate_limit: rateLimit,
    requiredPermissions: permissions,
    required_permissions: permissions,
    mode: { enum: [...GUARD_MODES] },
    pin: {
      description: '"sha256:" and 64 lowercase hex digits',
      type: "string",
      pattern: "^sha256:[0-9a-f]{64}$",
    },
    outputCheck,
    output_check: outputCheck,
  },
} as const;
