import {
  type ConnectionAttemptInit,
  type Guard,
  InterceptorError,
  OutputValidationError,
} from "@aumai/connectorguard";
import type { McpCallToolResult } from "./mcp-tool.js";
import type { McpToolDenial } from "./mcp-tool-denial.js";

/** What became of one `tools/call` put to the guard. */
export type GuardedToolCall =
  | { readonly outcome: "ran"; readonly result: McpCallToolResult }
  | {
      readonly outcome: "denied";
      readonly denial: McpToolDenial;
      /** The core's error for the denial: `InterceptorError`, or `OutputValidationError`. */
      readonly error: InterceptorError | OutputValidationError;
    };

/**
 * The one place this package hands a tool call to the guard. Decides `attempt`; when allowed,
 * runs `call` with the arguments as validated (a JSON snapshot) and records its outcome; the output check sees the result's
 * `structuredContent` (what an MCP `outputSchema` describes), not the whole
 * `CallToolResult`; a result with `isError: true` is recorded as an error of the tool and
 * returned as it is. `unidentified`, when given, is how to pass an identity here: the guard
 * denies a call that names no agent and carries no token with that hint, at `"permission"`.
 * Errors of `call` itself (a protocol error, a timeout) are recorded and rethrown.
 *
 * @example
 * const outcome = await callThroughGuard(guard, attempt, () => client.callTool(params));
 * if (outcome.outcome === "denied") return denialToolResult(outcome.denial);
 */
export async function callThroughGuard(
  guard: Guard,
  attempt: ConnectionAttemptInit,
  call: (validatedArguments: unknown) => Promise<McpCallToolResult>,
  unidentified?: string,
): Promise<GuardedToolCall> {
  // An unidentified call is denied by the guard itself, recorded like every other decision.
  const checked =
    unidentified === undefined ? attempt : { ...attempt, identityRequired: unidentified };
  const outcome = await guard.run(checked, call, {
    // What an MCP `outputSchema` describes, and how an MCP tool reports its own failure.
    output: (result) => result.structuredContent,
    failure: (result) => (result.isError === true ? errorText(result) : undefined),
  });
  if (outcome.status === "ran") return { outcome: "ran", result: outcome.value };
  if (outcome.status === "denied") {
    const { check, reason, retryAfterMs } = outcome.result;
    const denial: McpToolDenial = {
      denied: true,
      connectorName: outcome.attempt.connectorName,
      check: check ?? "registry",
      reason,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
    return {
      outcome: "denied",
      denial,
      error: new InterceptorError(outcome.attempt.connectorName, outcome.result),
    };
  }
  const error = new OutputValidationError(outcome.attempt.connectorName, outcome.violation);
  const denial: McpToolDenial = {
    denied: true,
    connectorName: outcome.attempt.connectorName,
    check: "output",
    reason: error.message,
  };
  return { outcome: "denied", denial, error };
}

function errorText(result: McpCallToolResult): string {
  const texts = (result.content ?? [])
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string);
  const text = texts.join(" ").trim();
  return text === "" ? "the tool reported an error (isError: true)" : text.slice(0, 500);
}
