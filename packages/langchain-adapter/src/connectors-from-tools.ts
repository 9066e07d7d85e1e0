import {
  type ConnectorSchema,
  InvalidOptionError,
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "@aumai/connectorguard";
import { describeValue } from "@aumai/connectorguard/adapter-kit";
import { toolInputSchema } from "./tool-input-schema.js";
import { type PinnableTool, toolPin } from "./tool-pin.js";

/** Per-tool settings of {@link connectorsFromTools}; everything but the name. */
export type ConnectorOverride = Partial<Omit<ConnectorSchema, "name">>;

/** Options of {@link connectorsFromTools}. */
export interface ConnectorDefaults {
  /** Every connector's version (default `"1.0.0"`). */
  readonly version?: string;
  /** Calls per agent per window for every connector (default: the core's, 60). */
  readonly rateLimit?: number;
  /** Permissions every connector requires (default: none). */
  readonly requiredPermissions?: readonly string[];
  /**
   * Pin every tool to its current definition (`toolPin`): once a tool's description or input
   * schema changes, its calls are denied at the `pin` check until the connector is registered
   * again. Default false.
   */
  readonly pin?: boolean;
  /** Maps a tool name to its connector name; use the same function as `guardTools`. */
  readonly connectorName?: (toolName: string) => string;
  /** Settings for single tools, keyed by tool name; they replace the defaults above. */
  readonly overrides?: Readonly<Record<string, ConnectorOverride>>;
}

/**
 * Derives a connector for each tool from the tool itself — its name, an `inputSchema` from its
 * zod or JSON Schema (see `toolInputSchema`) and, with `pin: true`, the `pin` of its current
 * definition (see `toolPin`) — so existing tools are registered in one call, then tightened
 * per tool with `overrides`. Throws a clear error for an override naming no tool, two tools on
 * one connector, or a schema that cannot become JSON Schema.
 *
 * @example
 * const guard = createGuard({
 *   connectors: connectorsFromTools([lookupOrder, refundPayment, sendEmail], {
 *     rateLimit: 30,
 *     pin: true,
 *     overrides: {
 *       refund_payment: { requiredPermissions: ["payments:write"], rateLimit: 5 },
 *       send_email: { rateLimit: 2 },
 *     },
 *   }),
 *   agents: { "support-bot": { permissions: [] } },
 * });
 */
export function connectorsFromTools(
  tools: readonly PinnableTool[],
  defaults: ConnectorDefaults = {},
): NormalizedConnectorSchema[] {
  if (!Array.isArray(tools)) {
    throw new InvalidOptionError(
      `connectorsFromTools: tools must be an array of LangChain tools (got ${describeValue(tools)})`,
    );
  }
  if (defaults.pin !== undefined && typeof defaults.pin !== "boolean") {
    throw new InvalidOptionError(
      `connectorsFromTools: pin must be true or false (got ${describeValue(defaults.pin)})`,
    );
  }
  const overrides = defaults.overrides ?? {};
  const toolNames = tools.map((tool, index) => {
    if (typeof tool?.name !== "string" || tool.name.trim() === "") {
      throw new InvalidOptionError(`connectorsFromTools: tools[${index}] has no name`);
    }
    return tool.name;
  });
  for (const [toolName, override] of Object.entries(overrides)) {
    if (!toolNames.includes(toolName)) {
      throw new InvalidOptionError(
        `connectorsFromTools: overrides.${toolName} names no tool (tools: ${toolNames.join(", ")})`,
      );
    }
    if (typeof override !== "object" || override === null || "name" in override) {
      throw new InvalidOptionError(
        `connectorsFromTools: overrides.${toolName} must be an object of connector fields other than 'name' (rename with connectorName)`,
      );
    }
  }

  const toolOfConnector = new Map<string, string>();
  return tools.map((tool) => {
    const name =
      defaults.connectorName === undefined ? tool.name : defaults.connectorName(tool.name);
    const earlier = toolOfConnector.get(name);
    if (earlier !== undefined) {
      throw new InvalidOptionError(
        `connectorsFromTools: tools '${earlier}' and '${tool.name}' both map to connector '${name}'`,
      );
    }
    toolOfConnector.set(name, tool.name);
    const connector: Record<string, unknown> = {
      name,
      version: defaults.version ?? "1.0.0",
      inputSchema: toolInputSchema(tool),
      rateLimit: defaults.rateLimit,
      requiredPermissions: defaults.requiredPermissions,
      pin: defaults.pin === true ? toolPin(tool) : undefined,
      ...overrides[tool.name],
    };
    for (const field of Object.keys(connector)) {
      if (connector[field] === undefined) delete connector[field];
    }
    return parseConnectorSchema(connector, { source: `connectorsFromTools: tool '${tool.name}'` });
  });
}
