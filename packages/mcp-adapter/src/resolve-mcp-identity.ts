import { createGuard, type Guard, InvalidOptionError, isGuard } from "@aumai/connectorguard";
import { describeValue } from "./describe-value.js";
import type { GuardMcpClientConfig, McpCallContext } from "./guard-mcp-client-config.js";
import type { McpIdentity } from "./may-call.js";

/** The checked form of a {@link GuardMcpClientConfig}. */
export interface ResolvedMcpConfig {
  readonly guard: Guard;
  readonly identityOf: (call: McpCallContext) => Promise<McpIdentity>;
  readonly connectorNameOf: (toolName: string) => string;
  readonly onDenied: "tool-error" | "throw";
  readonly filterTools: boolean;
  readonly denyUnidentified: boolean;
}

/**
 * Checks `guardMcpClient`'s options and builds what it needs: the guard (made from its
 * configuration when one is given), the identity of a call and the connector mapping. A bad
 * option throws `InvalidOptionError` naming it.
 *
 * @example
 * const { guard, identityOf } = resolveMcpConfig({ guard: config, agentId: "bot" }, "guardMcpClient");
 */
export function resolveMcpConfig(config: GuardMcpClientConfig, owner: string): ResolvedMcpConfig {
  if (typeof config !== "object" || config === null) {
    throw new InvalidOptionError(`${owner} needs a configuration object with a guard`);
  }
  if (typeof config.guard !== "object" || config.guard === null) {
    throw new InvalidOptionError(
      `${owner}: guard must be a Guard from createGuard, or the configuration createGuard takes`,
    );
  }
  const { agentId, resolveAgentId, resolveCapabilityToken, connectorName } = config;
  if (agentId !== undefined && resolveAgentId !== undefined) {
    throw new InvalidOptionError(`${owner}: give either agentId or resolveAgentId, not both`);
  }
  if (agentId !== undefined && (typeof agentId !== "string" || agentId === "")) {
    throw new InvalidOptionError(
      `${owner}: agentId must be a non-empty string (got ${describeValue(agentId)})`,
    );
  }
  for (const [name, value] of Object.entries({
    resolveAgentId,
    resolveCapabilityToken,
    connectorName,
  })) {
    if (value !== undefined && typeof value !== "function") {
      throw new InvalidOptionError(`${owner}: ${name} must be a function (got ${typeof value})`);
    }
  }
  const onDenied = config.onDenied ?? "tool-error";
  if (onDenied !== "tool-error" && onDenied !== "throw") {
    throw new InvalidOptionError(
      `${owner}: onDenied must be "tool-error" or "throw" (got ${describeValue(config.onDenied)})`,
    );
  }
  const unidentified = config.unidentified ?? "deny";
  if (unidentified !== "deny" && unidentified !== "allow") {
    throw new InvalidOptionError(
      `${owner}: unidentified must be "deny" or "allow" (got ${describeValue(config.unidentified)})`,
    );
  }
  const guard = isGuard(config.guard) ? config.guard : createGuard(config.guard);
  return {
    guard,
    onDenied,
    filterTools: config.filterTools === true,
    denyUnidentified: unidentified === "deny",
    connectorNameOf: (toolName) => {
      if (connectorName === undefined) return toolName;
      const mapped: unknown = connectorName(toolName);
      if (typeof mapped !== "string" || mapped === "") {
        throw new InvalidOptionError(
          `${owner}: connectorName('${toolName}') returned ${describeValue(mapped)}; expected a non-empty string`,
        );
      }
      return mapped;
    },
    identityOf: async (call) => {
      const agent = agentId ?? (await resolveAgentId?.(call));
      const token = await resolveCapabilityToken?.(call);
      for (const [name, value] of [
        ["resolveAgentId", agent],
        ["resolveCapabilityToken", token],
      ] as const) {
        if (value !== undefined && (typeof value !== "string" || value === "")) {
          throw new InvalidOptionError(
            `${owner}: ${name} returned ${describeValue(value)} for tool '${call.toolName}'; expected a non-empty string or undefined`,
          );
        }
      }
      return {
        ...(agent === undefined ? {} : { agentId: agent }),
        ...(token === undefined ? {} : { capabilityToken: token }),
      };
    },
  };
}
