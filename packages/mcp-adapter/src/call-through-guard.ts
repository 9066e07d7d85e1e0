import {
  type ConnectionAttemptInit,
  type ConnectionResult,
  type Guard,
  InterceptorError,
  OutputValidationError,
} from "@aumai/connectorguard";
import { createConnectionAttempt } from "@aumai/connectorguard/adapter-kit";
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

/** Thrown inside the guarded run for an `isError` result, so it is audited as a tool error. */
class ToolReportedError extends Error {
  constructor(readonly result: McpCallToolResult) {
    super(errorText(result));
    this.name = "ToolError";
  }
}

/**
 * The one place this package hands a tool call to the guard. Decides `attempt`; when allowed,
 * runs `call` and records its outcome; the output check sees the result's
 * `structuredContent` (what an MCP `outputSchema` describes), not the whole
 * `CallToolResult`; a result with `isError: true` is recorded as an error of the tool and
 * returned as it is. `unidentified`, when given, denies the call at `"identity"` with that
 * reason and audits it without asking the pipeline (an attempt with no agent and no token).
 * Errors of `call` itself (a protocol error, a timeout) are recorded and rethrown.
 *
 * @example
 * const outcome = await callThroughGuard(guard, attempt, () => client.callTool(params));
 * if (outcome.outcome === "denied") return denialToolResult(outcome.denial);
 */
export async function callThroughGuard(
  guard: Guard,
  attempt: ConnectionAttemptInit,
  call: () => Promise<McpCallToolResult>,
  unidentified?: string,
): Promise<GuardedToolCall> {
  if (unidentified !== undefined) return denyUnidentified(guard, attempt, unidentified);
  let result: McpCallToolResult | undefined;
  try {
    await guard.execute(attempt, async () => {
      result = await call();
      if (result.isError === true) throw new ToolReportedError(result);
      return result.structuredContent;
    });
  } catch (error) {
    if (error instanceof ToolReportedError) return { outcome: "ran", result: error.result };
    if (result === undefined && InterceptorError.isInstance(error)) {
      const { check, reason, retryAfterMs } = error.result;
      const denial: McpToolDenial = {
        denied: true,
        connectorName: error.connectorName,
        check: check ?? "registry",
        reason,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      };
      return { outcome: "denied", denial, error };
    }
    if (result !== undefined && OutputValidationError.isInstance(error)) {
      const denial: McpToolDenial = {
        denied: true,
        connectorName: error.connectorName,
        check: "output",
        reason: error.message,
      };
      return { outcome: "denied", denial, error };
    }
    throw error;
  }
  return { outcome: "ran", result: result as McpCallToolResult };
}

/**
 * Today's core has no identity check; until it does, an unidentified call is denied here and
 * recorded as the guard records a denial (redacted, through its sinks) with check
 * `"permission"`, since without an identity no permission can be held.
 */
async function denyUnidentified(
  guard: Guard,
  init: ConnectionAttemptInit,
  reason: string,
): Promise<GuardedToolCall> {
  const timestamp = new Date();
  const result: ConnectionResult = { allowed: false, check: "permission", reason, latencyMs: 0 };
  const interceptor = guard.interceptor;
  let attempt = createConnectionAttempt(init, timestamp);
  if (interceptor.redactor !== undefined) attempt = interceptor.redactor.redactAttempt(attempt);
  try {
    await interceptor.auditLog.append({ connectionAttempt: attempt, result, timestamp });
  } catch (error) {
    process.stderr.write(
      `connectorguard: AUDIT ENTRY NOT STORED for '${attempt.connectorName}' (unidentified, denied): ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  const denial: McpToolDenial = {
    denied: true,
    connectorName: attempt.connectorName,
    check: "identity",
    reason,
  };
  return { outcome: "denied", denial, error: new InterceptorError(attempt.connectorName, result) };
}

function errorText(result: McpCallToolResult): string {
  const texts = (result.content ?? [])
    .filter((block) => block.type === "text" && typeof block.text === "string")
    .map((block) => block.text as string);
  const text = texts.join(" ").trim();
  return text === "" ? "the tool reported an error (isError: true)" : text.slice(0, 500);
}
