import type { InputLimits } from "../schema/input-limits.js";
import { describeSchemaErrors } from "../schema/json-schema-compiler.js";
import { toJsonSnapshot } from "../support/json-snapshot.js";
import { reasonText } from "../support/reason-text.js";
import { connectorOf } from "./connector-of.js";
import type { PipelineCheck } from "./pipeline-check.js";

/**
 * Is the input within the size and depth caps, and does it satisfy the connector's JSON
 * Schema (compiled once, at registration)? What is validated is a JSON snapshot of the input,
 * taken once under the caps (getters read once, `toJSON` applied): it is kept in the context
 * and is exactly what the tool is handed, so an input that changes after the check cannot
 * reach the tool unchecked.
 *
 * @example
 * inputSchemaCheck({ maxSize: 1_000_000, maxDepth: 64 });
 */
export function inputSchemaCheck(limits: Required<InputLimits>): PipelineCheck {
  return {
    name: "input-schema",
    run(context) {
      const given = context.attempt.inputData;
      const snapshot = toJsonSnapshot(given === undefined ? {} : given, limits);
      if (!snapshot.ok) return { check: "input-schema", reason: snapshot.problem };
      context.input = snapshot.value;
      const problem = schemaProblem(connectorOf(context).validateInput, snapshot.value);
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
