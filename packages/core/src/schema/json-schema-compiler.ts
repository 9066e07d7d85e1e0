import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { reasonText } from "../support/reason-text.js";
import type { JsonSchema } from "./json-schema.js";
import { linearTimeRegExp } from "./linear-time-regexp.js";
import { secureSchemaProblem } from "./secure-schema-check.js";

// ajv-formats is CommonJS; depending on the loader its default export arrives wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as typeof addFormatsModule;

/** A compiled JSON Schema check. */
export type CompiledSchema = ValidateFunction;

/**
 * Compiles connector JSON Schemas with one ajv instance, hardened for untrusted input: strict
 * about the schema itself (unknown keywords and formats are errors at registration), checked
 * against a secure meta-schema, no `$data`, no remote `$ref` (nothing is ever fetched),
 * `pattern` on a linear-time engine, only own properties of the input read, NaN and Infinity
 * refused as numbers, and the first error only at call time.
 *
 * @example
 * const compiler = new JsonSchemaCompiler();
 * const check = compiler.compile({ type: "object", properties: { n: { type: "integer" } } });
 * check?.({ n: 1.5 }); // false
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
      // Inherited properties (a polluted Object.prototype) must not satisfy `required`.
      ownProperties: true,
      strictNumbers: true,
      code: { regExp: linearTimeRegExp },
    });
    addFormats(this.ajv);
  }

  /**
   * Compiles `schema`, or returns undefined when it accepts everything (`true` or `{}`), so the
   * hot path can skip the check. Throws the ajv error for an invalid schema, and an error
   * naming the location for one that is unsafe for untrusted input.
   */
  compile(schema: JsonSchema | undefined): CompiledSchema | undefined {
    if (schema === undefined || schema === true) return undefined;
    if (typeof schema === "object" && Object.keys(schema).length === 0) return undefined;
    const problem = secureSchemaProblem(schema);
    if (problem !== undefined) throw new Error(`unsafe for untrusted input ${problem}`);
    return this.ajv.compile(schema);
  }

  /** Forgets a compiled schema so that one with the same `$id` can be compiled again. */
  forget(schema: JsonSchema | undefined): void {
    if (typeof schema === "object" && schema !== null) this.ajv.removeSchema(schema);
  }
}

/**
 * Turns ajv's errors into one line a person or a model can act on, e.g.
 * `/temperature must be <= 2` or `must have required property 'prompt'`. Property names come
 * from the input, so they are escaped and cut short.
 *
 * @example
 * if (!check(input)) console.log(describeSchemaErrors(check.errors));
 */
export function describeSchemaErrors(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (first === undefined) return "input does not match the schema";
  let message = first.message ?? `failed keyword '${first.keyword}'`;
  if (first.keyword === "additionalProperties") {
    message += ` '${reasonText(String((first.params as { additionalProperty?: unknown }).additionalProperty))}'`;
  } else if (first.keyword === "enum") {
    const allowed = (first.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    message += ` (${allowed.map((value) => JSON.stringify(value)).join(", ")})`;
  }
  return first.instancePath === "" ? message : `${reasonText(first.instancePath)} ${message}`;
}
