import { ConnectorSchemaError } from "../errors/connector-schema-error.js";
import { permissionProblem } from "../permissions/permission-syntax.js";
import { describeType } from "../support/describe-type.js";
import { isPlainRecord } from "../support/is-plain-record.js";
import {
  GUARD_MODES,
  type GuardMode,
  OUTPUT_CHECK_MODES,
  type OutputCheckMode,
} from "../values/guard-mode.js";
import type { JsonSchema } from "./json-schema.js";

/** How many calls per window a connector allows when its definition does not say. */
export const DEFAULT_RATE_LIMIT = 60;

/**
 * The largest `rateLimit` accepted. The limiter keeps one timestamp per admitted call, so a
 * limit is also a memory budget per agent and connector.
 */
export const MAX_RATE_LIMIT = 1_000_000;

/** The form of a tool-definition pin: `sha256:` and 64 lowercase hex digits. */
export const PIN_PATTERN = /^sha256:[0-9a-f]{64}$/;

/**
 * The contract of one tool ("connector"): who may call it, how often, and with which input.
 *
 * @example
 * const payments: ConnectorSchema = {
 *   name: "refund-payment",
 *   version: "1.0.0",
 *   rateLimit: 5,
 *   requiredPermissions: ["payments:write"],
 *   inputSchema: { type: "object", properties: { amount: { type: "number" } }, required: ["amount"] },
 * };
 */
export interface ConnectorSchema {
  /** Unique connector identifier, usually the tool's name. */
  readonly name: string;
  /** The connector's version (free text, SemVer by convention). */
  readonly version: string;
  /** JSON Schema the call's input must satisfy; omitted or `{}` skips the check. */
  readonly inputSchema?: JsonSchema;
  /** JSON Schema describing the tool's output. */
  readonly outputSchema?: JsonSchema;
  /** Maximum calls per agent in the sliding window (default 60). */
  readonly rateLimit?: number;
  /** Permissions an agent must hold, all of them, to call this connector (literal, no wildcards). */
  readonly requiredPermissions?: readonly string[];
  /** Overrides the guard's mode for this connector. */
  readonly mode?: GuardMode;
  /**
   * The hash of the tool's definition (`toolDefinitionHash({ description, inputSchema })`). When
   * set, a call whose attempt carries another hash (or none) is denied: the tool changed.
   */
  readonly pin?: string;
  /** Overrides the guard's `outputCheck` for this connector. */
  readonly outputCheck?: OutputCheckMode;
}

/**
 * A connector as the reference library's JSON files spell it (snake_case). Accepted wherever a
 * `ConnectorSchema` is, so existing files register as they are.
 */
export interface SnakeCaseConnectorSchema {
  readonly name: string;
  readonly version: string;
  readonly input_schema?: JsonSchema;
  readonly output_schema?: JsonSchema;
  readonly rate_limit?: number;
  readonly required_permissions?: readonly string[];
}

/** A connector in either spelling: camelCase (`ConnectorSchema`) or the reference's snake_case. */
export type ConnectorDefinition = ConnectorSchema | SnakeCaseConnectorSchema;

/** A `ConnectorSchema` after parsing: defaults filled in, permissions de-duplicated. */
export interface NormalizedConnectorSchema extends ConnectorSchema {
  readonly rateLimit: number;
  readonly requiredPermissions: readonly string[];
}

/** Options of {@link parseConnectorSchema}. */
export interface ParseConnectorSchemaOptions {
  /** Where the definition came from (a file path); prefixes every error message. */
  readonly source?: string;
}

type FieldName = keyof ConnectorSchema;

// The reference library writes its JSON files in snake_case; both spellings are accepted.
const fieldSpellings: Readonly<Record<string, FieldName>> = {
  name: "name",
  version: "version",
  inputSchema: "inputSchema",
  input_schema: "inputSchema",
  outputSchema: "outputSchema",
  output_schema: "outputSchema",
  rateLimit: "rateLimit",
  rate_limit: "rateLimit",
  requiredPermissions: "requiredPermissions",
  required_permissions: "requiredPermissions",
  mode: "mode",
  pin: "pin",
  outputCheck: "outputCheck",
  output_check: "outputCheck",
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/;

/**
 * Parses and validates a connector definition: camelCase (the API's spelling) or the
 * reference's snake_case JSON (`rate_limit`, `required_permissions`, `input_schema`…).
 * Throws a {@link ConnectorSchemaError} naming the field for a blank name or version, a rate
 * limit that is not an integer >= 1, a malformed or wildcard required permission, an unknown
 * `mode` or `outputCheck`, a `pin` that is not `sha256:<64 hex>`, an unknown field, or a field
 * given in both spellings.
 * JSON Schema validity is checked when the connector is registered.
 *
 * @example
 * const schema = parseConnectorSchema(JSON.parse(readFileSync("openai-chat.json", "utf8")), {
 *   source: "openai-chat.json",
 * });
 * schema.rateLimit; // 30
 */
export function parseConnectorSchema(
  value: unknown,
  options: ParseConnectorSchemaOptions = {},
): NormalizedConnectorSchema {
  const prefix = options.source === undefined ? "" : `${options.source}: `;
  if (!isPlainRecord(value)) {
    throw new ConnectorSchemaError(
      `${prefix}a connector definition must be a JSON object (got ${describeType(value)})`,
    );
  }
  const fields = collectFields(value, prefix);
  const label = (field: FieldName) => fields.get(field)?.spelling ?? field;
  const fail = (field: FieldName, problem: string): never => {
    const subject =
      typeof fields.get("name")?.value === "string" && field !== "name"
        ? `connector '${fields.get("name")?.value}': `
        : "";
    throw new ConnectorSchemaError(`${prefix}${subject}${label(field)} ${problem}`, label(field));
  };

  const name = requireText(fields.get("name")?.value, (problem) => fail("name", problem));
  const version = requireText(fields.get("version")?.value, (problem) => fail("version", problem));

  const rateLimitValue = fields.get("rateLimit")?.value ?? DEFAULT_RATE_LIMIT;
  if (
    typeof rateLimitValue !== "number" ||
    !Number.isInteger(rateLimitValue) ||
    rateLimitValue < 1 ||
    rateLimitValue > MAX_RATE_LIMIT
  ) {
    fail(
      "rateLimit",
      `must be an integer from 1 to ${MAX_RATE_LIMIT} (got ${JSON.stringify(rateLimitValue) ?? describeType(rateLimitValue)})`,
    );
  }

  const permissionsValue = fields.get("requiredPermissions")?.value ?? [];
  if (!Array.isArray(permissionsValue)) {
    fail(
      "requiredPermissions",
      `must be an array of strings (got ${describeType(permissionsValue)})`,
    );
  }
  const requiredPermissions = [
    ...new Set(
      (permissionsValue as unknown[]).map((permission, index) => {
        const problem = permissionProblem(permission, "required");
        if (problem !== undefined) fail("requiredPermissions", `[${index}] ${problem}`);
        return permission as string;
      }),
    ),
  ];

  const schema: {
    -readonly [K in keyof NormalizedConnectorSchema]: NormalizedConnectorSchema[K];
  } = { name, version, rateLimit: rateLimitValue as number, requiredPermissions };
  const mode = fields.get("mode")?.value;
  if (mode !== undefined) {
    if (!GUARD_MODES.includes(mode as GuardMode)) {
      fail("mode", `must be "enforce" or "shadow" (got ${describeValue(mode)})`);
    }
    schema.mode = mode as GuardMode;
  }
  const outputCheck = fields.get("outputCheck")?.value;
  if (outputCheck !== undefined) {
    if (!OUTPUT_CHECK_MODES.includes(outputCheck as OutputCheckMode)) {
      fail(
        "outputCheck",
        `must be "off", "audit" or "enforce" (got ${describeValue(outputCheck)})`,
      );
    }
    schema.outputCheck = outputCheck as OutputCheckMode;
  }
  const pin = fields.get("pin")?.value;
  if (pin !== undefined) {
    if (typeof pin !== "string" || !PIN_PATTERN.test(pin)) {
      fail("pin", `must be "sha256:" and 64 lowercase hex digits (got ${describeValue(pin)})`);
    }
    schema.pin = pin as string;
  }
  for (const field of ["inputSchema", "outputSchema"] as const) {
    const jsonSchema = fields.get(field)?.value;
    if (jsonSchema === undefined) continue;
    if (typeof jsonSchema !== "boolean" && !isPlainRecord(jsonSchema)) {
      fail(field, `must be a JSON Schema object or boolean (got ${describeType(jsonSchema)})`);
    }
    schema[field] = jsonSchema as JsonSchema;
  }
  return schema;
}

function collectFields(
  value: Record<string, unknown>,
  prefix: string,
): Map<FieldName, { spelling: string; value: unknown }> {
  const fields = new Map<FieldName, { spelling: string; value: unknown }>();
  for (const spelling of Object.keys(value)) {
    const field = Object.hasOwn(fieldSpellings, spelling) ? fieldSpellings[spelling] : undefined;
    if (field === undefined) {
      // Listed in the spelling the definition uses: snake_case to a snake_case file.
      const snakeCase = Object.keys(value).some((key) => key.includes("_"));
      const known = [...new Set(Object.values(fieldSpellings))].map((name) =>
        snakeCase ? name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`) : name,
      );
      throw new ConnectorSchemaError(
        `${prefix}unknown field '${spelling}' in connector definition (known fields: ${known.join(", ")})`,
        spelling,
      );
    }
    const earlier = fields.get(field);
    if (earlier !== undefined) {
      throw new ConnectorSchemaError(
        `${prefix}field '${field}' is given twice, as '${earlier.spelling}' and as '${spelling}'`,
        spelling,
      );
    }
    fields.set(field, { spelling, value: value[spelling] });
  }
  return fields;
}

function requireText(value: unknown, fail: (problem: string) => never): string {
  if (typeof value !== "string") {
    return fail(
      value === undefined ? "is required" : `must be a string (got ${describeType(value)})`,
    );
  }
  if (value.trim() === "") return fail("must not be blank");
  if (controlCharacters.test(value)) return fail("must not contain control characters");
  return value;
}

/** A value for an error message: short JSON, or its type when it has none. */
function describeValue(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return describeType(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
