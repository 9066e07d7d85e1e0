import { createHash } from "node:crypto";
import { canonicalJson, toJsonValue } from "@aumai/connectorguard/adapter-kit";
import type { McpTool } from "./mcp-tool.js";

/**
 * The pin of an MCP tool: `sha256:` and the hex SHA-256 of the canonical JSON of its `name`,
 * `description`, `inputSchema` and `annotations` (keys sorted, no whitespace). The core's
 * `toolDefinitionHash` covers only the description and the input schema; an MCP server also
 * advertises annotations (`readOnlyHint`, `destructiveHint`…) that clients use to decide
 * whether to ask the user first, so a server that starts calling a destructive tool
 * "read-only" has changed the tool too. The name is covered so one tool's reviewed pin cannot
 * be replayed for another. The output schema is not: the connector keeps the reviewed one and
 * the output check enforces it whatever the server advertises later.
 *
 * @example
 * const { tools } = await client.listTools();
 * const pin = mcpToolDefinitionHash(tools[0]); // "sha256:5e0c…"
 */
export function mcpToolDefinitionHash(tool: McpTool): string {
  const canonical = canonicalJson(
    toJsonValue({
      name: tool.name,
      description: tool.description,
      inputSchema: tool.inputSchema,
      annotations: tool.annotations,
    }),
  );
  return `sha256:${createHash("sha256").update(canonical).digest("hex")}`;
}
