import { InterceptorError } from "@aumai/connectorguard";
import {
  type ExecuteFunction,
  type ExecutionOptionsLike,
  resolveCallAgent,
  type ToolCallBinding,
} from "./tool-call-binding.js";
import { toolCallDenial } from "./tool-call-denial.js";

/**
 * The guard in front of a streaming tool (`execute` is an `async function*`): the call is
 * decided before the tool starts, every preliminary value passes through as it comes, and the
 * outcome is recorded when the stream ends, fails, or is abandoned by its consumer.
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
    const sourceAgent = await resolveCallAgent(binding, options);
    const started = deferred<AsyncIterator<unknown>>();
    const finished = deferred<void>();
    // `run` hands the stream over and keeps the guard waiting until the stream is done.
    const execution = binding.guard.execute(
      { connectorName: binding.connectorName, sourceAgent, inputData: input },
      () => {
        started.resolve(
          (execute(input, options) as AsyncIterable<unknown>)[Symbol.asyncIterator](),
        );
        return finished.promise;
      },
    );
    let iterator: AsyncIterator<unknown>;
    try {
      iterator = (await Promise.race([started.promise, execution])) as AsyncIterator<unknown>;
    } catch (error) {
      if (binding.onDenied === "result" && InterceptorError.isInstance(error)) {
        yield toolCallDenial(error);
        return;
      }
      throw error;
    }

    let failed = false;
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done === true) break;
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
          finished.resolve();
          await execution;
        }
      }
    }
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
