import type { Guard, GuardConfig } from "@aumai/connectorguard";

/**
 * What a guarded tool does with a denied call. The tool never runs either way.
 *
 * - `"tool-error"` (default): `execute` throws `InterceptorError`; the AI SDK turns it into a
 *   tool error whose text, the reason, the model reads in its next step, and the loop goes on.
 * - `"result"`: `execute` returns a {@link ToolCallDenial} value instead, an ordinary tool
 *   result the model reads as JSON.
 * - `"throw"`: `execute` throws `InterceptorError`. The AI SDK catches every error a tool
 *   throws, so inside `generateText` / `streamText` / `ToolLoopAgent` this is the same as
 *   `"tool-error"`; it is accepted so one configuration serves both adapters. Add
 *   `stopWhen: hasDeniedToolCall()` to end the loop at the first denial.
 */
export type OnDenied = "tool-error" | "result" | "throw";

/** Every value {@link OnDenied} accepts. */
export const ON_DENIED_VALUES: readonly [OnDenied, ...OnDenied[]] = [
  "tool-error",
  "result",
  "throw",
];

/** What an {@link AgentIdResolver} is told about the call besides its context. */
export interface AgentResolutionDetails {
  /** The tool's key in the tool set. */
  readonly toolName: string;
  /** The SDK's id of this tool call. */
  readonly toolCallId: string;
  /**
   * The generation's `runtimeContext` (AI SDK 7), given to approval policies only: the SDK
   * does not pass it to a tool's `execute`.
   */
  readonly runtimeContext?: unknown;
}

/**
 * Reads the calling agent's id from the call's context: `experimental_context` in AI SDK 6,
 * the tool's own `context` (its `toolsContext` entry) in AI SDK 7. Return `undefined` when
 * there is none; the core's default agent `"unknown"` then applies.
 *
 * @example
 * const resolveAgentId: AgentIdResolver = (context) =>
 *   (context as { session?: { userId?: string } } | undefined)?.session?.userId;
 */
export type AgentIdResolver = (
  context: unknown,
  details: AgentResolutionDetails,
) => string | undefined | PromiseLike<string | undefined>;

/**
 * Reads the call's capability token (a signed JWT the guard verifies) from the call's context,
 * the same context an {@link AgentIdResolver} gets. Return `undefined` when there is none.
 *
 * @example
 * const resolveCapabilityToken: CapabilityTokenResolver = (context) =>
 *   (context as { session?: { jwt?: string } } | undefined)?.session?.jwt;
 */
export type CapabilityTokenResolver = (
  context: unknown,
  details: AgentResolutionDetails,
) => string | undefined | PromiseLike<string | undefined>;

/**
 * Who the calls belong to, how a tool maps to a connector, and which guard decides. Shared by
 * {@link guardTools} and {@link connectorGuardApproval}.
 *
 * @example
 * const identity: GuardIdentityConfig = { guard, resolveAgentId: (context) => readTenant(context) };
 */
export interface GuardIdentityConfig {
  /** A guard from `createGuard`, or the configuration to build one. */
  readonly guard: Guard | GuardConfig;
  /** Fixes the calling agent's id for every call. Give this or `resolveAgentId`, not both. */
  readonly agentId?: string;
  /**
   * A call whose context names no agent and carries no capability token: `"deny"` (the
   * default — a missing identity is a wiring mistake; the denial says how to pass one) or
   * `"allow"` (run it as the agent `"unknown"`, which holds no permissions).
   */
  readonly unidentified?: "deny" | "allow";
  /**
   * Reads the agent's id from the call's context. Default: the context's `agentId` property.
   * The model's arguments are never consulted.
   */
  readonly resolveAgentId?: AgentIdResolver;
  /**
   * Reads the call's capability token from its context. Default: the context's
   * `capabilityToken` property. A verified token's `sub` is the agent, whatever `agentId` says.
   */
  readonly resolveCapabilityToken?: CapabilityTokenResolver;
  /** Maps a tool's key to its connector's name. Default: the key itself. */
  readonly connectorName?: (toolName: string) => string;
}

/**
 * The configuration of {@link guardTools}.
 *
 * @example
 * const config: GuardToolsConfig = { guard, agentId: "research-bot", onDenied: "result" };
 */
export interface GuardToolsConfig extends GuardIdentityConfig {
  /** What a denied call returns to the SDK; see {@link OnDenied}. Default `"tool-error"`. */
  readonly onDenied?: OnDenied;
}
