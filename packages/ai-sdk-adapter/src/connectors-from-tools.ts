import {
  type ConnectorSchema,
  ConnectorSchemaError,
  InvalidOptionError,
  type JsonSchema,
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "@aumai/connectorguard";
import { isPromiseLike } from "@aumai/connectorguard/adapter-kit";
import { asSchema } from "ai";
import type { AnyToolSet } from "./guard-tools.js";
import type { PinnableTool } from "./tool-definition-hash-of.js";
import { toolPin } from "./tool-pin.js";

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
  /** Pin every tool to its current definition (`toolPin`). Default false. */
  readonly pin?: boolean;
  /** Maps a tool name to its connector name; use the same function as `guardTools`. */
  readonly connectorName?: (toolName: string) => string;
  /** Settings for single tools, keyed by tool name; they replace the defaults above. */
  readonly overrides?: Readonly<Record<string, ConnectorOverride>>;
}

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
  const toolNames = Object.keys(tools);
  const overrides = defaults.overrides ?? {};
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
  return toolNames.map((toolName) => {
    const tool = tools[toolName] as PinnableTool;
    const name = defaults.connectorName === undefined ? toolName : defaults.connectorName(toolName);
    const earlier = toolOfConnector.get(name);
    if (earlier !== undefined) {
      throw new InvalidOptionError(
        `connectorsFromTools: tools '${earlier}' and '${toolName}' both map to connector '${name}'`,
      );
    }
    toolOfConnector.set(name, toolName);
    const connector: Record<string, unknown> = {
      name,
      version: defaults.version ?? "1.0.0",
      inputSchema: sdkInputSchema(toolName, tool),
      rateLimit: defaults.rateLimit,
      requiredPermissions: defaults.requiredPermissions,
      pin: defaults.pin === true ? toolPin(tool) : undefined,
      ...overrides[toolName],
    };
    for (const field of Object.keys(connector)) {
      if (connector[field] === undefined) delete connector[field];
    }
    return parseConnectorSchema(connector, { source: `connectorsFromTools: tool '${toolName}'` });
  });
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
