import { agentIdFromContext } from "./agent-id-from-context.js";
import type { GuardIdentityConfig } from "./guard-tools-config.js";
import { resolveIdentityConfig } from "./resolve-identity-config.js";

/** What the AI SDK 7 hands a generic `toolApproval` function, as far as the guard reads it. */
export interface ToolApprovalRequest {
  readonly toolCall: {
    readonly toolName: string;
    readonly toolCallId: string;
    readonly input: unknown;
  };
  /** Every tool's context, keyed by tool name (the call's `toolsContext`). */
  readonly toolsContext?: unknown;
  /** The generation's shared `runtimeContext`. */
  readonly runtimeContext?: unknown;
}

/** The SDK's own approval statuses the guard answers with. */
export type ToolApprovalDecision = { type: "denied"; reason: string } | { type: "not-applicable" };

/** A `toolApproval` function for `generateText`, `streamText` and `ToolLoopAgent` (AI SDK 7). */
export type ConnectorGuardApproval = (
  request: ToolApprovalRequest,
) => Promise<ToolApprovalDecision>;

/**
 * A `toolApproval` policy for AI SDK 7: each tool call is decided by the guard before the SDK
 * runs it. A denial is the SDK's own `denied` status with the guard's reason, so it shows in
 * the SDK's approval flow and UI, and the model reads the reason; an allowed call is
 * `not-applicable` and runs as usual. Every decision is recorded in the audit log (without
 * the call's outcome: the policy does not run the tool).
 *
 * The agent is `config.agentId`, or `config.resolveAgentId(toolContext, { runtimeContext, … })`,
 * or by default `agentId` from the tool's `toolsContext` entry, then from `runtimeContext`.
 * Do not also wrap the same tools with `guardTools`: each call would be decided, counted
 * against its rate limit, and audited twice.
 *
 * @example
 * const agent = new ToolLoopAgent({
 *   model,
 *   tools,
 *   runtimeContext: { agentId: "research-bot" },
 *   toolApproval: connectorGuardApproval({ guard }),
 * });
 */
export function connectorGuardApproval(config: GuardIdentityConfig): ConnectorGuardApproval {
  const { guard, resolveAgent, connectorNameOf } = resolveIdentityConfig(
    config,
    "connectorGuardApproval",
    (toolContext, details) =>
      agentIdFromContext(toolContext) ?? agentIdFromContext(details.runtimeContext),
  );
  return async function connectorGuardToolApproval({ toolCall, toolsContext, runtimeContext }) {
    const { toolName, toolCallId, input } = toolCall;
    let sourceAgent: string | undefined;
    let connectorName: string;
    try {
      connectorName = connectorNameOf(toolName);
      sourceAgent = await resolveAgent(ownEntry(toolsContext, toolName), {
        toolName,
        toolCallId,
        runtimeContext,
      });
    } catch (error) {
      // A policy that cannot decide must not let the call through, nor abort the run.
      const message = error instanceof Error ? error.message : String(error);
      return { type: "denied", reason: `connectorguard could not decide: ${message}` };
    }
    const result = await guard.check({ connectorName, sourceAgent, inputData: input });
    return result.allowed ? { type: "not-applicable" } : { type: "denied", reason: result.reason };
  };
}

// Tool names can come from the client, so only own entries count (not `constructor`, …).
function ownEntry(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null && Object.hasOwn(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined;
}
