import type { Guard, GuardConfig } from "@aumai/connectorguard";
import type { RunnableConfig } from "@langchain/core/runnables";

/**
 * What a denied call turns into: `"tool-error"` (the default) hands the model an error `ToolMessage` carrying the
 * reason, so the agent loop goes on; `"throw"` throws the core's `InterceptorError`.
 */
export type DeniedCallBehaviour = "tool-error" | "throw";

/**
 * The run a tool call belongs to, as `resolveAgentId` sees it: the run's `RunnableConfig`
 * (`configurable`, `metadata`, `tags`…) and, in a LangGraph or `createAgent` run, the
 * read-only `context` the run was started with.
 */
export type RunContext = RunnableConfig & { readonly context?: unknown };

/**
 * Options of `guardTools` and `connectorGuardMiddleware` (the shape every ConnectorGuard
 * adapter takes).
 *
 * @example
 * const options: LangChainGuardOptions = {
 *   guard, // a Guard from createGuard, or the configuration createGuard takes
 *   resolveAgentId: (run) => (run.context as { userRole?: string } | undefined)?.userRole,
 *   resolveCapabilityToken: (run) => (run.context as { token?: string } | undefined)?.token,
 *   connectorName: (toolName) => `support.${toolName}`,
 *   onDenied: "tool-error",
 * };
 */
export interface LangChainGuardOptions {
  /** A guard made by `createGuard`, or the configuration to make one. */
  readonly guard: Guard | GuardConfig;
  /**
   * A fixed agent identity for every call. Give this or `resolveAgentId`, not both. With
   * neither, the id is read from `configurable.agentId`, then `metadata.agentId`.
   */
  readonly agentId?: string;
  /**
   * Reads the agent identity from the run, never from the model's arguments. Returning
   * `undefined` leaves the core's default agent `"unknown"`, which holds no permissions.
   */
  readonly resolveAgentId?: (run: RunContext) => string | undefined;
  /**
   * Reads the call's capability token (a signed JWT, verified by the guard) from the run,
   * never from the model's arguments. Default: `configurable.capabilityToken`, then
   * `metadata.capabilityToken`. A verified token's `sub` is the agent, whatever `agentId` says.
   */
  readonly resolveCapabilityToken?: (run: RunContext) => string | undefined;
  /** Maps a tool name to its connector name (default: the tool name itself). */
  readonly connectorName?: (toolName: string) => string;
  /**
   * A call whose context names no agent and carries no capability token: `"deny"` (the
   * default — a missing identity is a wiring mistake; the denial says how to pass one) or
   * `"allow"` (run it as the agent `"unknown"`, which holds no permissions).
   */
  readonly unidentified?: "deny" | "allow";
  /** What a denied call turns into (default `"tool-error"`). */
  readonly onDenied?: DeniedCallBehaviour;
}
