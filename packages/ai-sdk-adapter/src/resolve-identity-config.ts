import { createGuard, type Guard, InvalidOptionError, isGuard } from "@aumai/connectorguard";
import { capabilityTokenFromContext } from "./capability-token-from-context.js";
import { createAgentIdResolver, type ResolveAgent } from "./create-agent-id-resolver.js";
import type { AgentResolutionDetails, GuardIdentityConfig } from "./guard-tools-config.js";

/**
 * Finds one call's capability token. Whatever is found is passed on as it is: the guard, not
 * the adapter, judges a token (a malformed one is denied and audited).
 */
export type ResolveToken = (
  context: unknown,
  details: AgentResolutionDetails,
) => unknown | PromiseLike<unknown>;

/** Where the defaults look for the agent and its token. */
export interface IdentityFallbacks {
  readonly agent?: (context: unknown, details: AgentResolutionDetails) => string | undefined;
  readonly token?: ResolveToken;
}

/** The checked, ready-to-use form of a {@link GuardIdentityConfig}. */
export interface ResolvedIdentityConfig {
  readonly guard: Guard;
  readonly resolveAgent: ResolveAgent;
  readonly resolveToken: ResolveToken;
  /** The connector of a tool key; throws `InvalidOptionError` for a bad mapping. */
  readonly connectorNameOf: (toolName: string) => string;
}

/**
 * Checks the options {@link guardTools} and {@link connectorGuardApproval} share and builds
 * what they need: the guard (built from its configuration when one is given), the identity
 * and token resolvers and the connector mapping. `owner` prefixes every error message;
 * `fallbacks` replace the default lookups (`context.agentId`, `context.capabilityToken`).
 *
 * @example
 * const { guard, connectorNameOf } = resolveIdentityConfig({ guard: guardConfig }, "guardTools");
 */
export function resolveIdentityConfig(
  config: GuardIdentityConfig,
  owner: string,
  fallbacks: IdentityFallbacks = {},
): ResolvedIdentityConfig {
  if (typeof config !== "object" || config === null) {
    throw new InvalidOptionError(`${owner} needs a configuration object with a guard`);
  }
  if (typeof config.guard !== "object" || config.guard === null) {
    throw new InvalidOptionError(
      `${owner}: guard must be a Guard from createGuard, or the configuration createGuard takes`,
    );
  }
  const guard = isGuard(config.guard) ? config.guard : createGuard(config.guard);
  const mapName = config.connectorName;
  if (mapName !== undefined && typeof mapName !== "function") {
    throw new InvalidOptionError(
      `${owner}: connectorName must be a function from a tool name to a connector name`,
    );
  }
  const resolveToken = config.resolveCapabilityToken;
  if (resolveToken !== undefined && typeof resolveToken !== "function") {
    throw new InvalidOptionError(
      `${owner}: resolveCapabilityToken must be a function (got ${typeof resolveToken})`,
    );
  }
  return {
    guard,
    resolveAgent: createAgentIdResolver(config, owner, fallbacks.agent),
    resolveToken: resolveToken ?? fallbacks.token ?? capabilityTokenFromContext,
    connectorNameOf: (toolName) => {
      if (mapName === undefined) return toolName;
      const connectorName: unknown = mapName(toolName);
      if (typeof connectorName !== "string" || connectorName === "") {
        throw new InvalidOptionError(
          `${owner}: connectorName('${toolName}') returned ${JSON.stringify(connectorName)}; expected a non-empty string`,
        );
      }
      return connectorName;
    },
  };
}
