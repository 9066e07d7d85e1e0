import type { ConnectionAttemptInit } from "@aumai/connectorguard";
import { ToolDefinitionHashCache } from "@aumai/connectorguard/adapter-kit";
import { agentIdFromContext } from "./agent-id-from-context.js";
import { capabilityTokenFromContext } from "./capability-token-from-context.js";
import type { GuardIdentityConfig } from "./guard-tools-config.js";
import { resolveIdentityConfig } from "./resolve-identity-config.js";
import { type PinnableTool, toolDefinitionOf } from "./tool-definition-hash-of.js";

/** What the AI SDK 7 hands a generic `toolApproval` function, as far as the guard reads it. */
export interface ToolApprovalRequest {
  readonly toolCall: {
    readonly toolName: string;
    readonly toolCallId: string;
    readonly input: unknown;
  };
  /** The tools the model may call, keyed by name; the called one's definition is hashed. */
  readonly tools?: unknown;
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
 * or by default `agentId` from the tool's `toolsContext` entry, then from `runtimeContext`;
 * the capability token is found the same way (`capabilityToken`). The called tool's
 * definition hash (see `toolPin`) is computed once per tool object and checked against the
 * connector's `pin`.
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
  const { guard, resolveAgent, resolveToken, connectorNameOf } = resolveIdentityConfig(
    config,
    "connectorGuardApproval",
    {
      agent: (toolContext, details) =>
        agentIdFromContext(toolContext) ?? agentIdFromContext(details.runtimeContext),
      token: (toolContext, details) =>
        capabilityTokenFromContext(toolContext) ??
        capabilityTokenFromContext(details.runtimeContext),
    },
  );
  const hashes = new ToolDefinitionHashCache<PinnableTool>(toolDefinitionOf);
  const hashOf = (tool: unknown): string | Promise<string> | undefined =>
    typeof tool === "object" && tool !== null ? hashes.hashOf(tool as PinnableTool) : undefined;
  return async function connectorGuardToolApproval({
    toolCall,
    tools,
    toolsContext,
    runtimeContext,
  }) {
    const { toolName, toolCallId, input } = toolCall;
    let attempt: ConnectionAttemptInit;
    try {
      const toolContext = ownEntry(toolsContext, toolName);
      const details = { toolName, toolCallId, runtimeContext };
      const [sourceAgent, capabilityToken, toolDefinitionHash] = await Promise.all([
        resolveAgent(toolContext, details),
        resolveToken(toolContext, details),
        hashOf(ownEntry(tools, toolName)),
      ]);
      attempt = {
        connectorName: connectorNameOf(toolName),
        sourceAgent,
        inputData: input,
        capabilityToken: capabilityToken as string | undefined,
        toolDefinitionHash,
      };
    } catch (error) {
      // A policy that cannot decide must not let the call through, nor abort the run.
      const message = error instanceof Error ? error.message : String(error);
      return { type: "denied", reason: `connectorguard could not decide: ${message}` };
    }
    const result = await guard.check(attempt);
    return result.allowed ? { type: "not-applicable" } : { type: "denied", reason: result.reason };
  };
}

// Tool names can come from the client, so only own entries count (not `constructor`, …).
function ownEntry(record: unknown, key: string): unknown {
  return typeof record === "object" && record !== null && Object.hasOwn(record, key)
    ? (record as Record<string, unknown>)[key]
    : undefined;
}
