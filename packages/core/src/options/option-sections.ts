/**
 * The JSON Schemas of the guard's plain-data options: the one declaration the policy file's
 * schema, `createGuard`, `ConnectionValidator` and `RequestInterceptor` all check against, so
 * an option is accepted, refused and explained the same way wherever it is given.
 */
import { STORE_ERROR_POLICIES } from "../rate-limit/store-error-policy.js";
import { SCHEMA_DIALECTS } from "../schema/schema-dialect.js";
import { GUARD_MODES, OUTPUT_CHECK_MODES } from "../values/guard-mode.js";

/** `agents`: agent id → the permissions it holds. */
export const agentsSection = {
  type: "object",
  propertyNames: { minLength: 1 },
  additionalProperties: {
    type: "object",
    required: ["permissions"],
    additionalProperties: false,
    properties: {
      permissions: { type: "array", items: { type: "string", minLength: 1 } },
    },
  },
} as const;

/** `rateLimitWindowSeconds`: the sliding window every connector's `rateLimit` applies to. */
export const rateLimitWindowSecondsSection = { type: "number", exclusiveMinimum: 0 } as const;

/** `onStoreError`: what to do when the rate-limit store fails. */
export const onStoreErrorSection = { enum: [...STORE_ERROR_POLICIES] } as const;

/** `mode`: `"enforce"` denies; `"shadow"` decides and audits but lets every call run. */
export const modeSection = { enum: [...GUARD_MODES] } as const;

/** `allowWildcardAll`: accept static grants made only of wildcards (`*`, `**`, `*:*`). */
export const allowWildcardAllSection = { type: "boolean" } as const;

/** `inputLimits`: caps on input (and output) size and nesting, checked before the schema. */
export const inputLimitsSection = {
  type: "object",
  additionalProperties: false,
  properties: {
    maxSize: { type: "integer", minimum: 1 },
    maxDepth: { type: "integer", minimum: 1 },
  },
} as const;

/** `schemaDialect`: the JSON Schema dialect of connector schemas that declare no `$schema`. */
export const schemaDialectSection = { enum: [...SCHEMA_DIALECTS] } as const;

/** `unidentified`: a call that names no agent is denied, or runs as the agent `"unknown"`. */
export const unidentifiedSection = { enum: ["deny", "allow"] } as const;

/** `outputCheck`: what to do with results that break their connector's `outputSchema`. */
export const outputCheckSection = { enum: [...OUTPUT_CHECK_MODES] } as const;

/**
 * The plain-data options of the guard, by key, as `createGuard` takes them (the other keys —
 * stores, sinks, handlers, key objects — are objects only code can give).
 */
export const guardOptionSections = {
  agents: agentsSection,
  rateLimitWindowSeconds: rateLimitWindowSecondsSection,
  onStoreError: onStoreErrorSection,
  mode: modeSection,
  allowWildcardAll: allowWildcardAllSection,
  inputLimits: inputLimitsSection,
  schemaDialect: schemaDialectSection,
  outputCheck: outputCheckSection,
  unidentified: unidentifiedSection,
} as const;
