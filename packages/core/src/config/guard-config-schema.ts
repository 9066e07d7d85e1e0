/**
 * The JSON Schema of a policy file, one schema object per top-level section. A later feature
 * adds its section here (and reads it in `readGuardConfigFile`) without touching the others.
 */
import { GUARD_MODES, OUTPUT_CHECK_MODES } from "../schema/connector-schema.js";
import { capabilityTokensSection } from "./capability-tokens-section.js";
import { postgresAuditSection } from "./postgres-audit-section.js";
import { rateLimitStoreSection } from "./rate-limit-store-section.js";

/** `connectors`: connector definitions inline (camelCase or snake_case) or paths to files. */
export const connectorsSection = {
  type: "array",
  items: { type: ["object", "string"], minLength: 1 },
} as const;

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
export const onStoreErrorSection = { enum: ["deny", "allow"] } as const;

/** `audit`: where decisions are recorded, one key per kind of sink. */
export const auditSection = {
  type: "object",
  additionalProperties: false,
  properties: {
    jsonl: {
      type: "object",
      required: ["path"],
      additionalProperties: false,
      properties: {
        path: { type: "string", minLength: 1 },
        durability: { enum: ["batch", "entry", "none"] },
        verifyOnOpen: { type: "boolean" },
      },
    },
    memory: {
      type: "object",
      additionalProperties: false,
      properties: { maxEntries: { type: "integer", minimum: 1 } },
    },
    postgres: postgresAuditSection,
  },
} as const;

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

/** `outputCheck`: what to do with results that break their connector's `outputSchema`. */
export const outputCheckSection = { enum: [...OUTPUT_CHECK_MODES] } as const;

/** `redaction`: how audit entries are cleaned (on by default), or `false` to record inputs as given. */
export const redactionSection = {
  description: "an object of redaction options, or false to turn redaction off",
  type: ["object", "boolean"],
  not: { const: true },
  additionalProperties: false,
  properties: {
    secretKeys: { type: "array", items: { type: "string", minLength: 1 } },
    paths: { type: "array", items: { type: "string", minLength: 1 } },
    maxInputSize: { type: "integer", minimum: 1 },
    maxDepth: { type: "integer", minimum: 1 },
    replacement: { type: "string" },
  },
} as const;

/** `telemetry`: OpenTelemetry spans and metrics of every decision, through the global providers. */
export const telemetrySection = {
  description: "true, false, or an object { traces?, metrics? }",
  type: ["boolean", "object"],
  additionalProperties: false,
  properties: {
    traces: { type: "boolean" },
    metrics: { type: "boolean" },
  },
} as const;

/** Every top-level section of a policy file, by key. */
export const guardConfigSections = {
  $schema: { type: "string" },
  connectors: connectorsSection,
  agents: agentsSection,
  rateLimitWindowSeconds: rateLimitWindowSecondsSection,
  onStoreError: onStoreErrorSection,
  rateLimitStore: rateLimitStoreSection,
  audit: auditSection,
  mode: modeSection,
  allowWildcardAll: allowWildcardAllSection,
  inputLimits: inputLimitsSection,
  outputCheck: outputCheckSection,
  redaction: redactionSection,
  capabilityTokens: capabilityTokensSection,
  telemetry: telemetrySection,
} as const;

/**
 * The JSON Schema a policy file (`connectorguard.config.json` or `.yaml`) must satisfy. Editors
 * can use it for completion; `readGuardConfigFile` validates against it.
 *
 * @example
 * writeFileSync("connectorguard.schema.json", JSON.stringify(guardConfigJsonSchema, null, 2));
 */
export const guardConfigJsonSchema = {
  title: "ConnectorGuard policy file",
  type: "object",
  additionalProperties: false,
  properties: guardConfigSections,
} as const;
