import { InterceptorError } from "../errors/interceptor-error.js";
import { OutputValidationError } from "../errors/output-validation-error.js";
import type { RunOutcome } from "../interceptor/request-interceptor.js";

/**
 * The error `guard.execute` would have thrown for a verdict of `guard.run` that is not
 * `"ran"`: `InterceptorError` for a denial, `OutputValidationError` for a withheld result.
 * Adapters throw it, or turn its message into the framework's tool error.
 *
 * @example
 * const outcome = await guard.run(attempt, run);
 * if (outcome.status !== "ran") throw verdictError(outcome);
 */
export function verdictError(
  outcome: Exclude<RunOutcome<unknown>, { readonly status: "ran" }>,
): InterceptorError | OutputValidationError {
  const connectorName = outcome.attempt.connectorName;
  return outcome.status === "denied"
    ? new InterceptorError(connectorName, outcome.result)
    : new OutputValidationError(connectorName, outcome.violation);
}
