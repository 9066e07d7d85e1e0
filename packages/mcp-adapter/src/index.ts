export {
  connectorsFromMcpTools,
  type McpConnectorOptions,
  type McpConnectorOverride,
} from "./connectors-from-mcp-tools.js";
export type { McpCallToolResult, McpContentBlock, McpTool, McpToolList } from "./mcp-tool.js";
export { mcpToolDefinitionHash } from "./mcp-tool-definition-hash.js";
