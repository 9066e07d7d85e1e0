import { type ConnectionAttemptInit, InterceptorError } from "@aumai/connectorguard";
import { ToolMessage } from "@langchain/core/messages";
import type { GuardSettings } from "./guard-settings.js";

/** One tool call, translated for the guard. */
export interface GuardedToolCall {
  readonly toolName: string;
  readonly connectorName: string;
  /** The calling agent, from the run (never from the model's arguments). */
  readonly sourceAgent: string | undefined;
  /** The model's arguments, as the model sent them. */
  readonly inputData: unknown;
  /** The id of the model's tool call; undefined when the tool was invoked directly. */
  readonly toolCallId: string | undefined;
}

/**
 * Asks the guard about one tool call (described by `describeCall`): runs it when allowed (the
 * guard records the decision with the call's outcome; the tool's own errors pass through
 * unchanged), and when denied hands back an error `ToolMessage` carrying the reason, or rejects
 * with `InterceptorError` when the options say so or when there is no tool call to answer (a
 * direct `invoke(args)`).
 */
export function guardToolCall<Result>(
  settings: GuardSettings,
  describeCall: () => GuardedToolCall,
  run: () => Result | Promise<Result>,
): Promise<Result | ToolMessage> {
  let call: GuardedToolCall;
  try {
    call = describeCall();
  } catch (error) {
    return Promise.reject(error);
  }
  const attempt: ConnectionAttemptInit = {
    connectorName: call.connectorName,
    sourceAgent: call.sourceAgent,
    inputData: call.inputData,
  };
  // Not an async function, and no extra promise when a denial is thrown anyway: this runs on
  // every tool call, so it adds nothing to the core's own work that it can avoid.
  const toolCallId = call.toolCallId;
  if (settings.onDenied === "throw" || toolCallId === undefined) {
    return settings.guard.execute(attempt, run);
  }
  // A tool may itself throw an InterceptorError (a guarded function inside it); only a denial
  // of this call, decided before anything ran, becomes a message.
  let ran = false;
  return settings.guard
    .execute(attempt, () => {
      ran = true;
      return run();
    })
    .then(undefined, (error: unknown) => {
      if (ran || !InterceptorError.isInstance(error)) throw error;
      return new ToolMessage({
        content: error.message,
        tool_call_id: toolCallId,
        name: call.toolName,
        status: "error",
        // Not sent to the model; lets the application see which check denied the call.
        artifact: { connectorName: error.connectorName, result: error.result },
      });
    });
}
