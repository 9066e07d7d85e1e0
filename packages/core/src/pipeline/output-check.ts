import type { RegisteredConnector } from "../registry/connector-registry.js";
import { type InputLimits, inputLimitProblem } from "../schema/input-limits.js";
import { describeSchemaErrors } from "../schema/json-schema-compiler.js";
import type { GuardMode, OutputCheckMode } from "../values/guard-mode.js";

/** What the output check found: nothing, a violation to record, or one to enforce. */
export interface OutputVerdict {
  readonly violation: string;
  /** True when the caller must get an `OutputValidationError` instead of the result. */
  readonly enforce: boolean;
}

/**
 * Checks a tool's result against its connector's `outputSchema`, under the connector's
 * `outputCheck` (or the guard's): undefined when there is nothing to report. A result too
 * large or too deep for `limits` is a violation without being validated; in shadow mode a
 * violation is recorded, never enforced.
 *
 * @example
 * const verdict = checkOutput(connector, value, "audit", "enforce", limits);
 * if (verdict?.enforce) throw new OutputValidationError(name, verdict.violation);
 */
export function checkOutput(
  connector: RegisteredConnector | undefined,
  output: unknown,
  guardOutputCheck: OutputCheckMode,
  guardMode: GuardMode,
  limits: Required<InputLimits>,
): OutputVerdict | undefined {
  const validateOutput = connector?.validateOutput;
  if (connector === undefined || validateOutput === undefined) return undefined;
  const mode = connector.schema.outputCheck ?? guardOutputCheck;
  if (mode === "off") return undefined;
  let violation = inputLimitProblem(output, limits, "output");
  if (violation === undefined) {
    try {
      if (validateOutput(output)) return undefined;
      violation = `output validation failed: ${describeSchemaErrors(validateOutput.errors)}`;
    } catch (error) {
      violation = `output could not be validated (${error instanceof Error ? error.message : typeof error})`;
    }
  }
  const shadow = (connector.schema.mode ?? guardMode) === "shadow";
  return { violation, enforce: mode === "enforce" && !shadow };
}
