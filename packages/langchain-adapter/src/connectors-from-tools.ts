import { InvalidOptionError, type NormalizedConnectorSchema } from "@aumai/connectorguard";
import {
  type ConnectorDefaults,
  deriveConnectors,
  describeValue,
} from "@aumai/connectorguard/adapter-kit";
import { toolInputSchema } from "./tool-input-schema.js";
import { type PinnableTool, toolPin } from "./tool-pin.js";

export type { ConnectorDefaults, ConnectorOverride } from "@aumai/connectorguard/adapter-kit";

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
  tools.forEach((tool, index) => {
    if (typeof tool?.name !== "string" || tool.name.trim() === "") {
      throw new InvalidOptionError(`connectorsFromTools: tools[${index}] has no name`);
    }
  });
  return deriveConnectors(
    tools.map((tool) => ({
      toolName: tool.name,
      inputSchema: () => toolInputSchema(tool),
      pin: () => toolPin(tool),
    })),
    defaults,
    "connectorsFromTools",
  );
}
