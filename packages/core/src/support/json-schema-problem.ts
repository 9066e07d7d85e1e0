import type { ErrorObject, ValidateFunction } from "ajv";
import { describeType } from "./describe-type.js";

/** The first thing wrong with a policy document: where (as path segments) and what. */
export interface ConfigProblem {
  readonly path: readonly (string | number)[];
  readonly problem: string;
}

/**
 * The first problem ajv found in `value`, as a path and a sentence a person can act on, the
 * same for a policy file and for options given in code; `undefined` when `value` is valid.
 *
 * @example
 * firstSchemaProblem(validate, { mode: "strict" });
 * // { path: ["mode"], problem: 'must be one of "enforce", "shadow" (got "strict")' }
 */
export function firstSchemaProblem(
  validate: ValidateFunction,
  value: unknown,
): ConfigProblem | undefined {
  if (validate(value)) return undefined;
  const error = validate.errors?.[0];
  if (error === undefined) return { path: [], problem: "is not valid" };
  return describe(error, value);
}

function describe(error: ErrorObject, document: unknown): ConfigProblem {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
  const target = path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    document,
  );
  const typed = path.map((segment, index) =>
    Array.isArray(path.slice(0, index).reduce<unknown>(step, document)) ? Number(segment) : segment,
  );
  const params = error.params as Record<string, unknown>;
  // A schema with a description names what is accepted better than its keywords can.
  const hint = (error.parentSchema as { description?: string } | undefined)?.description;
  if (hint !== undefined && hintedKeywords.has(error.keyword)) {
    return {
      path: typed,
      problem: `must be ${hint} (got ${JSON.stringify(target) ?? describeType(target)})`,
    };
  }
  switch (error.keyword) {
    case "required":
      return { path: typed, problem: `missing required key '${params.missingProperty}'` };
    case "additionalProperties": {
      const known = Object.keys(
        ((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object,
      ).filter((key) => key !== "$schema");
      return {
        path: [...typed, String(params.additionalProperty)],
        problem: `unknown key '${params.additionalProperty}' (known keys: ${known.join(", ")})`,
      };
    }
    case "type": {
      if (hint !== undefined) {
        return { path: typed, problem: `must be ${hint} (got ${describeType(target)})` };
      }
      const wanted = String(params.type).split(",");
      const names = wanted.map((type) => `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`);
      return {
        path: typed,
        problem: `must be ${names.join(" or ")} (got ${describeType(target)})`,
      };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map((item) => JSON.stringify(item));
      return {
        path: typed,
        problem: `must be one of ${allowed.join(", ")} (got ${JSON.stringify(target) ?? describeType(target)})`,
      };
    }
    case "not":
      return {
        path: typed,
        problem: `must be ${hint ?? "something else"} (got ${JSON.stringify(target)})`,
      };
    case "minLength":
    case "minItems":
      return { path: typed, problem: "must not be empty" };
    case "pattern":
      if (params.pattern === "\\S") return { path: typed, problem: "must not be blank" };
      return {
        path: typed,
        problem: `must match ${params.pattern} (got ${JSON.stringify(target)})`,
      };
    case "propertyNames":
      return { path: typed, problem: "keys must not be empty" };
    default:
      return {
        path: typed,
        problem: `${error.message ?? "is invalid"} (got ${JSON.stringify(target)})`,
      };
  }
}

// Keywords whose own wording ("must match ^sha256:…", "must be >= 1") says less than a
// schema's description of what it accepts.
const hintedKeywords = new Set(["pattern", "minimum", "maximum", "exclusiveMinimum", "multipleOf"]);

function step(node: unknown, key: string): unknown {
  return (node as Record<string, unknown> | undefined)?.[key];
}
