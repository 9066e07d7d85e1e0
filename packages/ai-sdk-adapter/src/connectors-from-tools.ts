import {
  ConnectorSchemaError,
  InvalidOptionError,
  type JsonSchema,
  type NormalizedConnectorSchema,
} from "@aumai/connectorguard";
import {
  type ConnectorDefaults,
  deriveConnectors,
  isPromiseLike,
} from "@aumai/connectorguard/adapter-kit";
import { asSchema } from "ai";
import type { AnyToolSet } from "./guard-tools.js";
import type { PinnableTool } from "./tool-definition-hash-of.js";
import { toolPin } from "./tool-pin.js";

export type { ConnectorDefaults, ConnectorOverride } from "@aumai/connectorguard/adapter-kit";

/**
 * Derives a connector for each tool of an AI SDK tool set: its name (the key), an
 * `inputSchema` — the JSON Schema the SDK itself sends the model (`asSchema(...).jsonSchema`,
 * so a zod 4 or zod 3 schema as the SDK converts it, draft-07 with its `$schema`; a
 * `jsonSchema(...)` as written, in the guard's `schemaDialect` when it names none) — and,
 * with `pin: true`, its `pin`. Throws `InvalidOptionError` for an override naming no tool, two
 * tools on one connector, or a schema whose JSON Schema is only a promise; and
 * `ConnectorSchemaError` naming the tool for a schema with no JSON Schema form.
 *
 * @example
 * const guard = createGuard({
 *   connectors: connectorsFromTools(tools, {
 *     rateLimit: 30,
 *     overrides: { refundPayment: { requiredPermissions: ["payments:write"], rateLimit: 5 } },
 *   }),
 * });
 */
export function connectorsFromTools(
  tools: AnyToolSet,
  defaults: ConnectorDefaults = {},
): NormalizedConnectorSchema[] {
  if (typeof tools !== "object" || tools === null || Array.isArray(tools)) {
    throw new InvalidOptionError(
      "connectorsFromTools: tools must be an AI SDK tool set (an object of tools by name)",
    );
  }
  if (defaults.pin !== undefined && typeof defaults.pin !== "boolean") {
    throw new InvalidOptionError("connectorsFromTools: pin must be true or false");
  }
  return deriveConnectors(
    Object.keys(tools).map((toolName) => {
      const tool = tools[toolName] as PinnableTool;
      return {
        toolName,
        inputSchema: () => sdkInputSchema(toolName, tool),
        pin: () => toolPin(tool),
      };
    }),
    defaults,
    "connectorsFromTools",
  );
}

function sdkInputSchema(toolName: string, tool: PinnableTool): JsonSchema | undefined {
  if (tool?.inputSchema === undefined || tool.inputSchema === null) return undefined;
  let converted: unknown;
  try {
    converted = asSchema(tool.inputSchema as Parameters<typeof asSchema>[0]).jsonSchema;
  } catch (error) {
    throw new ConnectorSchemaError(
      `tool '${toolName}': its schema cannot be expressed as JSON Schema for the guard: ${error instanceof Error ? error.message : String(error)}`,
      "inputSchema",
      { cause: error },
    );
  }
  if (isPromiseLike(converted)) {
    Promise.resolve(converted).catch(() => undefined);
    throw new InvalidOptionError(
      `connectorsFromTools: tool '${toolName}' has a JSON Schema that is a promise; await it and list the connector yourself`,
    );
  }
  return converted as JsonSchema;
}
