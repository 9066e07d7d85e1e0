import type { Guard, GuardConfig } from "../guard/create-guard.js";

/**
 * Reads something about one call from the framework's call context (a LangChain run, an AI
 * SDK tool context, an MCP request): the calling agent, or its capability token.
 */
export type ContextReader<Context, Details> = (
  context: Context,
  details: Details,
) => string | undefined | PromiseLike<string | undefined>;

/**
 * The options every adapter takes, whatever its framework: the guard (or the configuration to
 * build one), where the agent's identity comes from, how a tool maps to its connector, and
 * what a denial becomes.
 */
export interface AdapterOptions<Context, Details, OnDenied extends string> {
  /** A guard from `createGuard`, or the configuration to build one. */
  readonly guard: Guard | GuardConfig;
  /** A fixed identity for every call. Give this or `resolveAgentId`, not both. */
  readonly agentId?: string;
  /** Reads the calling agent from the call's context; `undefined` when there is none. */
  readonly resolveAgentId?: ContextReader<Context, Details>;
  /** Reads the call's capability token (a compact JWT) from its context. */
  readonly resolveCapabilityToken?: ContextReader<Context, Details>;
  /** Maps a tool's name to its connector's (default: the same name). */
  readonly connectorName?: (toolName: string) => string;
  /** What a denial becomes; the values depend on the framework. */
  readonly onDenied?: OnDenied;
  /**
   * A call whose context names no agent and carries no token: `"deny"` (the default: here a
   * missing identity is a wiring mistake) or `"allow"` (run it as the agent `"unknown"`).
   */
  readonly unidentified?: "deny" | "allow";
}
