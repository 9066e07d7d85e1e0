import type { Guard, GuardConfig } from "@aumai/connectorguard";

/**
 * What a denied call gives the caller of `callTool`. The request never leaves either way.
 *
 * - `"tool-error"` (default): a `CallToolResult` with `isError: true` and the reason as text,
 *   as MCP reports a tool that failed; the model reads it and can adapt. The denial's details
 *   are in `_meta` (see `toolCallDenialOf`).
 * - `"throw"`: `callTool` rejects with the core's `InterceptorError` (or
 *   `OutputValidationError` for a result withheld by `outputCheck: "enforce"`).
 */
export type McpDeniedCallBehaviour = "tool-error" | "throw";

/** What an identity resolver is told about the call (never its arguments). */
export interface McpCallContext {
  /** The tool's name on the server. */
  readonly toolName: string;
  /** The connector the call is decided against. */
  readonly connectorName: string;
}

/**
 * Reads the calling agent's id, e.g. from an `AsyncLocalStorage` of the request being served.
 * Return `undefined` when there is none: the call is then denied (see `unidentified`).
 */
export type McpAgentIdResolver = (
  call: McpCallContext,
) => string | undefined | PromiseLike<string | undefined>;

/** Reads the call's capability token (a signed JWT the guard verifies); `undefined` for none. */
export type McpCapabilityTokenResolver = (
  call: McpCallContext,
) => string | undefined | PromiseLike<string | undefined>;

/**
 * The configuration of `guardMcpClient` (the shape every ConnectorGuard adapter takes).
 *
 * @example
 * const config: GuardMcpClientConfig = { guard, agentId: "research-bot", filterTools: true };
 */
export interface GuardMcpClientConfig {
  /** A guard from `createGuard`, or the configuration to build one. */
  readonly guard: Guard | GuardConfig;
  /** Fixes the calling agent for every call. Give this or `resolveAgentId`, not both. */
  readonly agentId?: string;
  /** Reads the agent per call. The tool's arguments are never consulted. */
  readonly resolveAgentId?: McpAgentIdResolver;
  /** Reads the call's capability token; a verified token's `sub` is the agent. */
  readonly resolveCapabilityToken?: McpCapabilityTokenResolver;
  /** Maps a tool name to its connector name. Default: the name itself. */
  readonly connectorName?: (toolName: string) => string;
  /** What a denied call returns; see {@link McpDeniedCallBehaviour}. Default `"tool-error"`. */
  readonly onDenied?: McpDeniedCallBehaviour;
  /** `listTools` shows only the tools the identity may call. Default false. */
  readonly filterTools?: boolean;
  /**
   * A call with neither an agent id nor a capability token: `"deny"` (default; a missing
   * identity is a wiring mistake, and the denial says how to pass one) or `"allow"` (decided as
   * the core's default agent, `"unknown"`).
   */
  readonly unidentified?: "deny" | "allow";
}
