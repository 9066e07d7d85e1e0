import {
  type ConnectorSchema,
  InvalidOptionError,
  type NormalizedConnectorSchema,
} from "@aumai/connectorguard";
import { deriveConnectors } from "@aumai/connectorguard/adapter-kit";
import { describeValue } from "./describe-value.js";
import type { McpTool, McpToolList } from "./mcp-tool.js";
import { mcpToolDefinitionHash } from "./mcp-tool-definition-hash.js";

/** Per-tool settings of {@link connectorsFromMcpTools}: any connector field but the name. */
export type McpConnectorOverride = Partial<Omit<ConnectorSchema, "name">>;

/** Options of {@link connectorsFromMcpTools}. */
export interface McpConnectorOptions {
  /** Every connector's version (default `"1.0.0"`). */
  readonly version?: string;
  /** Calls per agent per window for every connector (default: the core's, 60). */
  readonly rateLimit?: number;
  /** Permissions every connector requires (default: none). */
  readonly requiredPermissions?: readonly string[];
  /**
   * Pin every tool to the definition it has now (`mcpToolDefinitionHash`: name, description,
   * input schema, annotations). A tool the server changes later is denied at the `pin` check
   * until its connector is registered again with the new pin. Default false.
   */
  readonly pin?: boolean;
  /** Maps a tool name to its connector name; give `guardMcpClient` the same function. */
  readonly connectorName?: (toolName: string) => string;
  /** Settings for single tools, keyed by tool name; they replace the defaults above. */
  readonly overrides?: Readonly<Record<string, McpConnectorOverride>>;
}

/**
 * One connector per tool of a `tools/list` result (what `client.listTools()` returns, or its
 * `tools` array), with the server's own `inputSchema` and `outputSchema`, verbatim: the guard
 * enforces exactly what the server advertised, `oneOf`, `not`, `if` and all, not a copy a
 * framework simplified. With `pin: true` each connector is pinned to the tool's definition.
 * Throws `InvalidOptionError` for an override naming no tool, two tools on one connector, or
 * a tool without a name; a schema the guard cannot compile fails when the guard is created.
 *
 * @example
 * const guard = createGuard({
 *   connectors: connectorsFromMcpTools(await client.listTools(), {
 *     pin: true,
 *     overrides: { write_file: { requiredPermissions: ["files:write"], rateLimit: 5 } },
 *   }),
 *   agents: { "research-bot": { permissions: [] } },
 * });
 */
export function connectorsFromMcpTools(
  tools: McpToolList | readonly McpTool[],
  options: McpConnectorOptions = {},
): NormalizedConnectorSchema[] {
  const list = Array.isArray(tools) ? tools : (tools as McpToolList | undefined)?.tools;
  if (!Array.isArray(list)) {
    throw new InvalidOptionError(
      `connectorsFromMcpTools: give a tools/list result or its tools array (got ${describeValue(tools)})`,
    );
  }
  if (options.pin !== undefined && typeof options.pin !== "boolean") {
    throw new InvalidOptionError(
      `connectorsFromMcpTools: pin must be true or false (got ${describeValue(options.pin)})`,
    );
  }
  list.forEach((tool: McpTool, index: number) => {
    if (typeof tool?.name !== "string" || tool.name.trim() === "") {
      throw new InvalidOptionError(`connectorsFromMcpTools: tools[${index}] has no name`);
    }
  });
  return deriveConnectors(
    list.map((tool: McpTool) => ({
      toolName: tool.name,
      inputSchema: () => tool.inputSchema,
      outputSchema: () => tool.outputSchema,
      pin: () => mcpToolDefinitionHash(tool),
    })),
    options,
    "connectorsFromMcpTools",
  );
}
