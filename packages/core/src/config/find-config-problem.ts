import { Ajv, type ValidateFunction } from "ajv";
import { type ConfigProblem, firstSchemaProblem } from "../support/json-schema-problem.js";
import { guardConfigJsonSchema } from "./guard-config-schema.js";

export type { ConfigProblem } from "../support/json-schema-problem.js";

let validate: ValidateFunction | undefined;

/**
 * The first problem of a parsed policy document against the policy file's JSON Schema, or
 * `undefined` when it conforms.
 *
 * @example
 * findConfigProblem({ mode: "strict" }); // { path: ["mode"], problem: 'must be one of "enforce", "shadow" (got "strict")' }
 */
export function findConfigProblem(value: unknown): ConfigProblem | undefined {
  validate ??= new Ajv({
    allErrors: false,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
    logger: false,
  }).compile(guardConfigJsonSchema);
  return firstSchemaProblem(validate, value);
}
