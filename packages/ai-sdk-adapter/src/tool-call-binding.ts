import type { Guard } from "@aumai/connectorguard";
import type { ResolveAgent } from "./create-agent-id-resolver.js";
import type { OnDenied } from "./guard-tools-config.js";

/** Everything a guarded `execute` needs to know about its tool, fixed when it is wrapped. */
export interface ToolCallBinding {
  readonly guard: Guard;
  readonly toolName: string;
  readonly connectorName: string;
  readonly resolveAgent: ResolveAgent;
  readonly onDenied: OnDenied;
}

/** The part of the SDK's execution options the guard reads (AI SDK 6 and 7 shapes). */
export interface ExecutionOptionsLike {
  readonly toolCallId?: string;
  /** AI SDK 7: the tool's own context, from its `toolsContext` entry. */
  readonly context?: unknown;
  /** AI SDK 6: the generation's `experimental_context`. */
  readonly experimental_context?: unknown;
}

/** A tool's `execute`, as the guard sees it. */
export type ExecuteFunction = (input: unknown, options: ExecutionOptionsLike) => unknown;

/**
 * The agent of one call, resolved from the call's context (never from the model's input).
 *
 * @example
 * const agent = await resolveCallAgent(binding, { toolCallId: "c1", context: { agentId: "bot" } });
 */
export function resolveCallAgent(
  binding: ToolCallBinding,
  options: ExecutionOptionsLike | undefined,
): string | undefined | Promise<string | undefined> {
  const context = options?.context ?? options?.experimental_context;
  return binding.resolveAgent(context, {
    toolName: binding.toolName,
    toolCallId: options?.toolCallId ?? "",
  });
}
