/**
 * The JSON Schema of a policy file, one schema object per top-level section. A later feature
 * adds its section here (and reads it in `readGuardConfigFile`) without touching the others.
 */
import {
  agentsSection,
  allowWildcardAllSection,
  inputLimitsSection,
  modeSection,
  onStoreErrorSection,
  outputCheckSection,
  rateLimitWindowSecondsSection,
  schemaDialectSection,
  unidentifiedSection,
} from "../options/option-sections.js";
import { auditSigningSection } from "./audit-signing-section.js";
import { capabilityTokensSection } from "./capability-tokens-section.js";
import { connectorDefinitionSection } from "./connector-definition-section.js";
import { postgresAuditSection } from "./postgres-audit-section.js";
import { rateLimitStoreSection } from "./rate-limit-store-section.js";

/** `connectors`: connector definitions inline (camelCase or snake_case) or paths to files. */
export const connectorsSection = {
  type: "array",
  items: {
    if: { type: "string" },
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable
    then: { type: "string", minLength: 1 },
    else: connectorDefinitionSection,
  },
} as const;

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
        signing: auditSigningSection,
      },
    },
    memory: {
      type: "object",
      additionalProperties: false,
      properties: {
        maxEntries: { type: "integer", minimum: 1 },
        maxBytes: { type: "integer", minimum: 1 },
      },
    },
    postgres: postgresAuditSection,
  },
} as const;

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
  schemaDialect: schemaDialectSection,
  outputCheck: outputCheckSection,
  unidentified: unidentifiedSection,
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
