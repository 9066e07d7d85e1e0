import { Ajv, type ValidateFunction } from "ajv";
import { InvalidOptionError } from "../errors/invalid-option-error.js";
import { firstSchemaProblem } from "../support/json-schema-problem.js";
import { guardOptionSections } from "./option-sections.js";

type OptionKey = keyof typeof guardOptionSections;

const compiled = new Map<string, ValidateFunction>();

/**
 * Checks the plain-data options `keys` of `options` against their sections of the policy
 * file's schema, and throws `InvalidOptionError` with the same sentence the policy file would
 * get (`createGuard: /mode must be one of "enforce", "shadow" (got "strict")`). Other keys are
 * left to their owners. Compiled once per set of keys.
 *
 * @example
 * checkOptions(config, ["mode", "rateLimitWindowSeconds"], "createGuard");
 */
export function checkOptions(options: object, keys: readonly OptionKey[], owner: string): void {
  const id = keys.join(",");
  let validate = compiled.get(id);
  if (validate === undefined) {
    const properties = Object.fromEntries(keys.map((key) => [key, guardOptionSections[key]]));
    validate = new Ajv({
      strict: true,
      allowUnionTypes: true,
      verbose: true,
      logger: false,
    }).compile({
      type: "object",
      properties,
    });
    compiled.set(id, validate);
  }
  // Only keys that were given: `undefined` means "the default", as in the policy file.
  const given: Record<string, unknown> = {};
  for (const key of keys) {
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined) given[key] = value;
  }
  const problem = firstSchemaProblem(validate, given);
  if (problem === undefined) return;
  const pointer = problem.path.map((segment) => `/${segment}`).join("");
  throw new InvalidOptionError(`${owner}: ${pointer} ${problem.problem}`);
}
