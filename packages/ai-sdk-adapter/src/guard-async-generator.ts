import { InterceptorError, OutputValidationError } from "@aumai/connectorguard";
import {
  attemptFor,
  type ExecuteFunction,
  type ExecutionOptionsLike,
  type ToolCallBinding,
} from "./tool-call-binding.js";
import { toolCallDenial } from "./tool-call-denial.js";

/**
 * The guard in front of a streaming tool (`execute` is an `async function*`): the call is
 * decided before the tool starts, every preliminary value passes through as it comes, and the
 * outcome is recorded when the stream ends, fails, or is abandoned by its consumer. The last
 * value, which the SDK takes as the tool's output, is the one checked against an
 * `outputSchema`; under `outputCheck: "enforce"` a failing one ends the stream with
 * `OutputValidationError` (or, with `onDenied: "result"`, a last value that is the denial).
 *
 * @example
 * const guarded = guardAsyncGenerator(async function* () { yield "working"; yield "done"; }, binding);
 * for await (const value of guarded({}, { toolCallId: "c1" })) console.log(value);
 */
export function guardAsyncGenerator(
  execute: ExecuteFunction,
  binding: ToolCallBinding,
): ExecuteFunction {
  return async function* guardedExecute(input: unknown, options: ExecutionOptionsLike) {
    const attempt = await attemptFor(binding, input, options);
    const started = deferred<AsyncIterator<unknown>>();
    const finished = deferred<unknown>();
    // `run` hands the stream over and keeps the guard waiting until the stream is done; it
    // resolves with the last value, the tool's output.
    const execution = binding.guard.run(
      attempt,
      (validated) => {
        started.resolve(
          (execute(validated, options) as AsyncIterable<unknown>)[Symbol.asyncIterator](),
        );
        return finished.promise;
      },
      { call: { toolName: binding.toolName, toolCallId: options?.toolCallId } },
    );
    const first = await Promise.race([started.promise, execution]);
    if ("status" in first) {
      // Settled before the stream started: the guard denied the call.
      const denial = new InterceptorError(first.attempt.connectorName, first.result);
      if (binding.onDenied !== "result") throw denial;
      yield toolCallDenial(denial);
      return;
    }
    const iterator = first;

    let failed = false;
    let last: unknown;
    let withheld: OutputValidationError | undefined;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) break;
        last = step.value;
        yield step.value;
      }
    } catch (error) {
      failed = true;
      finished.reject(error);
      await execution.catch(() => undefined);
      throw error;
    } finally {
      if (!failed) {
        // Reached on completion and when the consumer stops early; both count as ok.
        try {
          await iterator.return?.();
        } finally {
          finished.resolve(last);
          await execution.then((outcome) => {
            if (outcome.status !== "withheld") return;
            withheld = new OutputValidationError(outcome.attempt.connectorName, outcome.violation);
            // Thrown from the settled run, so it replaces how the stream ended, as it should.
            if (binding.onDenied !== "result") throw withheld;
          });
        }
      }
    }
    // Reached only when the stream ran to its end: its last value becomes the denial.
    if (withheld !== undefined) yield toolCallDenial(withheld);
  };
}

interface Deferred<Value> {
  readonly promise: Promise<Value>;
  resolve(value: Value): void;
  reject(reason: unknown): void;
}

function deferred<Value>(): Deferred<Value> {
  let resolve!: (value: Value) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<Value>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}
