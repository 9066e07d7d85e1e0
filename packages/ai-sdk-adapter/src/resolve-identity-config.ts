import type { Guard } from "@aumai/connectorguard";
import { type AdapterOptions, resolveAdapterOptions } from "@aumai/connectorguard/adapter-kit";
import { agentIdFromContext } from "./agent-id-from-context.js";
import { capabilityTokenFromContext } from "./capability-token-from-context.js";
import {
  type AgentResolutionDetails,
  type GuardToolsConfig,
  ON_DENIED_VALUES,
  type OnDenied,
} from "./guard-tools-config.js";

/** Resolves the agent of one call; synchronous unless the user's resolver is not. */
export type ResolveAgent = (
  context: unknown,
  details: AgentResolutionDetails,
) => string | undefined | Promise<string | undefined>;

/**
 * Finds one call's capability token. Whatever is found is passed on as it is: the guard, not
 * the adapter, judges a token (a malformed one is denied and audited).
 */
export type ResolveToken = (context: unknown, details: AgentResolutionDetails) => unknown;

/** Where the defaults look for the agent and its token. */
export interface IdentityFallbacks {
  readonly agent?: (context: unknown, details: AgentResolutionDetails) => unknown;
  readonly token?: ResolveToken;
}

/** The checked, ready-to-use form of a {@link GuardToolsConfig}. */
export interface ResolvedIdentityConfig {
  readonly guard: Guard;
  readonly onDenied: OnDenied;
  readonly identityRequired: boolean;
  readonly resolveAgent: ResolveAgent;
  readonly resolveToken: ResolveToken;
  /** The connector of a tool key; throws `InvalidOptionError` for a bad mapping. */
  readonly connectorNameOf: (toolName: string) => string;
}

/**
 * The AI SDK's side of the core's adapter kit: the options {@link guardTools} and
 * {@link connectorGuardApproval} share, checked by `resolveAdapterOptions` with the SDK's
 * defaults — the agent and token read from the call's context (`agentId`,
 * `capabilityToken`), or from where `fallbacks` say.
 *
 * @example
 * const { guard, connectorNameOf } = resolveIdentityConfig({ guard: guardConfig }, "guardTools");
 */
export function resolveIdentityConfig(
  config: GuardToolsConfig,
  owner: string,
  fallbacks: IdentityFallbacks = {},
): ResolvedIdentityConfig {
  const resolved = resolveAdapterOptions(
    config as AdapterOptions<unknown, AgentResolutionDetails, OnDenied>,
    {
      owner,
      onDeniedValues: ON_DENIED_VALUES,
      agentFromContext: fallbacks.agent ?? agentIdFromContext,
      agentFromContextLabel: "the call context's agentId",
      tokenFromContext: fallbacks.token ?? capabilityTokenFromContext,
    },
  );
  return {
    guard: resolved.guard,
    onDenied: resolved.onDenied,
    identityRequired: resolved.identityRequired,
    resolveAgent: resolved.agentOf,
    resolveToken: resolved.tokenOf,
    connectorNameOf: resolved.connectorNameOf,
  };
}
