export {
  connectorsFromMcpTools,
  type McpConnectorOptions,
  type McpConnectorOverride,
} from "./connectors-from-mcp-tools.js";
export { guardMcpClient, UNIDENTIFIED_CLIENT_REASON } from "./guard-mcp-client.js";
export type {
  GuardMcpClientConfig,
  McpAgentIdResolver,
  McpCallContext,
  McpCapabilityTokenResolver,
  McpDeniedCallBehaviour,
} from "./guard-mcp-client-config.js";
export { type McpIdentity, mayCall } from "./may-call.js";
export { McpProxySession, type McpProxySessionOptions } from "./mcp-proxy-session.js";
export type { McpCallToolResult, McpContentBlock, McpTool, McpToolList } from "./mcp-tool.js";
export { mcpToolDefinitionHash } from "./mcp-tool-definition-hash.js";
export {
  DENIAL_META_KEY,
  denialToolResult,
  type McpToolDenial,
  toolCallDenialOf,
} from "./mcp-tool-denial.js";
export { readServerConnectors } from "./read-server-connectors.js";
export {
  type McpProxyOptions,
  type RunningMcpProxy,
  runMcpProxy,
  UNIDENTIFIED_PROXY_REASON,
} from "./run-mcp-proxy.js";
export { type McpProxyCliIo, runMcpProxyCommand } from "./run-mcp-proxy-cli.js";
