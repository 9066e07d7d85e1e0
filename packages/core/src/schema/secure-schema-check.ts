import { Ajv, type ValidateFunction } from "ajv";
import type { JsonSchema } from "./json-schema.js";

const scalarTypes = ["string", "number", "integer", "boolean", "null"];

// Each rule names what makes validating untrusted input slow. Patterns are not listed: they
// run on a linear-time engine (see linearTimeRegExp). Formats are not either: ajv-formats'
// checks are linear-time expressions and the input's total size is capped before validation,
// so tool schemas generated from zod (`z.string().email()`) register as they are.
const rules = [
  {
    problem:
      "'uniqueItems' on items that are not scalars needs 'maxItems' (comparing every pair of a long array is quadratic)",
    schema: {
      if: {
        required: ["uniqueItems"],
        properties: { uniqueItems: { const: true } },
        not: {
          required: ["items"],
          properties: {
            items: { required: ["type"], properties: { type: { enum: scalarTypes } } },
          },
        },
      },
      // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
      then: { required: ["maxItems"] },
    },
  },
] as const;

const subschema = { $ref: "#" };
const schemaArray = { type: "array", items: subschema };
const schemaMap = { type: "object", additionalProperties: subschema };

/**
 * The secure meta-schema: every subschema of a connector's JSON Schema must follow `rules`.
 * Modelled on ajv's own `json-schema-secure.json`, for draft-07 keywords.
 */
export const SECURE_META_SCHEMA = {
  $id: "https://connectorguard.invalid/secure-meta-schema.json",
  allOf: rules.map((rule) => rule.schema),
  properties: {
    additionalItems: subschema,
    additionalProperties: subschema,
    contains: subschema,
    propertyNames: subschema,
    not: subschema,
    if: subschema,
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
    then: subschema,
    else: subschema,
    items: { anyOf: [subschema, schemaArray] },
    allOf: schemaArray,
    anyOf: schemaArray,
    oneOf: schemaArray,
    properties: schemaMap,
    patternProperties: schemaMap,
    definitions: schemaMap,
    dependencies: {
      type: "object",
      additionalProperties: { anyOf: [{ type: "array" }, subschema] },
    },
  },
} as const;

let checkSecure: ValidateFunction | undefined;

/**
 * Why `schema` is unsafe for validating untrusted input, or undefined when it is safe: checked
 * against {@link SECURE_META_SCHEMA} when a connector is registered.
 *
 * @example
 * secureSchemaProblem({ type: "array", uniqueItems: true, items: { type: "object" } });
 * // "at #: 'uniqueItems' on items that are not scalars needs 'maxItems' (…)"
 * secureSchemaProblem({ type: "array", uniqueItems: true, maxItems: 50 }); // undefined
 */
export function secureSchemaProblem(schema: JsonSchema): string | undefined {
  checkSecure ??= new Ajv({ strict: false, allErrors: false }).compile(SECURE_META_SCHEMA);
  if (checkSecure(schema)) return undefined;
  const error = checkSecure.errors?.[0];
  const rule = /^#\/allOf\/(\d+)\//.exec(error?.schemaPath ?? "")?.[1];
  const problem =
    rule === undefined
      ? (error?.message ?? "does not match the secure meta-schema")
      : rules[Number(rule)]?.problem;
  return `at #${error?.instancePath ?? ""}: ${problem}`;
}
