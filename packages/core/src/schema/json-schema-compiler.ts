import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { JsonSchema } from "./json-schema.js";

// ajv-formats is CommonJS; depending on the loader its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** A compiled JSON Schema check. */
export type CompiledSchema = ValidateFunction;

/**
 * Compiles connector JSON Schemas with one ajv instance: strict about the schema itself
 * (unknown keywords and formats are errors at registration), first error only at call time.
 */
export class JsonSchemaCompiler {
  private readonly ajv: Ajv;

  constructor() {
    this.ajv = new Ajv({
      strict: true,
      // The reference's own example (`required` without `properties`) must stay valid.
      strictRequired: false,
      strictTypes: false,
      strictTuples: false,
      allErrors: false,
      $data: false,
      logger: false,
      validateFormats: true,
    });
    addFormats(this.ajv);
  }

  /**
   * Compiles `schema`, or returns undefined when it accepts everything (`true` or `{}`), so the
   * hot path can skip the check. Throws the ajv error for an invalid schema.
   */
  compile(schema: JsonSchema | undefined): CompiledSchema | undefined {
    if (schema === undefined || schema === true) return undefined;
    if (typeof schema === "object" && Object.keys(schema).length === 0) return undefined;
    return this.ajv.compile(schema);
  }

  /** Forgets a compiled schema so that one with the same `$id` can be compiled again. */
  forget(schema: JsonSchema | undefined): void {
    if (typeof schema === "object" && schema !== null) this.ajv.removeSchema(schema);
  }
}

/**
 * Turns ajv's errors into one line a person or a model can act on, e.g.
 * `/temperature must be <= 2` or `must have required property 'prompt'`.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return "input does not match the schema";
  let message = first.message ?? `failed keyword '${first.keyword}'`;
  if (first.keyword === "additionalProperties") {
    message += ` '${String((first.params as { additionalProperty?: unknown }).additionalProperty)}'`;
  } else if (first.keyword === "enum") {
    const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    message += ` (${allowed.map((value) => JSON.stringify(value)).join(", ")})`;
  }
  return first.instancePath === "" ? message : `${first.instancePath} ${message}`;
}
