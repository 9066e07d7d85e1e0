import type { ConnectionAttemptInit, Guard } from "@aumai/connectorguard";
import { isPromiseLike } from "@aumai/connectorguard/adapter-kit";
import type { OnDenied } from "./guard-tools-config.js";
import type { ResolveAgent, ResolveToken } from "./resolve-identity-config.js";

/** Everything a guarded `execute` needs to know about its tool, fixed when it is wrapped. */
export interface ToolCallBinding {
  readonly guard: Guard;
  readonly toolName: string;
  readonly connectorName: string;
  readonly resolveAgent: ResolveAgent;
  readonly resolveToken: ResolveToken;
  /** The tool's definition hash, computed once when it was wrapped (a promise for a lazy schema). */
  readonly toolDefinitionHash: string | Promise<string>;
  readonly onDenied: OnDenied;
  /** Unidentified calls are denied by the guard (the kit's `unidentified: "deny"`). */
  readonly identityRequired: boolean;
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
 * The attempt of one call: the agent and the capability token resolved from the call's
 * context (never from the model's input), the tool's definition hash, the model's input.
 * Synchronous unless a resolver or the hash is not.
 *
 * @example
 * const attempt = await attemptFor(binding, { query: "solar" }, { toolCallId: "c1", context: { agentId: "bot" } });
 */
export function attemptFor(
  binding: ToolCallBinding,
  input: unknown,
  options: ExecutionOptionsLike | undefined,
): ConnectionAttemptInit | Promise<ConnectionAttemptInit> {
  const context = options?.context ?? options?.experimental_context;
  const details = { toolName: binding.toolName, toolCallId: options?.toolCallId ?? "" };
  const sourceAgent = binding.resolveAgent(context, details);
  const capabilityToken = binding.resolveToken(context, details);
  const toolDefinitionHash = binding.toolDefinitionHash;
  const attempt = (agent: unknown, token: unknown, hash: unknown): ConnectionAttemptInit => ({
    connectorName: binding.connectorName,
    identityRequired: binding.identityRequired,
    sourceAgent: agent as string | undefined,
    inputData: input,
    capabilityToken: token as string | undefined,
    toolDefinitionHash: hash as string,
  });
  if (
    isPromiseLike(sourceAgent) ||
    isPromiseLike(capabilityToken) ||
    isPromiseLike(toolDefinitionHash)
  ) {
    return Promise.all([sourceAgent, capabilityToken, toolDefinitionHash]).then(
      ([agent, token, hash]) => attempt(agent, token, hash),
    );
  }
  return attempt(sourceAgent, capabilityToken, toolDefinitionHash);
}
