import { toolDefinitionHash } from "@aumai/connectorguard";
import { toolInputSchema } from "./tool-input-schema.js";

/** The parts of a LangChain tool its pin covers. */
export interface PinnableTool {
  readonly name: string;
  readonly description?: string;
  readonly schema?: unknown;
}

/**
 * The pin of a LangChain tool: the core's `toolDefinitionHash` over the tool's description and
 * the JSON Schema of its input (`toolInputSchema`), `sha256:<hex>`. Put it in the tool's
 * connector as `pin` (or use `connectorsFromTools(tools, { pin: true })`); the guarded tools
 * send the live definition's hash with every call, so a tool whose description or schema
 * changed after it was pinned is denied at the `pin` check. Throws `ConnectorSchemaError`
 * naming the tool when its schema has no JSON Schema form.
 *
 * @example
 * const guard = createGuard({
 *   connectors: [{ name: "lookup_order", version: "1", pin: toolPin(lookupOrder) }],
 * });
 */
export function toolPin(tool: PinnableTool): string {
  return toolDefinitionHash({ description: tool.description, inputSchema: toolInputSchema(tool) });
}
