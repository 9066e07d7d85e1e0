/**
 * The JSON Schema of a policy file, one schema object per top-level section. A later feature
 * adds its section here (and reads it in `readGuardConfigFile`) without touching the others.
 */

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
  },
} as const;

/** Every top-level section of a policy file, by key. */
export const guardConfigSections = {
  $schema: { type: "string" },
  connectors: connectorsSection,
  agents: agentsSection,
  rateLimitWindowSeconds: rateLimitWindowSecondsSection,
  onStoreError: onStoreErrorSection,
  audit: auditSection,
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
