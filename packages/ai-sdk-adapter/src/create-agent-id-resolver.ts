import { InvalidOptionError } from "@aumai/connectorguard";
import { agentIdFromContext } from "./agent-id-from-context.js";
import type { AgentResolutionDetails, GuardIdentityConfig } from "./guard-tools-config.js";

/** Resolves the agent of one call; synchronous unless the user's resolver is not. */
export type ResolveAgent = (
  context: unknown,
  details: AgentResolutionDetails,
) => string | undefined | Promise<string | undefined>;

/**
 * Turns the identity options into one resolver: the fixed `agentId`, else the user's
 * `resolveAgentId` (its answer checked), else {@link agentIdFromContext}. `owner` names the
 * function being configured in error messages.
 *
 * @example
 * const resolve = createAgentIdResolver({ guard, agentId: "bot" }, "guardTools");
 * resolve(undefined, { toolName: "search", toolCallId: "call-1" }); // "bot"
 */
export function createAgentIdResolver(
  config: Pick<GuardIdentityConfig, "agentId" | "resolveAgentId">,
  owner: string,
  fallback: (context: unknown, details: AgentResolutionDetails) => string | undefined = (context) =>
    agentIdFromContext(context),
): ResolveAgent {
  const { agentId, resolveAgentId } = config;
  if (agentId !== undefined && resolveAgentId !== undefined) {
    throw new InvalidOptionError(
      `${owner}: give either agentId (a fixed identity) or resolveAgentId, not both`,
    );
  }
  if (agentId !== undefined) {
    if (typeof agentId !== "string" || agentId === "") {
      throw new InvalidOptionError(
        `${owner}: agentId must be a non-empty string (got ${JSON.stringify(agentId)})`,
      );
    }
    return () => agentId;
  }
  if (resolveAgentId === undefined) return fallback;
  if (typeof resolveAgentId !== "function") {
    throw new InvalidOptionError(
      `${owner}: resolveAgentId must be a function (got ${typeof resolveAgentId})`,
    );
  }
  return (context, details) => {
    const resolved = resolveAgentId(context, details);
    return typeof resolved === "object" && resolved !== null
      ? Promise.resolve(resolved).then((value) => checkedAgentId(value, owner, details))
      : checkedAgentId(resolved, owner, details);
  };
}

function checkedAgentId(
  value: unknown,
  owner: string,
  details: AgentResolutionDetails,
): string | undefined {
  if (value === undefined || (typeof value === "string" && value !== "")) return value;
  // Failing here keeps the tool from running under an identity nobody meant.
  throw new InvalidOptionError(
    `${owner}: resolveAgentId returned ${JSON.stringify(value)} for tool '${details.toolName}'; expected a non-empty string or undefined`,
  );
}
