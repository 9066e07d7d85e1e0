import {
  type CheckName,
  InterceptorError,
  type OutputValidationError,
} from "@aumai/connectorguard";

/**
 * What a guarded tool returns for a denied call under `onDenied: "result"`: a plain JSON value
 * the model reads as the tool's result, naming the failed check and the reason. A result
 * withheld by `outputCheck: "enforce"` is a denial at the `"output"` check.
 *
 * @example
 * { denied: true, connectorName: "write_file", check: "permission",
 *   reason: "agent 'research-bot' is missing required permissions: files:write" }
 */
export interface ToolCallDenial {
  readonly denied: true;
  readonly connectorName: string;
  /** The pipeline check that denied the call, or `"output"` for a withheld result. */
  readonly check: CheckName | "output" | null;
  readonly reason: string;
  /** For a rate-limit denial: milliseconds until a retry would be admitted. */
  readonly retryAfterMs?: number;
}

/**
 * The {@link ToolCallDenial} for a guard's denial (`InterceptorError`) or a withheld result
 * (`OutputValidationError`).
 *
 * @example
 * toolCallDenial(error).reason; // same as error.result.reason, or error.message for an output
 */
export function toolCallDenial(error: InterceptorError | OutputValidationError): ToolCallDenial {
  if (!InterceptorError.isInstance(error)) {
    return {
      denied: true,
      connectorName: error.connectorName,
      check: "output",
      reason: error.message,
    };
  }
  const { check, reason, retryAfterMs } = error.result;
  const denial: ToolCallDenial = {
    denied: true,
    connectorName: error.connectorName,
    check: check ?? null,
    reason,
  };
  return retryAfterMs === undefined ? denial : { ...denial, retryAfterMs };
}

/**
 * True when a tool's output is a {@link ToolCallDenial}, e.g. when reading `result.toolResults`.
 *
 * @example
 * for (const toolResult of result.toolResults) {
 *   if (isToolCallDenial(toolResult.output)) console.log("denied:", toolResult.output.reason);
 * }
 */
export function isToolCallDenial(value: unknown): value is ToolCallDenial {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as { denied?: unknown }).denied === true &&
    typeof (value as { reason?: unknown }).reason === "string" &&
    typeof (value as { connectorName?: unknown }).connectorName === "string"
  );
}
