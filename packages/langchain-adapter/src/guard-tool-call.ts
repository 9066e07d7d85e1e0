import type { ConnectionAttemptInit } from "@aumai/connectorguard";
import { verdictError } from "@aumai/connectorguard/adapter-kit";
import { ToolMessage } from "@langchain/core/messages";
import type { GuardSettings } from "./guard-settings.js";
import { captureToolOutput } from "./tool-output-capture.js";

/** One tool call, translated for the guard. */
export interface GuardedToolCall {
  readonly toolName: string;
  readonly connectorName: string;
  /** The calling agent, from the run (never from the model's arguments). */
  readonly sourceAgent: string | undefined;
  /** The call's capability token, from the run (never from the model's arguments). */
  readonly capabilityToken: string | undefined;
  /** The hash of the tool's definition, compared with the connector's `pin`. */
  readonly toolDefinitionHash: string | undefined;
  /** The model's arguments, as the model sent them. */
  readonly inputData: unknown;
  /** The id of the model's tool call; undefined when the tool was invoked directly. */
  readonly toolCallId: string | undefined;
  /** The tool to run, when known: its own result is what an `outputSchema` is checked against. */
  readonly tool: object | undefined;
}

/**
 * Asks the guard about one tool call (described by `describeCall`) and runs it, through
 * `run(tool)`, when allowed; the guard records the decision with the call's outcome, and the
 * tool's own errors pass through unchanged. A denial, or a result withheld by
 * `outputCheck: "enforce"`, becomes an error `ToolMessage` carrying the reason — or rejects with
 * `InterceptorError` / `OutputValidationError` when the options say so or when there is no tool
 * call to answer (a direct `invoke(args)`).
 */
export function guardToolCall<Result>(
  settings: GuardSettings,
  describeCall: () => GuardedToolCall,
  run: (tool: object | undefined, validated: unknown) => Result | Promise<Result>,
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
    capabilityToken: call.capabilityToken,
    toolDefinitionHash: call.toolDefinitionHash,
    identityRequired: settings.identityRequired,
  };
  const { guard } = settings;
  const toolCallId = call.toolCallId;
  const answersModel = settings.onDenied !== "throw" && toolCallId !== undefined;
  // A connector with an output schema is checked against the tool's own result, which
  // LangChain hides inside a ToolMessage: only then is the tool run through a stand-in.
  const capture =
    call.tool !== undefined && guard.checksOutput(call.connectorName)
      ? captureToolOutput(call.tool)
      : undefined;
  return guard
    .run(
      attempt,
      (validated) => run(capture === undefined ? call.tool : capture.tool, validated),
      capture === undefined ? undefined : { output: (returned) => capture.outputOr(returned) },
    )
    .then((outcome) => {
      if (outcome.status === "ran") return outcome.value;
      const connectorName = outcome.attempt.connectorName;
      const error = verdictError(outcome);
      if (!answersModel) throw error;
      return errorMessage(
        call,
        toolCallId as string,
        error.message,
        outcome.status === "denied"
          ? { connectorName, result: outcome.result }
          : { connectorName, violation: outcome.violation },
      );
    });
}

function errorMessage(
  call: GuardedToolCall,
  toolCallId: string,
  content: string,
  artifact: Record<string, unknown>,
): ToolMessage {
  return new ToolMessage({
    content,
    tool_call_id: toolCallId,
    name: call.toolName,
    status: "error",
    // Not sent to the model; lets the application see which check refused the call.
    artifact,
  });
}
