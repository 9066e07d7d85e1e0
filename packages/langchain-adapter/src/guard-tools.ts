import { InvalidOptionError } from "@aumai/connectorguard";
import { describeValue } from "@aumai/connectorguard/adapter-kit";
import { resolveGuardSettings } from "./guard-settings.js";
import { createGuardedTool } from "./guarded-tool.js";
import type { LangChainGuardOptions } from "./langchain-guard-options.js";

/**
 * Puts the guard in front of LangChain tools — `tool(...)` tools, `DynamicStructuredTool`,
 * `DynamicTool`, `StructuredTool` subclasses. Each returned tool has the same name,
 * description and schema (what `bindTools` sends to a model does not change) and the same
 * types; every invocation is decided by the guard and recorded in its audit log.
 *
 * - Allowed: the tool runs as it would unguarded; an error it throws reaches LangChain
 *   unchanged and is audited with the call.
 * - Denied: the tool does not run. Invoked with a tool call (as agents do), it returns an error
 *   `ToolMessage` carrying the reason, so the model can adapt; with `onDenied: "throw"`, or
 *   when invoked with plain arguments, it throws `InterceptorError`.
 * - Result withheld (`outputCheck: "enforce"` and a result that breaks the connector's
 *   `outputSchema`): handled like a denial, with `OutputValidationError` in place of
 *   `InterceptorError`. The check sees the tool's own return value, not LangChain's message.
 *
 * The identity comes from `options.agentId`, `options.resolveAgentId(run)`, or by default the
 * run's `configurable.agentId`, then `metadata.agentId` — never from the model's arguments.
 * With none, the core's default agent `"unknown"` applies, which holds no permissions. A
 * capability token comes from the same places (`capabilityToken`, or
 * `options.resolveCapabilityToken`); once verified, its `sub` is the agent. Each tool's
 * definition hash (`toolPin`) is computed here, once, and checked against its connector's `pin`.
 *
 * @example
 * const guard = createGuard({
 *   connectors: connectorsFromTools([lookupOrder, refundPayment], {
 *     overrides: { refund_payment: { requiredPermissions: ["payments:write"] } },
 *   }),
 *   agents: { "support-bot": { permissions: [] } },
 * });
 * const agent = createAgent({ model, tools: guardTools([lookupOrder, refundPayment], { guard }) });
 * await agent.invoke({ messages }, { configurable: { agentId: "support-bot" } });
 */
export function guardTools<const Tools extends readonly GuardableTool[]>(
  tools: Tools,
  options: LangChainGuardOptions,
): GuardedTools<Tools> {
  if (!Array.isArray(tools)) {
    throw new InvalidOptionError(
      `guardTools: tools must be an array of LangChain tools (got ${describeValue(tools)})`,
    );
  }
  const settings = resolveGuardSettings(options, "guardTools");
  return tools.map((tool: GuardableTool, index) =>
    createGuardedTool(tool, settings, `guardTools: tools[${index}]`),
  ) as unknown as GuardedTools<Tools>;
}

/**
 * What `guardTools` accepts: any tool LangChain can invoke — `tool(...)` tools, `StructuredTool`
 * and `DynamicTool` instances and subclasses, runnables turned tools — whatever its schema type.
 */
export interface GuardableTool {
  readonly name: string;
  invoke(input: never, config?: never): Promise<unknown>;
}

/**
 * The tools `guardTools` returns: the same types in the same order, as a mutable array, which
 * is what `createAgent` takes.
 */
export type GuardedTools<Tools extends readonly GuardableTool[]> = {
  -readonly [Index in keyof Tools]: Tools[Index];
};
