import { InterceptorError } from "@aumai/connectorguard";
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
 * Asks the guard about one tool call (described by `describeCall`): runs it when allowed (the guard records the decision with
 * the call's outcome; the tool's own errors pass through unchanged), and when denied hands back
 * an error `ToolMessage` carrying the reason, or throws `InterceptorError` when the options say
 * so or when there is no tool call to answer (a direct `invoke(args)`).
 */
export async function guardToolCall<Result>(
  settings: GuardSettings,
  describeCall: () => GuardedToolCall,
  run: () => Result | Promise<Result>,
): Promise<Result | ToolMessage> {
  // Described in here so that a bad identity rejects the promise rather than throwing.
  const call = describeCall();
  // A tool may itself throw an InterceptorError (a guarded function inside it); only a denial
  // of this call, decided before anything ran, becomes a message.
  let ran = false;
  try {
    return await settings.guard.execute(
      {
        connectorName: call.connectorName,
        sourceAgent: call.sourceAgent,
        inputData: call.inputData,
      },
      () => {
        ran = true;
        return run();
      },
    );
  } catch (error) {
    if (ran || !InterceptorError.isInstance(error)) throw error;
    if (settings.onDenied === "throw" || call.toolCallId === undefined) throw error;
    return new ToolMessage({
      content: error.message,
      tool_call_id: call.toolCallId,
      name: call.toolName,
      status: "error",
      // Not sent to the model; lets the application see which check denied the call.
      artifact: { connectorName: error.connectorName, result: error.result },
    });
  }
}
