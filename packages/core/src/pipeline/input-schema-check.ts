import { type InputLimits, inputLimitProblem } from "../schema/input-limits.js";
import { describeSchemaErrors } from "../schema/json-schema-compiler.js";
import { reasonText } from "../support/reason-text.js";
import { connectorOf } from "./connector-of.js";
import type { PipelineCheck } from "./pipeline-check.js";

/**
 * Is the input within the size and depth caps, and does it satisfy the connector's JSON
 * Schema (compiled once, at registration)?
 *
 * @example
 * inputSchemaCheck({ maxSize: 1_000_000, maxDepth: 64 });
 */
export function inputSchemaCheck(limits: Required<InputLimits>): PipelineCheck {
  return {
    name: "input-schema",
    run(context) {
      const given = context.attempt.inputData;
      const input = given === undefined ? {} : given;
      const problem =
        inputLimitProblem(input, limits) ??
        schemaProblem(connectorOf(context).validateInput, input);
      return problem === undefined ? undefined : { check: "input-schema", reason: problem };
    },
  };
}

type InputValidator = ReturnType<typeof connectorOf>["validateInput"];

function schemaProblem(validateInput: InputValidator, input: unknown): string | undefined {
  if (validateInput === undefined) return undefined;
  try {
    if (validateInput(input)) return undefined;
  } catch (error) {
    return `input could not be validated (${reasonText(error instanceof Error ? error.message : String(error))})`;
  }
  return `input validation failed: ${describeSchemaErrors(validateInput.errors)}`;
}
