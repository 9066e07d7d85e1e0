import { InvalidOptionError } from "../errors/invalid-option-error.js";
import {
  type ConnectorSchema,
  type NormalizedConnectorSchema,
  parseConnectorSchema,
} from "../schema/connector-schema.js";

/** Per-tool settings of a `connectorsFrom…` function: any connector field but the name. */
export type ConnectorOverride = Partial<Omit<ConnectorSchema, "name">>;

/** The defaults every adapter's `connectorsFrom…` function takes. */
export interface ConnectorDefaults {
  /** Every connector's version (default `"1.0.0"`). */
  readonly version?: string;
  /** Calls per agent per window for every connector (default: the core's, 60). */
  readonly rateLimit?: number;
  /** Permissions every connector requires (default: none). */
  readonly requiredPermissions?: readonly string[];
  /** Pin every tool to its current definition. Default false. */
  readonly pin?: boolean;
  /** Maps a tool name to its connector name; use the same function as the guarding call. */
  readonly connectorName?: (toolName: string) => string;
  /** Settings for single tools, keyed by tool name; they replace the defaults above. */
  readonly overrides?: Readonly<Record<string, ConnectorOverride>>;
}

/** What an adapter reads off one of its framework's tools. */
export interface DerivableTool {
  readonly toolName: string;
  /** The tool's input schema as JSON Schema (read only when the connector is built). */
  inputSchema(): unknown;
  /** The tool's output schema, when the framework has one. */
  outputSchema?(): unknown;
  /** The tool's pin (read only with `pin: true`). */
  pin(): string;
}

/**
 * One connector per tool, the same way in every adapter: overrides checked against the tool
 * names, the connector name mapped, two tools on one connector refused, the defaults and the
 * tool's own schemas and pin filled in, then `parseConnectorSchema`. `owner` prefixes every
 * error (`"connectorsFromTools"`).
 *
 * @example
 * deriveConnectors(tools.map((tool) => ({ toolName: tool.name, inputSchema: () => schemaOf(tool), pin: () => toolPin(tool) })), defaults, "connectorsFromTools");
 */
export function deriveConnectors(
  tools: readonly DerivableTool[],
  defaults: ConnectorDefaults,
  owner: string,
): NormalizedConnectorSchema[] {
  const toolNames = tools.map((tool) => tool.toolName);
  const overrides = defaults.overrides ?? {};
  for (const [toolName, override] of Object.entries(overrides)) {
    if (!toolNames.includes(toolName)) {
      throw new InvalidOptionError(
        `${owner}: overrides.${toolName} names no tool (tools: ${toolNames.join(", ")})`,
      );
    }
    if (typeof override !== "object" || override === null || "name" in override) {
      throw new InvalidOptionError(
        `${owner}: overrides.${toolName} must be an object of connector fields other than 'name' (rename with connectorName)`,
      );
    }
  }
  const toolOfConnector = new Map<string, string>();
  return tools.map((tool) => {
    const { toolName } = tool;
    const name = defaults.connectorName === undefined ? toolName : defaults.connectorName(toolName);
    const earlier = toolOfConnector.get(name);
    if (earlier !== undefined) {
      throw new InvalidOptionError(
        `${owner}: tools '${earlier}' and '${toolName}' both map to connector '${name}'`,
      );
    }
    toolOfConnector.set(name, toolName);
    const connector: Record<string, unknown> = {
      name,
      version: defaults.version ?? "1.0.0",
      inputSchema: tool.inputSchema(),
      outputSchema: tool.outputSchema?.(),
      rateLimit: defaults.rateLimit,
      requiredPermissions: defaults.requiredPermissions,
      pin: defaults.pin === true ? tool.pin() : undefined,
      ...overrides[toolName],
    };
    for (const field of Object.keys(connector)) {
      if (connector[field] === undefined) delete connector[field];
    }
    return parseConnectorSchema(connector, { source: `${owner}: tool '${toolName}'` });
  });
}
