import { verdictError } from "@aumai/connectorguard/adapter-kit";
import { guardAsyncGenerator } from "./guard-async-generator.js";
import {
  attemptFor,
  type ExecuteFunction,
  type ExecutionOptionsLike,
  type ToolCallBinding,
} from "./tool-call-binding.js";
import { toolCallDenial } from "./tool-call-denial.js";

/**
 * Puts the guard in front of one tool's `execute`: each call is decided, run only when
 * allowed, and recorded with its outcome. A denial, and a result withheld by
 * `outputCheck: "enforce"`, follow `binding.onDenied`; an error of the tool is recorded and
 * rethrown unchanged, so the SDK reports it as it would have.
 *
 * @example
 * const guarded = guardExecute(searchTool.execute, binding);
 * await guarded({ query: "solar panels" }, { toolCallId: "c1", experimental_context: { agentId: "bot" } });
 */
export function guardExecute(execute: ExecuteFunction, binding: ToolCallBinding): ExecuteFunction {
  // The SDK only streams preliminary results from an iterable it gets back synchronously.
  if (isAsyncGeneratorFunction(execute)) return guardAsyncGenerator(execute, binding);
  return function guardedExecute(input: unknown, options: ExecutionOptionsLike) {
    // The tool's name and call id go on the decision's span, never into the attempt.
    const call = { toolName: binding.toolName, toolCallId: options?.toolCallId };
    const decideAndRun = (attempt: Parameters<typeof binding.guard.run>[0]) =>
      binding.guard
        .run(attempt, (validated) => finalValue(execute(validated, options)), { call })
        .then((outcome) => {
          if (outcome.status === "ran") return outcome.value;
          const error = verdictError(outcome);
          if (binding.onDenied === "result") return toolCallDenial(error);
          throw error;
        });
    try {
      const attempt = attemptFor(binding, input, options);
      return attempt instanceof Promise ? attempt.then(decideAndRun) : decideAndRun(attempt);
    } catch (error) {
      return Promise.reject(error);
    }
  };
}

function isAsyncGeneratorFunction(value: unknown): boolean {
  return Object.prototype.toString.call(value) === "[object AsyncGeneratorFunction]";
}

/**
 * An iterable returned by a function that is not an `async function*` cannot be streamed
 * from behind a promise; its last value is the tool's result, as the SDK would take it.
 */
function finalValue(returned: unknown): unknown {
  if (typeof returned !== "object" || returned === null || !(Symbol.asyncIterator in returned)) {
    return returned;
  }
  return (async () => {
    let last: unknown;
    for await (const value of returned as AsyncIterable<unknown>) last = value;
    return last;
  })();
}
